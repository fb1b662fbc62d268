import DyadCore

/// The pipeline component that tokenizes the article text and the headline and splits sentences.
public struct TextAnalyzer: PipelineComponent {
    public let name = "text"
    public let requires: Set<Annotation> = [.article]
    public let provides: Set<Annotation> = [.tokens, .sentences]
    public let tokenizer: Tokenizer
    public let splitter: SentenceSplitter

    public init(abbreviations: AbbreviationTable) {
        tokenizer = Tokenizer(abbreviations: abbreviations)
        splitter = SentenceSplitter(abbreviations: abbreviations)
    }

    /// A text analyzer over the built-in abbreviation list.
    public static func builtIn() throws -> TextAnalyzer { TextAnalyzer(abbreviations: try .builtIn()) }

    public func process(_ document: inout Document) throws {
        document.tokens = tokenizer.tokenize(document.text)
        document.sentences = splitter.split(document.tokens, in: document.text)
        if let title = document.title { document.titleTokens = tokenizer.tokenize(title) }
    }
}
