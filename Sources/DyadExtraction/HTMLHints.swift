import DyadCore

/// What an element's class, id and role say about it, from `html-hints.txt`.
public struct HTMLHints: Sendable {
    public enum Kind: String, Sendable { case positive, strong, weak, hidden, date, author }

    /// The hints found on one element.
    public struct Match: Sendable, Equatable {
        public var positive = false
        public var strong = false
        public var weak = false
        public var hidden = false
        public var date = false
        public var author = false
        public var articleBody = false
        /// Set by the tag alone (`nav`, `aside`, `footer`, …), not by a class or id.
        public var tagFurniture = false
        /// A `figcaption` or table `caption`: furniture, unless the page is a gallery told in captions.
        public var caption = false

        init(strong: Bool = false, hidden: Bool = false) {
            self.strong = strong
            self.hidden = hidden
        }

        mutating func add(_ k: Kind) {
            switch k {
            case .positive: positive = true
            case .strong: strong = true
            case .weak: weak = true
            case .hidden: hidden = true
            case .date: date = true
            case .author: author = true
            }
        }

        mutating func merge(_ o: Match) {
            positive = positive || o.positive
            strong = strong || o.strong
            weak = weak || o.weak
            hidden = hidden || o.hidden
            date = date || o.date
            author = author || o.author
            articleBody = articleBody || o.articleBody
        }
    }

    /// Words matched as whole tokens, and longer words matched anywhere (as UTF-8 bytes).
    let tokens: [String: [Kind]]
    let substrings: [([UInt8], Kind)]
    /// For each byte, the substrings (by index) that start with it.
    let byFirstByte: [[Int]]

    /// Parses the hint file.
    /// - Throws: `DataFileError` for an unknown kind.
    public init(contents: String) throws {
        var tokens: [String: [Kind]] = [:]
        var substrings: [([UInt8], Kind)] = []
        for row in try DataFileReader(name: "html-hints.txt", contents: contents, minColumns: 2, maxColumns: 2).rows {
            guard let kind = Kind(rawValue: row[1]) else {
                throw DataFileError(file: "html-hints.txt", line: row.line, message: "unknown kind '\(row[1])' (positive, strong, weak, hidden, date, author)")
            }
            let word = row[0].lowercased()
            if word.count <= 4 { tokens[word, default: []].append(kind) } else { substrings.append((Array(word.utf8), kind)) }
        }
        self.tokens = tokens
        self.substrings = substrings
        var index = [[Int]](repeating: [], count: 256)
        for (i, (word, _)) in substrings.enumerated() { index[Int(word[0])].append(i) }
        byFirstByte = index
    }

    /// The hints in a class/id/role string.
    /// - Complexity: O(n × w) byte comparisons for n bytes and w hint words; callers cache by string.
    func match(_ attributeText: String) -> Match {
        var s = Array(attributeText.utf8)
        for i in s.indices where s[i] >= 65 && s[i] <= 90 { s[i] += 32 }
        var m = Match()
        // Each position tries only the words that start with its byte.
        var found = [Bool](repeating: false, count: substrings.count)
        s.withUnsafeBufferPointer { b in
            for i in b.indices {
                for w in byFirstByte[Int(b[i])] where !found[w] {
                    let word = substrings[w].0
                    guard i + word.count <= b.count else { continue }
                    var j = 1
                    while j < word.count && b[i + j] == word[j] { j += 1 }
                    if j == word.count {
                        found[w] = true
                        m.add(substrings[w].1)
                    }
                }
            }
        }
        var start = 0
        for i in 0...s.count {
            let alnum = i < s.count && ((s[i] >= 97 && s[i] <= 122) || (s[i] >= 48 && s[i] <= 57))
            if alnum { continue }
            if i - start >= 1 && i - start <= 4, let kinds = tokens[String(decoding: s[start..<i], as: UTF8.self)] {
                kinds.forEach { m.add($0) }
            }
            start = i + 1
        }
        return m
    }
}
