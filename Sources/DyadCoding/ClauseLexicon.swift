import DyadCore

/// The function words the coder reads clauses by (see `Resources/clause-words.txt`).
public struct ClauseLexicon: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case intent, hypothetical, negation, deontic, denial, reporting, topic, oblique, relative, boundary
    }

    /// Single words by folded form.
    public let words: [String: Role]
    /// Multi-word entries ("pointed out", "according to") as folded token sequences.
    public let phrases: [([String], Role)]

    public init(contents: String, name: String = "clause-words.txt") throws {
        var words: [String: Role] = [:]
        var phrases: [([String], Role)] = []
        for row in try DataFileReader(name: name, contents: contents, minColumns: 2, maxColumns: 2).rows {
            guard let role = Role(rawValue: row[1]) else {
                throw DataFileError(file: name, line: row.line, message: "unknown role '\(row[1])'; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let parts = row[0].split(separator: " ").map { TextFolding.fold(String($0)) }
            if parts.count == 1 { words[parts[0]] = role } else { phrases.append((parts, role)) }
        }
        self.words = words
        self.phrases = phrases
    }

    public static func builtIn() throws -> ClauseLexicon { try ClauseLexicon(contents: try CodingResources.load("clause-words.txt")) }

    /// The role of the word or phrase starting at token `i`, and how many tokens it spans.
    public func role(at i: Int, in tokens: ArraySlice<Token>) -> (Role, Int)? {
        guard tokens.indices.contains(i) else { return nil }
        for (p, r) in phrases where tokens.hasPhrase(p, at: i) { return (r, p.count) }
        if let r = words[tokens[i].norm] { return (r, 1) }
        return nil
    }
}

extension ArraySlice where Element == Token {
    /// Whether the folded words of `phrase` stand at token `i` (each word's form, or with `lemmas`
    /// its lemma too). The one phrase test of the coder's dictionaries: clause words, classes,
    /// discards and conditions on dependents.
    func hasPhrase(_ phrase: [String], at i: Int, lemmas: Bool = false) -> Bool {
        guard i >= startIndex, i + phrase.count <= endIndex else { return false }
        for (k, w) in phrase.enumerated() where self[i + k].norm != w && !(lemmas && self[i + k].lemma?.lowercased() == w) { return false }
        return true
    }

    /// Whether one of `phrases` stands anywhere in the tokens (by `hasPhrase`).
    func containsPhrase(_ phrases: [[String]], lemmas: Bool = false) -> Bool {
        for i in indices {
            for p in phrases where hasPhrase(p, at: i, lemmas: lemmas) { return true }
        }
        return false
    }
}
