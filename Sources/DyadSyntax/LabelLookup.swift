/// Arcs whose relation the treebank settles without the labeller: a determiner before its noun is
/// `det`, a comma is `punct`, "of" before a noun is `case`. Like the tagger's lookup words, these
/// are learned from the training treebank (with the tags the parser trains on, so as noisy as at
/// parse time): a *context* — the dependent's and the head's tag pairs and their signed distance,
/// cut at ±3 — or the same context with the dependent's word, that was seen at least `minCount`
/// times with one relation at least `purity` of the time. The greedy parser then takes that relation
/// and does not score the labeller: about half of all arcs, and tagging and parsing about 10% faster
/// (docs/SYNTAX.md).
///
/// A word-specific context seen often enough speaks first: with its relation, or, if it is mixed
/// ("that" before a verb: `mark`, `nsubj`, `obj`…), with a veto that leaves the arc to the labeller
/// even when its general context is pure. For a parser with supertags, the context with the
/// dependent's supertag comes between the two: tags that are mixed alone ("that" before a noun,
/// `det` or `nsubj`) are often settled once the supertag is known (learned with the jackknifed
/// supertags the parser trains on).
public struct LabelLookup: Sendable, Equatable {
    let table: SettledTable
    /// How many contexts were kept (relations and vetoes).
    var count: Int { table.count }

    static let general: UInt64 = 0x4C4C_4B47
    static let specific: UInt64 = 0x4C4C_4B53

    static let supertagged: UInt64 = 0x4C4C_4B54

    /// The context keys of the arc from `h` to `d`: with the dependent's word, with its supertag (0
    /// for a parser without supertags: `sts` is empty), and neither.
    @inline(__always)
    static func keys(dependent d: Int, head h: Int, _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64]) -> (specific: UInt64, supertag: UInt64, general: UInt64) {
        let dist = UInt64(bitPattern: Int64(max(-3, min(3, h - d))))
        let g = FeatureHash.mix(FeatureHash.mix(FeatureHash.mix(general, tags[d]), tags[h]), dist)
        let s = FeatureHash.mix(FeatureHash.mix(specific, g), words[d].lower)
        var u: UInt64 = 0
        if !sts.isEmpty {
            u = SettledTable.key(FeatureHash.mix(FeatureHash.mix(supertagged, g), sts[d]))
        }
        return (SettledTable.key(s), u, SettledTable.key(g))
    }

    /// The settled relation of the arc from `h` to `d` (a word of the sentence, not the root), or nil
    /// when the labeller must decide. The word's context speaks first, then (for a parser with
    /// supertags) the dependent's supertag with the tags, then the tags alone.
    @inline(__always)
    func label(dependent d: Int, head h: Int, _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64]) -> Int? {
        let k = Self.keys(dependent: d, head: h, words, tags, sts)
        if let v = table.find(k.specific) { return v >= 0 ? Int(v) : nil }
        if k.supertag != 0, let v = table.find(k.supertag) { return v >= 0 ? Int(v) : nil }
        if let v = table.find(k.general), v >= 0 { return Int(v) }
        return nil
    }

    /// Counts the gold arcs of the training sentences (heads: the index of the head, `n` for the
    /// root; labels: label indices, -1 for a relation the parser does not have, which is skipped;
    /// supertags: the supertag hashes the parser trains on, empty arrays for a parser without them)
    /// by context and keeps the settled ones.
    static func learn(words: [[WordInfo]], tags: [[UInt64]], supertags: [[UInt64]]? = nil, heads: [[Int]], labels: [[Int]], minCount: Int, purity: Double) -> LabelLookup {
        var specificCounts: [UInt64: [Int: Int]] = [:], supertagCounts: [UInt64: [Int: Int]] = [:], generalCounts: [UInt64: [Int: Int]] = [:]
        var generalOf: [UInt64: UInt64] = [:], supertagOf: [UInt64: UInt64] = [:]
        for si in words.indices {
            let n = words[si].count
            let sts = supertags?[si] ?? []
            for d in 0..<n {
                let h = heads[si][d]
                guard h < n, labels[si][d] >= 0 else { continue }
                let k = keys(dependent: d, head: h, words[si], tags[si], sts)
                specificCounts[k.specific, default: [:]][labels[si][d], default: 0] += 1
                generalCounts[k.general, default: [:]][labels[si][d], default: 0] += 1
                generalOf[k.specific] = k.general
                if k.supertag != 0 {
                    supertagCounts[k.supertag, default: [:]][labels[si][d], default: 0] += 1
                    generalOf[k.supertag] = k.general
                    // A word's context falls back on the supertag context it was seen in (0: several).
                    supertagOf[k.specific] = supertagOf[k.specific] == nil || supertagOf[k.specific] == k.supertag ? k.supertag : 0
                }
            }
        }
        let generalLabel = SettledTable.settled(generalCounts, minCount: minCount, purity: purity)
        var entries = generalLabel.map { (key: $0.key, value: $0.value) }
        // Kept only where it says something the context it falls back on does not: another
        // relation, or a veto of its relation.
        func adds(_ v: Int16, over fallback: Int16?) -> Bool { v >= 0 ? v != fallback : fallback != nil }
        var supertagVerdict: [UInt64: Int16] = [:]
        for (key, byLabel) in supertagCounts {
            guard let v = SettledTable.verdict(byLabel, minCount: minCount, purity: purity),
                  adds(v, over: generalLabel[generalOf[key]!]) else { continue }
            supertagVerdict[key] = v
            entries.append((key, v))
        }
        for (key, byLabel) in specificCounts {
            guard let v = SettledTable.verdict(byLabel, minCount: minCount, purity: purity) else { continue }
            // Judged against what the lookup would say without the word's entry: the supertag
            // context it was seen in, or the general one.
            let fallback: Int16?
            switch supertagOf[key] {
            case nil: fallback = generalLabel[generalOf[key]!]
            case 0?:
                // Seen with several supertags: its relation is kept; a mix is left to the supertag
                // contexts, which are pure over all words.
                if v >= 0 { entries.append((key, v)) }
                continue
            case let u?:
                if let w = supertagVerdict[u] { fallback = w >= 0 ? w : nil } else { fallback = generalLabel[generalOf[key]!] }
            }
            if adds(v, over: fallback) { entries.append((key, v)) }
        }
        return LabelLookup(table: SettledTable(entries: entries))
    }

    func write(to w: inout ModelWriter) { table.write(to: &w) }

    static func read(from r: inout ModelReader, labels: Int) throws -> LabelLookup {
        LabelLookup(table: try SettledTable.read(from: &r, limit: labels))
    }
}
