import DyadCore

/// Groups tokens into sentences and paragraphs.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes and brackets after it) when the
/// next token can open a sentence, and always at a paragraph break. Abbreviations of kind
/// `title` and `date` never end a sentence; those of kind `final` ("U.S.") end one only before a
/// word that typically opens a sentence. Line breaks: a blank line is a paragraph break; a single
/// line break is one too, unless it falls inside a running sentence (lower case on both sides).
public struct SentenceSplitter: Sendable {
    public let abbreviations: AbbreviationTable

    /// Words that, capitalised after an ambiguous abbreviation, open a new sentence.
    static let openers: Set<String> = [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on", "at",
        "this", "that", "these", "those", "there", "his", "her", "its", "their", "our", "after", "before",
        "meanwhile", "however", "while", "when", "as", "if", "earlier", "later", "last", "according",
    ]

    public init(abbreviations: AbbreviationTable) {
        self.abbreviations = abbreviations
    }

    /// Splits the tokens of `text` into sentences.
    public func split(_ tokens: [Token], in text: String) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        let scalars = Array(text.unicodeScalars)
        var sentences: [Sentence] = []
        var paragraph = 0
        var first = 0
        func close(_ last: Int) {
            guard last >= first else { return }
            sentences.append(Sentence(tokens: first..<(last + 1), start: tokens[first].start, end: tokens[last].end, paragraph: paragraph))
            first = last + 1
        }
        var i = 0
        while i < tokens.count {
            if i - first + 1 >= Self.maxTokens {
                // A run with no sentence end (a list, a page without punctuation, hostile input) is cut
                // at its last clause break in the second half, else here: the coder's search within a
                // sentence grows with the square of its length (20,000 tokens took 8.6 s, 40,000 33 s).
                var cut = i
                for k in stride(from: i, to: first + Self.maxTokens / 2, by: -1) where Self.clauseBreaks.contains(tokens[k].text) {
                    cut = k
                    break
                }
                close(cut)
                i = cut + 1
                continue
            }
            let t = tokens[i]
            let next = i + 1 < tokens.count ? tokens[i + 1] : nil
            // Line breaks between this token and the next.
            if let next {
                var newlines = 0
                for k in t.end..<next.start where scalars[k] == "\n" { newlines += 1 }
                if newlines >= 2 || (newlines == 1 && !isWrappedLine(t, next)) {
                    close(i)
                    paragraph += 1
                    i += 1
                    continue
                }
            }
            if isTerminal(t) || endsWithAmbiguousAbbreviation(t, next) {
                // Attach closing quotes and brackets.
                var last = i
                while last + 1 < tokens.count, isCloser(tokens[last + 1]), tokens[last + 1].start == tokens[last].end {
                    last += 1
                }
                if last + 1 >= tokens.count || canOpen(tokens[last + 1]) {
                    close(last)
                    i = last + 1
                    continue
                }
            }
            i += 1
        }
        close(tokens.count - 1)
        return sentences
    }

    /// The most tokens a sentence may hold; news sentences stay far below (the longest of the BBC
    /// set is under 350 words).
    public static let maxTokens = 400
    static let clauseBreaks: Set<String> = [";", ":", ",", "\u{2014}", "\u{2013}"]

    private func isTerminal(_ t: Token) -> Bool {
        // "!!!" and "?!" are one token each (see `Tokenizer`).
        t.kind == .punctuation && (t.text == "." || t.text == "..." || t.text == "\u{2026}"
            || t.text.unicodeScalars.allSatisfy { $0 == "!" || $0 == "?" })
    }

    private func endsWithAmbiguousAbbreviation(_ t: Token, _ next: Token?) -> Bool {
        guard t.text.hasSuffix("."), t.kind == .word, let next else { return false }
        let kind = abbreviations.lookup(t.text)?.kind
        if kind == .title || kind == .date { return false }
        if kind == nil && t.text.unicodeScalars.count == 2 { return false }  // an initial: "J."
        return next.isCapitalized && Self.openers.contains(next.norm)
    }

    private func isCloser(_ t: Token) -> Bool {
        ["\"", "\u{201D}", "\u{2019}", "'", ")", "]", "\u{00BB}"].contains(t.text)
    }

    private func canOpen(_ t: Token) -> Bool {
        if t.isCapitalized || t.kind == .number { return true }
        return ["\"", "\u{201C}", "\u{2018}", "'", "(", "[", "\u{00AB}", "-", "\u{2014}"].contains(t.text)
    }

    private func isWrappedLine(_ a: Token, _ b: Token) -> Bool {
        // Hard-wrapped prose: the line ends mid-sentence and the next starts in lower case.
        let aLast = a.text.unicodeScalars.last!
        let bFirst = b.text.unicodeScalars.first!
        return (aLast.properties.isLowercase || a.text == ",") && bFirst.properties.isLowercase
    }
}
