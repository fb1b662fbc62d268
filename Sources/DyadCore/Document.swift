/// The kind of text a token holds; enough for the splitter and the matchers.
public enum TokenKind: UInt8, Sendable, Hashable {
    case word, number, punctuation, symbol
}

/// One token: a view into the document text by character offsets.
///
/// Offsets count Unicode scalars (the "characters" of Python and most JSON consumers), so
/// `char_start`/`char_end` in Dyad's output index the extracted text directly.
public struct Token: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var text: String
    public var kind: TokenKind
    /// Lower-cased, diacritic-folded form used by dictionaries.
    public var norm: String
    /// Filled in by the syntax stage when it runs; nil before.
    public var upos: String?
    public var lemma: String?
    /// Penn Treebank tag, filled in by the syntax stage.
    public var xpos: String?
    /// Index in the document's `tokens` of this token's syntactic head; nil for the root of a
    /// sentence and before the syntax stage runs.
    public var head: Int?
    /// Universal Dependencies relation to the head (`nsubj`, `obj`, `nsubj:pass`, `root`, …).
    public var deprel: String?

    public init(start: Int, end: Int, text: String, kind: TokenKind, norm: String) {
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.norm = norm
    }

    /// True when the first character is an upper-case letter.
    public var isCapitalized: Bool { text.unicodeScalars.first.map { $0.properties.isUppercase } ?? false }
}

/// A sentence: a run of tokens and the character span they cover.
public struct Sentence: Sendable, Hashable {
    public var tokens: Range<Int>
    public var start: Int
    public var end: Int
    /// Index of the paragraph (block of text between blank lines) the sentence belongs to.
    public var paragraph: Int

    public init(tokens: Range<Int>, start: Int, end: Int, paragraph: Int) {
        self.tokens = tokens
        self.start = start
        self.end = end
        self.paragraph = paragraph
    }
}

/// A message about one document: what went wrong or was skipped, for the user to act on.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }
    public var severity: Severity
    public var stage: String
    public var message: String

    public init(_ severity: Severity, stage: String, _ message: String) {
        self.severity = severity
        self.stage = stage
        self.message = message
    }

    public var description: String { "\(severity.rawValue) [\(stage)]: \(message)" }
}

/// How the raw input is to be read.
public enum InputFormat: String, Sendable, CaseIterable {
    case text, html
}

/// One news report travelling through the pipeline: its metadata, text and every annotation.
///
/// Stages add to it in order (see `Pipeline`); it is a value, so a stage's changes are visible
/// only to the stages after it.
public struct Document: Sendable {
    public var id: String
    public var url: String?
    public var title: String?
    public var site: String?
    public var author: String?
    public var publicationDate: CivilDate?
    public var language: String?
    /// The input as received (a page dump, an article, or HTML).
    public var raw: String
    public var rawFormat: InputFormat
    /// The article body after extraction: paragraphs separated by blank lines.
    public var text: String
    public var tokens: [Token] = []
    public var sentences: [Sentence] = []
    /// Tokens and sentences of the headline, kept apart from the body (offsets into `title`).
    public var titleTokens: [Token] = []
    public var mentions: [ActorMention] = []
    public var titleMentions: [ActorMention] = []
    public var events: [Event] = []
    public var diagnostics: [Diagnostic] = []

    /// Creates a document from raw input; `text` starts equal to `raw` until extraction runs.
    public init(id: String, raw: String, format: InputFormat = .text, url: String? = nil,
                title: String? = nil, site: String? = nil, publicationDate: CivilDate? = nil) {
        self.id = id
        self.raw = raw
        self.rawFormat = format
        self.text = raw
        self.url = url
        self.title = title
        self.site = site
        self.publicationDate = publicationDate
    }

    /// The text of a sentence.
    /// - Complexity: O(`sentence.end`), since scalar offsets are counted from the start; to take
    ///   every sentence of a long document, cut them from one `Array(text.unicodeScalars)` with
    ///   `string(from:to:)`.
    public func text(of sentence: Sentence) -> String { text.scalarSlice(sentence.start, sentence.end) }
}

extension Array where Element == Unicode.Scalar {
    /// The string of the scalars between two offsets, both kept within the array (empty when `end`
    /// is not after `start`). Cutting every sentence from one array is linear in the text, where
    /// `String.scalarSlice` counts from the start each time.
    public func string(from start: Int, to end: Int) -> String {
        let lo = Swift.min(Swift.max(start, 0), count)
        let hi = Swift.min(Swift.max(end, lo), count)
        var v = String.UnicodeScalarView()
        v.append(contentsOf: self[lo..<hi])
        return String(v)
    }
}

extension String {
    /// The substring between two Unicode-scalar offsets.
    public func scalarSlice(_ start: Int, _ end: Int) -> String {
        let scalars = unicodeScalars
        guard let a = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
              let b = scalars.index(a, offsetBy: max(0, end - start), limitedBy: scalars.endIndex) else { return "" }
        return String(scalars[a..<b])
    }
}
