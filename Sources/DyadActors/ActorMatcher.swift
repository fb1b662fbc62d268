import DyadCore

/// Finds knowledge-base phrases in a token sequence with a trie over folded tokens.
///
/// - Complexity: O(n · L) for n tokens and L the longest phrase in tokens.
public struct ActorMatcher: Sendable {
    struct Node: Sendable {
        var children: [String: Int32] = [:]
        /// Children reached by any token that begins with the key (PETRARCH stems, "argentin*").
        var stemChildren: [String: Int32] = [:]
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
            // A trailing "*" marks the last word as a stem (PETRARCH dictionaries).
            let stem = p.text.hasSuffix("*")
            let toks = tokenize(stem ? String(p.text.dropLast()) : p.text)
            phraseTokens.append(toks)
            guard !toks.isEmpty else { continue }
            var n = 0
            for (k, t) in toks.enumerated() {
                let key = TextFolding.fold(t)
                let isStem = stem && k == toks.count - 1
                let existing = isStem ? nodes[n].stemChildren[key] : nodes[n].children[key]
                if let c = existing { n = Int(c) } else {
                    nodes.append(Node())
                    if isStem { nodes[n].stemChildren[key] = Int32(nodes.count - 1) } else { nodes[n].children[key] = Int32(nodes.count - 1) }
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

    /// The longest phrase that starts at token `i`, if any; a phrase of higher priority (a user
    /// dictionary loaded with "prefer") wins over a longer one of lower priority.
    public func longest(at i: Int, in tokens: ArraySlice<Token>) -> Match? {
        var n = 0
        var j = i
        var best: Match?
        var bestPriority = -1
        func consider(_ node: Int, _ end: Int) {
            let valid = nodes[node].phrases.filter { accepts(Int($0), tokens[i..<end]) }
            guard !valid.isEmpty else { return }
            let top = valid.map { phrases[Int($0)].priority }.max()!
            guard top >= bestPriority else { return }
            let chosen = valid.filter { phrases[Int($0)].priority == top }
            best = Match(tokens: i..<end, entries: chosen.map { phrases[Int($0)].entry },
                         ambiguous: chosen.allSatisfy { phrases[Int($0)].ambiguous })
            bestPriority = top
        }
        while j < tokens.endIndex {
            let norm = tokens[j].norm
            if !nodes[n].stemChildren.isEmpty {
                // A stem ends a phrase: any token it begins completes it.
                for (stem, c) in nodes[n].stemChildren where norm.hasPrefix(stem) { consider(Int(c), j + 1) }
            }
            guard let c = nodes[n].children[norm] else { break }
            n = Int(c)
            j += 1
            consider(n, j)
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
            // A capital anywhere in the first word counts: "al-Nusra Front", "el-Sisi", "McCain".
            return span.first!.isCapitalized || span.first!.text.contains { $0.isUppercase }
        }
    }
}
