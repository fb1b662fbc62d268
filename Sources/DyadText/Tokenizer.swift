import Foundation
import DyadCore

/// What the tokenizer and splitter know about one abbreviation.
public struct Abbreviation: Sendable, Hashable {
    /// `title` never ends a sentence; `date` rarely; `final` may when a sentence opener follows.
    public enum Kind: String, Sendable { case title, date, final }
    public var text: String
    public var kind: Kind
}

/// The abbreviation list the tokenizer and sentence splitter share, loaded from a data file.
public struct AbbreviationTable: Sendable {
    public let entries: [String: Abbreviation]

    /// Parses the abbreviation data file format (see `Resources/abbreviations.txt`).
    public init(contents: String, name: String = "abbreviations.txt") throws {
        let reader = try DataFileReader(name: name, contents: contents, minColumns: 1, maxColumns: 2)
        var entries: [String: Abbreviation] = [:]
        for row in reader.rows {
            let text = row[0]
            guard text.hasSuffix(".") else {
                throw DataFileError(file: name, line: row.line, message: "an abbreviation must end with a period: '\(text)'")
            }
            let kindText = row[1].isEmpty ? "title" : row[1]
            guard let kind = Abbreviation.Kind(rawValue: kindText) else {
                throw DataFileError(file: name, line: row.line, message: "unknown kind '\(kindText)' (use title, date or final)")
            }
            entries[TextFolding.fold(text)] = Abbreviation(text: text, kind: kind)
        }
        self.entries = entries
    }

    /// The built-in table shipped with Dyad.
    public static func builtIn() throws -> AbbreviationTable {
        try AbbreviationTable(contents: try TextResources.load("abbreviations.txt"))
    }

    public func lookup(_ token: String) -> Abbreviation? { entries[TextFolding.fold(token)] }
}

/// Loads DyadText's bundled data files.
public enum TextResources {
    public static func load(_ name: String) throws -> String {
        try BundledData.load(name, from: .module)
    }
}

/// Splits news English into tokens whose offsets map back to the text.
///
/// Keeps together what news writes as one unit: abbreviations and initials (`U.S.`, `Gen.`, `J.`),
/// numbers with separators (`1,200.5`, `29/12/2023`, `9M729`), hyphenated and non-ASCII names
/// (`Jean-Claude`, `Erdoğan`), web and e-mail addresses (`https://…`, `www.un.org`,
/// `press@un.org`), and runs of marks (`...`, `!!!`, `?!`, `***`); splits off possessive and
/// contracted endings (`China` `’s`, `do` `n't`) and every other punctuation mark.
///
/// - Complexity: O(n) in the length of the text.
public struct Tokenizer: Sendable {
    public let abbreviations: AbbreviationTable

    public init(abbreviations: AbbreviationTable) {
        self.abbreviations = abbreviations
    }

    /// The token texts of a dictionary phrase, exactly as `tokenize` splits it; phrases of plain
    /// letters, spaces and inner hyphens (most of them) take one of two fast paths that skip offsets.
    public func phraseWords(_ phrase: String) -> [String] {
        // Two fast paths before the tokenizer: bytewise for ASCII letters, single spaces and hyphens
        // between letters (most knowledge-base names, read at every start-up), then by Character for
        // other single-scalar letters.
        let bytes = Array(phrase.utf8)
        func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        var ascii = !bytes.isEmpty
        for (i, b) in bytes.enumerated() {
            if isASCIILetter(b) { continue }
            if b == 0x20, i > 0, i + 1 < bytes.count, bytes[i - 1] != 0x20 { continue }
            if b == 0x2D, i > 0, i + 1 < bytes.count, isASCIILetter(bytes[i - 1]), isASCIILetter(bytes[i + 1]) { continue }
            ascii = false
            break
        }
        if ascii {
            var words: [String] = []
            var start = 0
            for k in 0...bytes.count where k == bytes.count || bytes[k] == 0x20 {
                words.append(String(decoding: bytes[start..<k], as: UTF8.self))
                start = k + 1
            }
            return words
        }
        let chars = Array(phrase)
        var plain = true
        for (i, c) in chars.enumerated() {
            if c.isLetter && c.unicodeScalars.count == 1 { continue }
            if c == " " { continue }
            if c == "-", i > 0, i + 1 < chars.count, chars[i - 1].isLetter, chars[i + 1].isLetter { continue }
            plain = false
            break
        }
        if plain { return phrase.split(separator: " ").map(String.init) }
        return tokenize(phrase).map(\.text)
    }

    /// Tokenizes a whole text.
    public func tokenize(_ text: String) -> [Token] {
        let s = Array(text.unicodeScalars)
        // The UTF-8 offset of every scalar, so that a token's text is copied from the text's bytes
        // (building it from its scalars went through a slow generic path: half the tokenizer's time).
        let bytes = Array(text.utf8)
        var offsets = [Int](repeating: 0, count: s.count + 1)
        for k in s.indices { offsets[k + 1] = offsets[k] + UTF8.width(s[k]) }
        func substring(_ a: Int, _ b: Int) -> String { String(decoding: bytes[offsets[a]..<offsets[b]], as: UTF8.self) }
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        let n = s.count
        func make(_ a: Int, _ b: Int, _ kind: TokenKind) {
            let t = substring(a, b)
            tokens.append(Token(start: a, end: b, text: t, kind: kind, norm: TextFolding.fold(t)))
        }
        while i < n {
            let c = s[i]
            if c.isUnicodeWhiteSpace || c.value == 0xAD || c.value == 0x200B || c.value == 0xFEFF { i += 1; continue }
            if let j = webAddressEnd(s, i, n) {
                make(i, j, .symbol)
                i = j
                continue
            }
            if isWordChar(c) {
                var j = i
                var hasLetter = false
                while j < n {
                    let d = s[j]
                    if isWordChar(d) {
                        if !isDigit(d) { hasLetter = true }
                        j += 1
                    } else if (d == "-" || d == "\u{2011}") && j + 1 < n && isWordChar(s[j + 1]) && j > i {
                        j += 1  // hyphenated word
                    } else if (d == "," || d == "." || d == "/" || d == ":") && isDigit(s[j - 1]) && j + 1 < n && isDigit(s[j + 1]) && !hasLetter {
                        j += 1  // 1,200.5 / 29/12/2023 / 10:30
                    } else if (d == "'" || d == "\u{2019}") && j + 1 < n && isLetter(s[j + 1]) && !isClitic(s, j, n) {
                        j += 1  // O'Brien, d'Ivoire
                    } else {
                        break
                    }
                }
                // Abbreviations: "U.S.", "e.g.", "Gen.", initials "J.".
                if j < n && s[j] == "." && hasLetter {
                    var k = j + 1
                    // Dotted letter sequences: U.S.A., a.m.
                    while k + 1 < n && isLetter(s[k]) && s[k + 1] == "." && (k + 2 >= n || !isLetter(s[k + 2])) { k += 2 }
                    let candidate = substring(i, k)
                    let isInitial = j - i == 1 && s[i].properties.isUppercase
                    if k > j + 1 || abbreviations.lookup(candidate) != nil || isInitial {
                        make(i, k, .word)
                        i = k
                        continue
                    }
                }
                make(i, j, hasLetter ? .word : .number)
                i = j
                continue
            }
            // Clitics: 's, ’s, n't, 're, 've, 'll, 'd, 'm
            if (c == "'" || c == "\u{2019}") && isClitic(s, i, n) {
                var j = i + 1
                while j < n && isLetter(s[j]) { j += 1 }
                make(i, j, .word)
                i = j
                continue
            }
            // Runs of the same dash, dot or line-drawing mark: "--", "...", "***", "____"; and of
            // exclamation and question marks: "!!!", "?!".
            if c == "." || c == "-" || c == "_" || c == "*" || c == "=" || c == "~" {
                var j = i + 1
                while j < n && s[j] == c { j += 1 }
                make(i, j, .punctuation)
                i = j
                continue
            }
            if c == "!" || c == "?" {
                var j = i + 1
                while j < n && (s[j] == "!" || s[j] == "?") { j += 1 }
                make(i, j, .punctuation)
                i = j
                continue
            }
            make(i, i + 1, c.properties.generalCategory.isPunctuation ? .punctuation : .symbol)
            i += 1
        }
        splitNegations(&tokens)
        return tokens
    }

    /// "don't" → "do" "n't": the tokenizer kept the word whole; split off the negation.
    private func splitNegations(_ tokens: inout [Token]) {
        guard tokens.contains(where: { $0.norm.hasSuffix("n't") || $0.norm.hasSuffix("n\u{2019}t") }) else { return }
        var out: [Token] = []
        out.reserveCapacity(tokens.count + 4)
        for t in tokens {
            // The folded form ends in "n't" for every token split below (and for a few more).
            guard t.norm.hasSuffix("n't") else { out.append(t); continue }
            let sc = Array(t.text.unicodeScalars)
            if t.kind == .word, sc.count > 3, sc[sc.count - 3] == "n", sc[sc.count - 2] == "'" || sc[sc.count - 2] == "\u{2019}", sc[sc.count - 1] == "t" || sc[sc.count - 1] == "T" {
                let cut = sc.count - 3
                let head = String(String.UnicodeScalarView(sc[..<cut]))
                let tail = String(String.UnicodeScalarView(sc[cut...]))
                out.append(Token(start: t.start, end: t.start + cut, text: head, kind: .word, norm: TextFolding.fold(head)))
                out.append(Token(start: t.start + cut, end: t.end, text: tail, kind: .word, norm: "n't"))
            } else {
                out.append(t)
            }
        }
        tokens = out
    }

    /// The end of a web or e-mail address starting at `i` (one token, as the treebank has them),
    /// or nil: `http://`, `https://` or `www.` up to the next space, or `name@host.tld`; without
    /// the punctuation that closes the sentence or clause after it.
    private func webAddressEnd(_ s: [Unicode.Scalar], _ i: Int, _ n: Int) -> Int? {
        guard isWordChar(s[i]), i == 0 || !isWordChar(s[i - 1]) else { return nil }
        func lower(_ k: Int) -> Unicode.Scalar { k < n && s[k].isASCII ? Unicode.Scalar(UInt8(s[k].value) | (isLetter(s[k]) ? 0x20 : 0)) : " " }
        func startsWith(_ p: String) -> Bool {
            var k = i
            for c in p.unicodeScalars { guard lower(k) == c else { return false }; k += 1 }
            return true
        }
        func isAddressChar(_ c: Unicode.Scalar) -> Bool {
            !c.isUnicodeWhiteSpace && c != "\"" && c != "<" && c != ">" && c != "\u{201C}" && c != "\u{201D}"
        }
        var j: Int
        if startsWith("http://") || startsWith("https://") || (startsWith("www.") && i + 4 < n && isWordChar(s[i + 4])) {
            j = i
            while j < n && isAddressChar(s[j]) { j += 1 }
        } else {
            // name@host.tld: a local part of letters, digits and . _ % + -, then a dotted host.
            var k = i
            while k < n && (isWordChar(s[k]) || s[k] == "." || s[k] == "_" || s[k] == "%" || s[k] == "+" || s[k] == "-") && s[k].isASCII { k += 1 }
            guard k < n, s[k] == "@", k + 1 < n, isWordChar(s[k + 1]) else { return nil }
            j = k + 1
            var dots = 0
            while j < n && s[j].isASCII && (isWordChar(s[j]) || s[j] == "-" || (s[j] == "." && j + 1 < n && isWordChar(s[j + 1]))) {
                if s[j] == "." { dots += 1 }
                j += 1
            }
            guard dots > 0 else { return nil }
        }
        while j > i, ".,;:!?)]}'\u{2019}".unicodeScalars.contains(s[j - 1]) { j -= 1 }
        return j > i ? j : nil
    }

    private func isClitic(_ s: [Unicode.Scalar], _ i: Int, _ n: Int) -> Bool {
        // An apostrophe followed by s, re, ve, ll, d, m and then a non-letter.
        var j = i + 1
        var letters = ""
        while j < n && isLetter(s[j]) && letters.count < 3 { letters.unicodeScalars.append(s[j]); j += 1 }
        if j < n && isLetter(s[j]) { return false }
        return ["s", "re", "ve", "ll", "d", "m"].contains(letters.lowercased()) && i > 0 && isLetter(s[i - 1])
    }
}

@inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
@inline(__always) func isLetter(_ c: Unicode.Scalar) -> Bool {
    if c.isASCII { return c.isUnicodeAlphabetic }
    return c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark
}
@inline(__always) func isWordChar(_ c: Unicode.Scalar) -> Bool { isDigit(c) || isLetter(c) }

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
