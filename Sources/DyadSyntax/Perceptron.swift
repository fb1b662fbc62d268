/// Feature hashing shared by the tagger and the parser.
///
/// Strings are hashed once per token (FNV-1a over UTF-8); a feature is a template number mixed
/// with one to three such hashes, truncated to a non-zero 32-bit key. No String is built per feature.
enum FeatureHash {
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    static func bytes<S: Sequence>(_ s: S) -> UInt64 where S.Element == UInt8 {
        var h = fnvOffset
        for b in s { h = (h ^ UInt64(b)) &* fnvPrime }
        return h
    }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a &+ 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xBF58_476D_1CE4_E5B9)
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return h
    }

    @inline(__always)
    static func key(_ h: UInt64) -> UInt32 {
        let k = UInt32(truncatingIfNeeded: h >> 32) ^ UInt32(truncatingIfNeeded: h)
        return k == 0 ? 1 : k
    }

    @inline(__always) static func f(_ t: UInt64, _ a: UInt64) -> UInt32 { key(mix(t &* 0x2545_F491_4F6C_DD1D, a)) }
    @inline(__always) static func f(_ t: UInt64, _ a: UInt64, _ b: UInt64) -> UInt32 { key(mix(mix(t &* 0x2545_F491_4F6C_DD1D, a), b)) }
    @inline(__always) static func f(_ t: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt32 {
        key(mix(mix(mix(t &* 0x2545_F491_4F6C_DD1D, a), b), c))
    }
}

/// A small deterministic random generator (SplitMix64) so that training is reproducible for a seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// An averaged perceptron being trained: one dense row of class weights per feature key that has
/// ever been updated; averages kept lazily with time stamps.
final class PerceptronTrainer {
    let classes: Int
    private(set) var rows: [UInt32: Int32] = [:]
    private var weights: [Float] = []
    private var totals: [Double] = []
    private var stamps: [Int32] = []
    /// Number of training instances seen so far (the averaging clock).
    private(set) var clock: Int32 = 0

    init(classes: Int) {
        self.classes = classes
        rows.reserveCapacity(1 << 16)
    }

    /// Adds the current (not averaged) weights of every feature to `scores`.
    func score(_ features: [UInt32], into scores: inout [Float]) {
        for i in 0..<classes { scores[i] = 0 }
        weights.withUnsafeBufferPointer { w in
            for f in features {
                guard let r = rows[f] else { continue }
                let base = Int(r) * classes
                for c in 0..<classes { scores[c] += w[base + c] }
            }
        }
    }

    /// Advances the averaging clock; call once per training instance.
    func tick() { clock += 1 }

    /// Moves weight from `guess` to `truth` for every feature.
    func update(truth: Int, guess: Int, features: [UInt32]) {
        guard truth != guess else { return }
        for f in features {
            let r: Int
            if let existing = rows[f] { r = Int(existing) } else {
                r = rows.count
                rows[f] = Int32(r)
                weights.append(contentsOf: repeatElement(0, count: classes))
                totals.append(contentsOf: repeatElement(0, count: classes))
                stamps.append(contentsOf: repeatElement(0, count: classes))
            }
            bump(r * classes + truth, 1)
            bump(r * classes + guess, -1)
        }
    }

    @inline(__always)
    private func bump(_ p: Int, _ delta: Float) {
        totals[p] += Double(clock - stamps[p]) * Double(weights[p])
        stamps[p] = clock
        weights[p] += delta
    }

    /// The averaged weights, quantized to 16 bits (the largest becomes ±32767) and pruned.
    /// - Parameter prune: entries whose quantized weight is smaller than this are dropped.
    func averaged(prune: Int16) -> SparseWeights {
        let n = Double(max(clock, 1))
        var avg = [Float](repeating: 0, count: weights.count)
        var maxAbs: Float = 0
        for p in 0..<weights.count {
            let t = totals[p] + Double(clock - stamps[p]) * Double(weights[p])
            avg[p] = Float(t / n)
            maxAbs = max(maxAbs, abs(avg[p]))
        }
        let scale = maxAbs > 0 ? maxAbs / 32767 : 1
        var features: [(key: UInt32, entries: [(UInt8, Int16)])] = []
        features.reserveCapacity(rows.count)
        for (key, r) in rows {
            var entries: [(UInt8, Int16)] = []
            for c in 0..<classes {
                let q = Int16(clamping: Int((avg[Int(r) * classes + c] / scale).rounded()))
                if q != 0 && abs(Int(q)) >= Int(prune) { entries.append((UInt8(c), q)) }
            }
            if !entries.isEmpty { features.append((key, entries)) }
        }
        features.sort { $0.key < $1.key }
        return SparseWeights(classes: classes, features: features)
    }
}

/// Averaged-perceptron weights for inference: an open-addressing table from 32-bit feature keys
/// to their (class, 16-bit weight) entries.
///
/// Scores are sums of quantized weights in `Int32`; only the argmax matters, so no scale is kept.
/// Tables of up to three classes keep the weights in the slot itself (a 16-bit fingerprint of the key
/// and three weights in 64 bits), so a feature costs one memory access; larger ones keep a slot of
/// key and entry span, then the entries.
/// - Complexity: scoring is O(features × entries per feature), one or two cache misses per feature.
public struct SparseWeights: Sendable {
    public let classes: Int
    /// Keys of the slots (0 = empty), for writing the table out; not read when scoring.
    let keys: [UInt32]
    /// Per slot: key << 32 | entry start << 8 | entry count; or, for small tables,
    /// fingerprint << 48 | the three weights.
    let slots: [UInt64]
    /// Per entry: class << 16 | weight bit pattern.
    let entries: [UInt32]
    let mask: Int
    var isInline: Bool { classes <= 3 }

    /// Number of features with at least one weight.
    public var featureCount: Int { keys.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }
    public var entryCount: Int { isInline ? featureCount * classes : entries.count }
    /// Bytes of memory the table holds.
    public var memoryBytes: Int { keys.count * 4 + slots.count * 8 + entries.count * 4 }

    /// Keys are already uniform hashes, so the home slot is the key's top bits: features written in
    /// key order then fill the table front to back when it loads. The fingerprint mixes the whole key.
    @inline(__always) static func home(_ key: UInt32, _ shift: UInt32) -> Int { Int(truncatingIfNeeded: key >> shift) }
    @inline(__always) static func fingerprint(_ key: UInt32) -> UInt64 {
        let f = UInt64((key &* 0x9E37_79B1) >> 16)
        return f == 0 ? 1 : f
    }
    let shift: UInt32

    init(classes: Int, features: [(key: UInt32, entries: [(UInt8, Int16)])]) {
        var b = Builder(classes: classes, count: features.count)
        for f in features { b.add(f.key, f.entries) }
        self.init(b)
    }

    /// Fills a table slot by slot (the reader and `init(classes:features:)` share it).
    struct Builder {
        let classes: Int
        var keys: [UInt32]
        var slots: [UInt64]
        var entries: [UInt32] = []
        let mask: Int
        let shift: UInt32

        init(classes: Int, count: Int) {
            self.classes = classes
            var cap = 16, bits: UInt32 = 4
            while cap < count * 2 { cap <<= 1; bits += 1 }
            keys = [UInt32](repeating: 0, count: cap)
            slots = [UInt64](repeating: 0, count: cap)
            mask = cap - 1
            shift = 32 - bits
        }

        mutating func add(_ key: UInt32, _ list: [(UInt8, Int16)]) {
            var slot = SparseWeights.home(key, shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            if classes <= 3 {
                var v = SparseWeights.fingerprint(key) << 48
                for (c, w) in list { v |= UInt64(UInt16(bitPattern: w)) << (16 * UInt64(c)) }
                slots[slot] = v
            } else {
                slots[slot] = UInt64(key) << 32 | UInt64(entries.count) << 8 | UInt64(list.count)
                for (c, w) in list { entries.append(UInt32(c) << 16 | UInt32(UInt16(bitPattern: w))) }
            }
        }
    }

    init(_ b: Builder) {
        classes = b.classes
        keys = b.keys
        slots = b.slots
        entries = b.entries
        mask = b.mask
        shift = b.shift
    }

    /// Adds the weights of every feature to `scores` (which must hold `classes` zeros or a running sum).
    ///
    /// Memory-bound, so it works in passes: first every feature's home slot is loaded (independent
    /// loads the processor overlaps), then probes are resolved, then the weights added.
    @inline(__always)
    func accumulate(_ features: UnsafeBufferPointer<UInt32>, into scores: UnsafeMutablePointer<Int32>) {
        let n = features.count
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(n, 1)) { found in
            slots.withUnsafeBufferPointer { slots in
                for i in 0..<n { found[i] = slots[Self.home(features[i], shift)] }
                let inline = isInline
                for i in 0..<n {
                    let f = features[i]
                    let fp = Self.fingerprint(f)
                    var v = found[i]
                    var slot = Self.home(f, shift)
                    while true {
                        if v == 0 { break }
                        if inline ? (v >> 48 == fp) : (UInt32(truncatingIfNeeded: v >> 32) == f) { break }
                        slot = (slot + 1) & mask
                        v = slots[slot]
                    }
                    found[i] = v
                }
            }
            if isInline {
                for i in 0..<n {
                    let v = found[i]
                    scores[0] &+= Int32(Int16(truncatingIfNeeded: v))
                    scores[1] &+= Int32(Int16(truncatingIfNeeded: v >> 16))
                    scores[2] &+= Int32(Int16(truncatingIfNeeded: v >> 32))
                }
                return
            }
            entries.withUnsafeBufferPointer { entries in
                for i in 0..<n {
                    let v = found[i]
                    let start = Int(truncatingIfNeeded: (v >> 8) & 0xff_ffff), end = start + Int(v & 0xff)
                    for e in start..<end {
                        let x = entries[e]
                        scores[Int(x >> 16)] &+= Int32(Int16(bitPattern: UInt16(truncatingIfNeeded: x)))
                    }
                }
            }
        }
    }

    /// The sorted (key, entries) list, as written to a model file.
    func featureList() -> [(key: UInt32, entries: [(UInt8, Int16)])] {
        var out: [(key: UInt32, entries: [(UInt8, Int16)])] = []
        for slot in 0..<keys.count where keys[slot] != 0 {
            let v = slots[slot]
            if isInline {
                out.append((keys[slot], (0..<classes).compactMap { c in
                    let w = Int16(truncatingIfNeeded: v >> (16 * UInt64(c)))
                    return w == 0 ? nil : (UInt8(c), w)
                }))
            } else {
                let start = Int((v >> 8) & 0xff_ffff), end = start + Int(v & 0xff)
                out.append((keys[slot], (start..<end).map { e in
                    (UInt8(entries[e] >> 16), Int16(bitPattern: UInt16(truncatingIfNeeded: entries[e])))
                }))
            }
        }
        out.sort { $0.key < $1.key }
        return out
    }

    func write(to w: inout ModelWriter) {
        let list = featureList()
        w.u32(UInt32(classes))
        w.u32(UInt32(list.count))
        w.u32(UInt32(list.reduce(0) { $0 + $1.entries.count }))
        // Keys as deltas (sorted) in a varint stream: compact and read in one pass.
        var prev: UInt32 = 0
        for f in list {
            w.varint(UInt64(f.key - prev))
            prev = f.key
            w.u8(UInt8(f.entries.count))
            for (c, v) in f.entries {
                w.u8(c)
                w.varint(UInt64(bitPattern: Int64((Int(v) << 1) ^ (Int(v) >> 63))))
            }
        }
    }

    /// Reads a table written by `write(to:)`, decoding straight into the slots (keys come in
    /// order, so the table fills front to back).
    static func read(from r: inout ModelReader) throws -> SparseWeights {
        let classes = Int(try r.u32())
        let count = Int(try r.u32())
        let entryTotal = Int(try r.u32())
        guard classes > 0, classes < 256, count < 1 << 26, entryTotal < 1 << 24 else { throw r.error("implausible weight table sizes") }
        let b = Builder(classes: classes, count: count)
        let mask = b.mask, shift = b.shift
        var keys = b.keys, slots = b.slots
        var entries: [UInt32] = []
        let inline = classes <= 3
        if !inline { entries.reserveCapacity(entryTotal) }
        var pos = r.pos
        var failure: String?
        r.bytes.withUnsafeBufferPointer { src in
            keys.withUnsafeMutableBufferPointer { kp in
                slots.withUnsafeMutableBufferPointer { sp in
                    let end = src.count
                    @inline(__always) func varint() -> UInt64? {
                        var v: UInt64 = 0, s: UInt64 = 0
                        while pos < end && s < 64 {
                            let x = src[pos]
                            pos += 1
                            v |= UInt64(x & 0x7f) << s
                            if x < 0x80 { return v }
                            s += 7
                        }
                        return nil
                    }
                    var key: UInt32 = 0
                    for _ in 0..<count {
                        guard let d = varint(), pos < end else { failure = "file ends early"; return }
                        key &+= UInt32(truncatingIfNeeded: d)
                        let m = Int(src[pos])
                        pos += 1
                        var slot = Int(key >> shift)
                        while kp[slot] != 0 { slot = (slot + 1) & mask }
                        kp[slot] = key
                        var v = inline ? fingerprint(key) << 48 : UInt64(key) << 32 | UInt64(entries.count) << 8 | UInt64(m)
                        for _ in 0..<m {
                            guard pos < end else { failure = "file ends early"; return }
                            let c = src[pos]
                            pos += 1
                            guard Int(c) < classes, let z = varint() else { failure = "bad weight entry"; return }
                            let w = UInt16(bitPattern: Int16(truncatingIfNeeded: Int(z >> 1) ^ -Int(z & 1)))
                            if inline { v |= UInt64(w) << (16 * UInt64(c)) } else { entries.append(UInt32(c) << 16 | UInt32(w)) }
                        }
                        sp[slot] = v
                    }
                }
            }
        }
        if let failure { throw r.error(failure) }
        r.pos = pos
        return SparseWeights(classes: classes, keys: keys, slots: slots, entries: entries, mask: mask, shift: shift)
    }

    private init(classes: Int, keys: [UInt32], slots: [UInt64], entries: [UInt32], mask: Int, shift: UInt32) {
        self.classes = classes
        self.keys = keys
        self.slots = slots
        self.entries = entries
        self.mask = mask
        self.shift = shift
    }
}

extension SparseWeights {
    /// The same weights without entries smaller than `minimum` (in quantized units).
    func pruned(minimum: Int16) -> SparseWeights {
        let list = featureList().compactMap { f -> (key: UInt32, entries: [(UInt8, Int16)])? in
            let e = f.entries.filter { abs(Int($0.1)) >= Int(minimum) }
            return e.isEmpty ? nil : (f.key, e)
        }
        return SparseWeights(classes: classes, features: list)
    }
}

extension DependencyParser {
    /// The parser with small weights dropped (see `SparseWeights.pruned`).
    public func pruned(minimum: Int16) -> DependencyParser {
        DependencyParser(labels: labels, transitions: transitions.pruned(minimum: minimum), labeler: labeler.pruned(minimum: minimum))
    }
}

extension POSTagger {
    /// The tagger with small weights dropped (see `SparseWeights.pruned`).
    public func pruned(minimum: Int16) -> POSTagger {
        POSTagger(tagPairs: tagPairs, weights: weights.pruned(minimum: minimum), unambiguous: unambiguous, ambiguity: ambiguity, lemmatizer: lemmatizer)
    }
}
