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
        for (p, r) in phrases where i + p.count <= tokens.endIndex {
            if zip(p, tokens[i..<(i + p.count)]).allSatisfy({ $0 == $1.norm }) { return (r, p.count) }
        }
        if let r = words[tokens[i].norm] { return (r, 1) }
        return nil
    }
}
