import DyadCore

/// Phrases that mark text not to code, in PETRARCH/TABARI's `.discards` format: one phrase a line,
/// `#`, `;` and `<!-- … -->` comments (the last also over several lines), a leading `+` for a
/// story-level phrase (the whole document gives no events: sports, weather) and none for a
/// sentence-level one (that sentence gives none: "1994" for a sentence about
/// history). Phrases match whole words, case and diacritics folded; `_` joins words like a space.
public struct DiscardList: Sendable {
    public private(set) var sentencePhrases: [[String]] = []
    public private(set) var storyPhrases: [[String]] = []
    /// Words of a subject Dyad does not code (sport, entertainment: `off-topic.txt`): a document that
    /// names `topicThreshold` or more different ones gives no events.
    public private(set) var topicPhrases: [[String]] = []
    /// Off-topic phrases by their first word.
    var topicIndex: [String: [Int]] = [:]
    public var topicThreshold = 3

    public init() {}

    /// Adds an off-topic list (`Resources/off-topic.txt`), read like a discard file: one phrase a line,
    /// `#` comments.
    /// - Throws: `DataFileError` as `add(contents:name:split:)` does.
    public mutating func addTopic(contents: String, name: String, split: (String) -> [String]) throws {
        var read = DiscardList()
        try read.add(contents: contents, name: name, split: split)
        for words in read.sentencePhrases + read.storyPhrases {
            topicIndex[words[0], default: []].append(topicPhrases.count)
            topicPhrases.append(words)
        }
    }

    /// Whether the tokens name at least `topicThreshold` different off-topic phrases.
    func isOffTopic(_ parts: [ArraySlice<Token>]) -> Bool {
        guard !topicPhrases.isEmpty else { return false }
        var found = Set<Int>()
        for tokens in parts {
            for i in tokens.indices {
                guard let ks = topicIndex[tokens[i].norm] else { continue }
                for k in ks where tokens.hasPhrase(topicPhrases[k], at: i) {
                    found.insert(k)
                    if found.count >= topicThreshold { return true }
                }
            }
        }
        return false
    }

    /// Adds the phrases of a discard file; `split` turns a phrase into folded words the way the
    /// tokenizer splits text.
    /// - Throws: `DataFileError` for a `+` with no phrase after it, or a line with no words (`_`).
    public mutating func add(contents: String, name: String, split: (String) -> [String]) throws {
        var lineNo = 0
        var comments = MarkupComments()
        for raw in contents.textLines() {
            lineNo += 1
            var line = Substring(comments.strip(raw))
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            if let semi = line.firstIndex(of: ";") { line = line[..<semi] }
            var t = line.trimmingWhitespace()
            if t.isEmpty { continue }
            let story = t.hasPrefix("+")
            if story { t = String(t.dropFirst()).trimmingWhitespace() }
            let words = split(String(t.map { $0 == "_" ? " " : $0 })).map(TextFolding.fold).filter { !$0.isEmpty }
            guard !words.isEmpty else {
                throw DataFileError(file: name, line: lineNo, message: story ? "a '+' needs a phrase after it" : "the line has no words to discard on")
            }
            if story { storyPhrases.append(words) } else { sentencePhrases.append(words) }
        }
    }

    public var isEmpty: Bool { sentencePhrases.isEmpty && storyPhrases.isEmpty && topicPhrases.isEmpty }

    func discardsSentence(_ tokens: ArraySlice<Token>) -> Bool { !sentencePhrases.isEmpty && tokens.containsPhrase(sentencePhrases) }
    func discardsStory(_ tokens: ArraySlice<Token>) -> Bool { !storyPhrases.isEmpty && tokens.containsPhrase(storyPhrases) }
}
