/// An open-addressing table (at most half full) from 64-bit context keys to small values: what a
/// lookup settles without scoring a model (`LabelLookup`, the supertagger's lookup words). Key 0
/// marks an empty slot. `verdict` is also the tagger's rule for its lookup words.
struct SettledTable: Sendable, Equatable {
    private(set) var keys: [UInt64]
    private(set) var values: [Int16]
    private let mask: Int
    /// How many keys it holds.
    let count: Int

    /// A table of these entries, inserted in key order so that the same entries give the same table.
    init(entries: [(key: UInt64, value: Int16)]) {
        let entries = entries.sorted { $0.key < $1.key }
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

    /// A context hash as a key of the table: 0 marks an empty slot, so it becomes 1.
    @inline(__always) static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

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
        return Double(top.value) / Double(total) >= purity ? Int16(top.key) : -1
    }

    /// The contexts among `counts` (context key → value → count) whose verdict is a value.
    static func settled(_ counts: [UInt64: [Int: Int]], minCount: Int, purity: Double) -> [UInt64: Int16] {
        var out: [UInt64: Int16] = [:]
        for (key, c) in counts {
            if let v = verdict(c, minCount: minCount, purity: purity), v >= 0 { out[key] = v }
        }
        return out
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

