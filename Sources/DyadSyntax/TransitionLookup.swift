/// Parser states whose move the treebank settles without scoring the transition model: a
/// *context* — which moves are legal, the tag pairs (and, for a parser with supertags, the
/// supertags) of the top two stack words and of the buffer front, and the tag pair of the word after
/// it — in which, over the parser's own greedy parses of the training treebank (with the tags and
/// supertags it trains on), one move was among the best (cost 0 under the dynamic oracle, or the
/// least cost where an earlier error left none) at least `purity` of at least `minCount` times.
/// Greedy decoding then takes that move and does not score the state's transition features.
///
/// Like `LabelLookup`, it is learned after training and does not change the weights
/// (`dyad train parser --transition-lookup COUNT:SHARE`; docs/SYNTAX.md).
public struct TransitionLookup: Sendable, Equatable {
    let table: SettledTable
    /// How many contexts were kept.
    var count: Int { table.count }

    static let seed: UInt64 = 0x5452_4C4B

    /// The context keys of a state with these legal moves, tried in this order: the tag pairs and
    /// supertags of s0, s1 and b0 with the tag pair of b1; then, for a parser with supertags (0
    /// otherwise), the supertags of s0, s1, b0 and b1 with the tag pairs of s0 and b0; the
    /// supertags of s0, s1 and b0 with the tag pair of b0; and those three supertags alone.
    @inline(__always)
    static func keys(_ st: DependencyParser.State, legal: (Bool, Bool, Bool), _ tags: [UInt64], _ sts: [UInt64]) -> (UInt64, UInt64, UInt64, UInt64) {
        let n = st.n, sc = st.stack.count
        // Outside the sentence: 1 for an empty stack position, 2 for the root at the buffer's end, 3 past it.
        @inline(__always) func tag(_ i: Int) -> UInt64 { i < 0 ? 1 : (i < n ? tags[i] : (i == n ? 2 : 3)) }
        @inline(__always) func sup(_ i: Int) -> UInt64 { sts.isEmpty ? 0 : (i < 0 ? 1 : (i < n ? sts[i] : (i == n ? 2 : 3))) }
        let s0 = sc > 0 ? Int(st.stack[sc - 1]) : -1, s1 = sc > 1 ? Int(st.stack[sc - 2]) : -1
        let b0 = st.b
        let moves = UInt64((legal.0 ? 1 : 0) | (legal.1 ? 2 : 0) | (legal.2 ? 4 : 0))
        typealias H = FeatureHash
        var h = H.mix(seed, moves)
        h = H.mix(H.mix(h, tag(s0)), sup(s0))
        h = H.mix(H.mix(h, tag(s1)), sup(s1))
        h = H.mix(H.mix(h, tag(b0)), sup(b0))
        h = H.mix(h, tag(b0 + 1))
        typealias K = SettledTable
        guard !sts.isEmpty else { return (K.key(h), 0, 0, 0) }
        let three = H.mix(H.mix(H.mix(H.mix(seed &+ 1, moves), sup(s0)), sup(s1)), sup(b0))
        let withTag = H.mix(three, tag(b0))
        let four = H.mix(H.mix(H.mix(three, 4), sup(b0 + 1)), H.mix(tag(s0), tag(b0)))
        return (K.key(h), K.key(four), K.key(withTag), K.key(three))
    }

    /// The settled move of a state (0 shift, 1 left, 2 right), or nil when the model must score it.
    @inline(__always)
    func move(_ st: DependencyParser.State, legal: (Bool, Bool, Bool), _ tags: [UInt64], _ sts: [UInt64]) -> Int? {
        let k = Self.keys(st, legal: legal, tags, sts)
        if let v = table.find(k.0) { return v >= 0 ? Int(v) : nil }
        guard k.1 != 0 else { return nil }
        if let v = table.find(k.1) ?? table.find(k.2) ?? table.find(k.3), v >= 0 { return Int(v) }
        return nil
    }

    /// Counts, over the parser's greedy parses of the training sentences (`heads`: the index of
    /// each word's head, `n` for the root), how often each move was among the best in each context,
    /// and keeps the contexts one move settles. Ties go to the smaller move.
    static func learn(_ parser: DependencyParser, words: [[WordInfo]], tags: [[UInt64]], supertags: [[UInt64]], heads: [[Int]],
                      minCount: Int, purity: Double) -> TransitionLookup {
        var seen: [UInt64: (total: Int, best: (Int, Int, Int))] = [:]
        withFeatureList { feats in
            for si in words.indices {
                let n = words[si].count
                guard n > 0 else { continue }
                let w = words[si], t = tags[si], sts = supertags[si]
                let gold = heads[si]
                var goldChildren = [[Int]](repeating: [], count: n + 1)
                for (d, h) in gold.enumerated() { goldChildren[h].append(d) }
                var inStack = [Bool](repeating: false, count: n + 1)
                var st = DependencyParser.State(n: n)
                while !st.isTerminal {
                    let legal = st.legal
                    let m: DependencyParser.Move
                    if let only = DependencyParser.State.onlyMove(legal) { m = only } else {
                        let c = DependencyParser.costs(st, gold: gold, goldChildren: goldChildren, inStack: inStack)
                        let least = min(c.0, c.1, c.2)
                        let ks = keys(st, legal: legal, t, sts)
                        for k in [ks.0, ks.1, ks.2, ks.3] where k != 0 {
                            var entry = seen[k] ?? (0, (0, 0, 0))
                            entry.total += 1
                            if c.0 == least { entry.best.0 += 1 }
                            if c.1 == least { entry.best.1 += 1 }
                            if c.2 == least { entry.best.2 += 1 }
                            seen[k] = entry
                        }
                        // The parser's own move, as at parse time (without this lookup).
                        m = parser.scoredMove(st, legal: legal, w, t, sts, &feats)
                    }
                    switch m {
                    case .shift: inStack[st.b] = true
                    case .left, .right: inStack[Int(st.stack[st.stack.count - 1])] = false
                    }
                    let l = m == .shift ? 0 : parser.label(st, st.arc(m), w, t, sts, &feats)
                    st.apply(m, label: l)
                }
            }
        }
        var entries: [(key: UInt64, value: Int16)] = []
        for (k, e) in seen where e.total >= minCount {
            let need = purity * Double(e.total)
            if Double(e.best.0) >= need { entries.append((k, 0)) } else if Double(e.best.1) >= need { entries.append((k, 1)) } else if Double(e.best.2) >= need { entries.append((k, 2)) }
        }
        return TransitionLookup(table: SettledTable(entries: entries))
    }

    func write(to w: inout ModelWriter) { table.write(to: &w) }

    static func read(from r: inout ModelReader) throws -> TransitionLookup {
        TransitionLookup(table: try SettledTable.read(from: &r, limit: 3))
    }
}
