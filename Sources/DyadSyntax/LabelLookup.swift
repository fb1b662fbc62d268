/// Arcs whose relation the treebank settles without the labeller: a determiner before its noun is
/// `det`, a comma is `punct`, "of" before a noun is `case`. Like the tagger's lookup words, these
/// are learned from the training treebank (with the tags the parser trains on, so as noisy as at
/// parse time): a *context* — the dependent's and the head's tag pairs and their signed distance,
/// cut at ±3 — or the same context with the dependent's word, that was seen at least `minCount`
/// times with one relation at least `purity` of the time. The greedy parser then takes that relation
/// and does not score the labeller, which is about half of all arcs and a quarter of parsing time.
///
/// A word-specific context seen often enough speaks first: with its relation, or, if it is mixed
/// ("that" before a verb: `mark`, `nsubj`, `obj`…), with a veto that leaves the arc to the labeller
/// even when its general context is pure.
public struct LabelLookup: Sendable, Equatable {
    let table: SettledTable
    /// How many contexts were kept (relations and vetoes).
    var count: Int { table.count }

    static let general: UInt64 = 0x4C4C_4B47
    static let specific: UInt64 = 0x4C4C_4B53

    @inline(__always)
    static func keys(dependent d: Int, head h: Int, _ words: [WordInfo], _ tags: [UInt64]) -> (specific: UInt64, general: UInt64) {
        let dist = UInt64(bitPattern: Int64(max(-3, min(3, h - d))))
        let g = FeatureHash.mix(FeatureHash.mix(FeatureHash.mix(general, tags[d]), tags[h]), dist)
        let s = FeatureHash.mix(FeatureHash.mix(specific, g), words[d].lower)
        return (s == 0 ? 1 : s, g == 0 ? 1 : g)
    }

    /// The settled relation of the arc from `h` to `d` (a word of the sentence, not the root), or nil
    /// when the labeller must decide.
    @inline(__always)
    func label(dependent d: Int, head h: Int, _ words: [WordInfo], _ tags: [UInt64]) -> Int? {
        let k = Self.keys(dependent: d, head: h, words, tags)
        if let v = table.find(k.specific) { return v >= 0 ? Int(v) : nil }
        if let v = table.find(k.general), v >= 0 { return Int(v) }
        return nil
    }

    /// Counts the gold arcs of the training sentences (heads: the index of the head, `n` for the
    /// root; labels: label indices, -1 for a relation the parser does not have, which is skipped)
    /// by context and keeps the settled ones.
    static func learn(words: [[WordInfo]], tags: [[UInt64]], heads: [[Int]], labels: [[Int]], minCount: Int, purity: Double) -> LabelLookup {
        var specificCounts: [UInt64: [Int: Int]] = [:], generalCounts: [UInt64: [Int: Int]] = [:]
        var generalOf: [UInt64: UInt64] = [:]
        for si in words.indices {
            let n = words[si].count
            for d in 0..<n {
                let h = heads[si][d]
                guard h < n, labels[si][d] >= 0 else { continue }
                let k = keys(dependent: d, head: h, words[si], tags[si])
                specificCounts[k.specific, default: [:]][labels[si][d], default: 0] += 1
                generalCounts[k.general, default: [:]][labels[si][d], default: 0] += 1
                generalOf[k.specific] = k.general
            }
        }
        var entries: [(key: UInt64, value: Int16)] = []
        var generalLabel: [UInt64: Int16] = [:]
        for (key, byLabel) in generalCounts {
            if let v = SettledTable.verdict(byLabel, minCount: minCount, purity: purity), v >= 0 { generalLabel[key] = v; entries.append((key, v)) }
        }
        for (key, byLabel) in specificCounts {
            guard let v = SettledTable.verdict(byLabel, minCount: minCount, purity: purity) else { continue }
            let general = generalLabel[generalOf[key]!]
            // Kept only where it says something the general context does not: another relation,
            // or a veto of a general relation.
            if v >= 0 ? v != general : general != nil { entries.append((key, v)) }
        }
        entries.sort { $0.key < $1.key }
        return LabelLookup(table: SettledTable(entries: entries))
    }

    func write(to w: inout ModelWriter) { table.write(to: &w) }

    static func read(from r: inout ModelReader, labels: Int) throws -> LabelLookup {
        LabelLookup(table: try SettledTable.read(from: &r, limit: labels))
    }
}

/// An open-addressing table (at most half full) from 64-bit context keys to small values: what a
/// lookup settles without scoring a model (`LabelLookup`, the supertagger's lookup words). Key 0
/// marks an empty slot.
struct SettledTable: Sendable, Equatable {
    private(set) var keys: [UInt64]
    private(set) var values: [Int16]
    private let mask: Int
    /// How many keys it holds.
    let count: Int

    init(entries: [(key: UInt64, value: Int16)]) {
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        mask = size - 1
        keys = [UInt64](repeating: 0, count: size)
        values = [Int16](repeating: -1, count: size)
        count = entries.count
        for e in entries {
            var i = Int(truncatingIfNeeded: e.key >> 20) & mask
            while keys[i] != 0 && keys[i] != e.key { i = (i + 1) & mask }
            keys[i] = e.key
            values[i] = e.value
        }
    }

    @inline(__always)
    func find(_ key: UInt64) -> Int16? {
        var i = Int(truncatingIfNeeded: key >> 20) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// The verdict on a context seen with these counts of each value: the value if it was seen at
    /// least `minCount` times and that value at least `purity` of the time, -1 if seen often
    /// enough but mixed, nil if rare. Ties go to the smaller value, so that tables are deterministic.
    static func verdict(_ counts: [Int: Int], minCount: Int, purity: Double) -> Int16? {
        let total = counts.values.reduce(0, +)
        guard total >= minCount, let top = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
        return Double(top.value) >= purity * Double(total) ? Int16(top.key) : -1
    }

    /// Keys as sorted varint deltas, values plus one as varints.
    func write(to w: inout ModelWriter) {
        var sorted: [(UInt64, Int16)] = []
        for (i, k) in keys.enumerated() where k != 0 { sorted.append((k, values[i])) }
        sorted.sort { $0.0 < $1.0 }
        w.varint(UInt64(sorted.count))
        var last: UInt64 = 0
        for (k, v) in sorted {
            w.varint(k &- last)
            last = k
            w.varint(UInt64(Int64(v) + 1))
        }
    }

    /// Reads a table written by `write(to:)` whose values are below `limit` (or -1).
    static func read(from r: inout ModelReader, limit: Int) throws -> SettledTable {
        let n = Int(try r.varint())
        guard n < 1 << 22 else { throw r.error("implausible lookup table size") }
        var entries: [(key: UInt64, value: Int16)] = []
        entries.reserveCapacity(n)
        var last: UInt64 = 0
        for _ in 0..<n {
            let k = last &+ (try r.varint())
            let v = Int64(try r.varint()) - 1
            guard k != 0, k > last || entries.isEmpty, v >= -1, v < Int64(limit) else { throw r.error("bad lookup table entry") }
            entries.append((k, Int16(v)))
            last = k
        }
        return SettledTable(entries: entries)
    }
}

