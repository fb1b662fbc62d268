import DyadCore

/// The coder's word lists around actors, objects and places (`Resources/coder-words.txt`): which
/// nouns name members of a body, which words are quantities, causes, places and allegiances.
public struct CoderWords: Sendable {
    public enum List: String, Sendable, CaseIterable {
        case member, quantity, allegiance, cause, stative, locative
        case placePreposition = "place-preposition", compass
        case placeNoun = "place-noun"
    }

    /// The folded words of each list.
    public let lists: [List: Set<String>]
    /// Participles of allegiance and their prepositions ("loyal" → "to").
    public let allegiance: [String: String]

    /// Reads `word | list [| preposition]` lines; an `allegiance` line needs its preposition.
    /// - Throws: `DataFileError` naming the line of an unknown list or a missing preposition.
    public init(contents: String, name: String = "coder-words.txt") throws {
        var lists: [List: Set<String>] = [:]
        var allegiance: [String: String] = [:]
        for row in try DataFileReader(name: name, contents: contents, minColumns: 2, maxColumns: 3).rows {
            guard let list = List(rawValue: row[1]) else {
                throw DataFileError(file: name, line: row.line, message: "unknown list '\(row[1])'; use one of \(List.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let word = TextFolding.fold(row[0])
            guard !word.contains(" ") else { throw DataFileError(file: name, line: row.line, message: "one word a line") }
            if list == .allegiance {
                let prep = TextFolding.fold(row[2])
                guard !prep.isEmpty else { throw DataFileError(file: name, line: row.line, message: "an allegiance word needs its preposition: 'loyal | allegiance | to'") }
                allegiance[word] = prep
            } else if !row[2].isEmpty {
                throw DataFileError(file: name, line: row.line, message: "only an allegiance word takes a third column")
            }
            lists[list, default: []].insert(word)
        }
        self.lists = lists
        self.allegiance = allegiance
    }

    public subscript(_ list: List) -> Set<String> { lists[list] ?? [] }

    /// The built-in lists, read once. The file ships inside the module, so it not loading is a
    /// broken build, stopped at once (the engine reads it when it starts, see `EventCoder.init`).
    public static let builtIn: CoderWords = {
        do { return try CoderWords(contents: try CodingResources.load("coder-words.txt")) } catch { fatalError("\(error)") }
    }()
}
