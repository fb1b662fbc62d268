import DyadCore

/// The pipeline component that tokenizes the article text and the headline and splits sentences.
public struct TextAnalyzer: PipelineComponent {
    public let name = "text"
    public let requires: Set<Annotation> = [.article]
    public let provides: Set<Annotation> = [.tokens, .sentences]
    public let tokenizer: Tokenizer
    public let splitter: SentenceSplitter
    /// A document whose article text is longer than this (UTF-8 bytes) is refused with
    /// `PipelineError.textTooLong` before anything is built for it; nil: no limit.
    public var maxTextBytes: Int?

    public init(abbreviations: AbbreviationTable) {
        tokenizer = Tokenizer(abbreviations: abbreviations)
        splitter = SentenceSplitter(abbreviations: abbreviations)
    }

    /// A text analyzer over the built-in abbreviation list.
    public static func builtIn() throws -> TextAnalyzer { TextAnalyzer(abbreviations: try .builtIn()) }

    public func process(_ document: inout Document) throws {
        if let limit = maxTextBytes, document.text.utf8.count > limit {
            throw PipelineError.textTooLong(id: document.id, bytes: document.text.utf8.count, limit: limit)
        }
        document.tokens = tokenizer.tokenize(document.text)
        document.sentences = splitter.split(document.tokens, in: document.text)
        if let title = document.title { document.titleTokens = tokenizer.tokenize(title) }
    }
}
