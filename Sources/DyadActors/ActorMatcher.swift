import DyadCore

/// Finds knowledge-base phrases in a token sequence with a trie over folded tokens.
///
/// - Complexity: O(n · L) for n tokens and L the longest phrase in tokens.
public struct ActorMatcher: Sendable {
    struct Node: Sendable {
        var children: [String: Int32] = [:]
        var phrases: [Int32] = []
    }

    /// A phrase found in the text.
    public struct Match: Sendable, Hashable {
        public var tokens: Range<Int>
        public var entries: [ActorEntry]
        /// The phrase index of the first entry, to reach its text.
        public var ambiguous: Bool
    }

    let nodes: [Node]
    let phrases: [Phrase]
    let phraseTokens: [[String]]

    /// Compiles the phrases of a knowledge base; `tokenize` must split phrases as the text is split.
    public init(knowledgeBase kb: KnowledgeBase, tokenize: (String) -> [String]) {
        var nodes = [Node()]
        var phraseTokens: [[String]] = []
        for (pi, p) in kb.phrases.enumerated() {
            let toks = tokenize(p.text)
            phraseTokens.append(toks)
            guard !toks.isEmpty else { continue }
            var n = 0
            for t in toks {
                let key = TextFolding.fold(t)
                if let c = nodes[n].children[key] { n = Int(c) } else {
                    nodes.append(Node())
                    nodes[n].children[key] = Int32(nodes.count - 1)
                    n = nodes.count - 1
                }
            }
            nodes[n].phrases.append(Int32(pi))
        }
        self.nodes = nodes
        self.phrases = kb.phrases
        self.phraseTokens = phraseTokens
    }

    /// The longest phrase starting at each position, scanning left to right without overlaps.
    public func matches(in tokens: ArraySlice<Token>) -> [Match] {
        var out: [Match] = []
        var i = tokens.startIndex
        while i < tokens.endIndex {
            if let m = longest(at: i, in: tokens) {
                out.append(m)
                i = m.tokens.upperBound
            } else {
                i += 1
            }
        }
        return out
    }

    /// The longest phrase that starts at token `i`, if any.
    public func longest(at i: Int, in tokens: ArraySlice<Token>) -> Match? {
        var n = 0
        var j = i
        var best: Match?
        while j < tokens.endIndex, let c = nodes[n].children[tokens[j].norm] {
            n = Int(c)
            j += 1
            let valid = nodes[n].phrases.filter { accepts(Int($0), tokens[i..<j]) }
            if !valid.isEmpty {
                best = Match(tokens: i..<j, entries: valid.map { phrases[Int($0)].entry },
                             ambiguous: valid.allSatisfy { phrases[Int($0)].ambiguous })
            }
        }
        return best
    }

    /// Case rules: acronyms match only in capitals ("US", not "us"); names must be capitalised.
    private func accepts(_ pi: Int, _ span: ArraySlice<Token>) -> Bool {
        let p = phrases[pi]
        if p.caseSensitive {
            return zip(phraseTokens[pi], span).allSatisfy { $0 == $1.text }
        }
        switch p.entry {
        case .agent: return true
        case .country, .organisation, .person:
            return span.first!.isCapitalized
        }
    }
}
