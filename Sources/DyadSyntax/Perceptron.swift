import Foundation

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

/// The feature keys of one tagging or parsing decision, written into a fixed buffer: the hot
/// loops add about 90 keys per parser state, and an Array's per-append uniqueness and capacity
/// checks showed in profiles. The buffer belongs to the caller (see `withFeatureList`).
struct FeatureList {
    /// More than any template set writes (parser 93, labeller 41, tagger 46).
    static let capacity = 128
    let keys: UnsafeMutablePointer<UInt32>
    private(set) var count = 0

    @inline(__always) mutating func removeAll(keepingCapacity: Bool) { count = 0 }
    @inline(__always) mutating func append(_ key: UInt32) {
        assert(count < Self.capacity)
        keys[count] = key
        count &+= 1
    }
    var buffer: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: keys, count: count) }
}

/// Runs `body` with an empty feature list whose buffer lives on the stack.
@inline(__always)
func withFeatureList<R>(_ body: (inout FeatureList) throws -> R) rethrows -> R {
    try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: FeatureList.capacity) { p in
        var list = FeatureList(keys: p.baseAddress!)
        return try body(&list)
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
    func score(_ features: UnsafeBufferPointer<UInt32>, into scores: inout [Float]) {
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
    func update(truth: Int, guess: Int, features: UnsafeBufferPointer<UInt32>) {
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
        let sum = WeightSum(classes: classes)
        sum.add(self)
        return sum.quantized(prune: prune)
    }

    /// Calls `body` with every feature key and its averaged weights (one per class).
    func forEachAveraged(_ body: (UInt32, UnsafeBufferPointer<Float>) -> Void) {
        let n = Double(max(clock, 1))
        withUnsafeTemporaryAllocation(of: Float.self, capacity: classes) { avg in
            for (key, r) in rows {
                let base = Int(r) * classes
                for c in 0..<classes {
                    let p = base + c
                    avg[c] = Float((totals[p] + Double(clock - stamps[p]) * Double(weights[p])) / n)
                }
                body(key, UnsafeBufferPointer(avg))
            }
        }
    }
}

extension PerceptronTrainer {
    /// Trains a greedy left-to-right sequence labeller (the tagger, the supertagger): `runs`
    /// averaged perceptrons, run *r* passing `epochs` times over the sentences in an order shuffled
    /// by a generator seeded `seed + r`, each word scored with the classes predicted for the two
    /// words before it (`start` before the first); their averaged weights added up.
    /// - Parameters:
    ///   - lengths: the number of words of each sentence.
    ///   - gold: the class of word `i` of sentence `s`, as `gold(s, i)`.
    ///   - features: writes the features of word `i` of sentence `s` given the two previous classes.
    ///   - progress: called after each epoch with its number and the training accuracy.
    static func trainSequence(classes: Int, lengths: [Int], runs: Int, epochs: Int, seed: UInt64, start: (UInt64, UInt64),
                              gold: (Int, Int) -> Int, features: (Int, Int, UInt64, UInt64, inout FeatureList) -> Void,
                              progress: (Int, Double) -> Void = { _, _ in }) -> WeightSum {
        let sum = WeightSum(classes: classes)
        for run in 0..<max(runs, 1) {
            let trainer = PerceptronTrainer(classes: classes)
            var rng = SeededRandom(seed: seed &+ UInt64(run))
            var order = Array(lengths.indices)
            var scores = [Float](repeating: 0, count: classes)
            withFeatureList { feats in
                for epoch in 0..<epochs {
                    order.shuffle(using: &rng)
                    var correct = 0, total = 0
                    for si in order {
                        var p1 = start.0, p2 = start.1
                        for i in 0..<lengths[si] {
                            let truth = gold(si, i)
                            features(si, i, p1, p2, &feats)
                            trainer.score(feats.buffer, into: &scores)
                            var guess = 0
                            for k in 1..<classes where scores[k] > scores[guess] { guess = k }
                            trainer.tick()
                            trainer.update(truth: truth, guess: guess, features: feats.buffer)
                            if guess == truth { correct += 1 }
                            total += 1
                            p2 = p1
                            p1 = UInt64(guess)
                        }
                    }
                    progress(epoch + 1, Double(correct) / Double(max(total, 1)))
                }
            }
            sum.add(trainer)
        }
        return sum
    }
}

/// The sum of the averaged weights of one or more trainers: perceptrons trained with different
/// seeds, added up, are still one linear model of the same cost to run, and a steadier one.
final class WeightSum {
    let classes: Int
    private var rows: [UInt32: Int32] = [:]
    private var sums: [Float] = []

    init(classes: Int) { self.classes = classes }

    func add(_ trainer: PerceptronTrainer) {
        precondition(trainer.classes == classes)
        rows.reserveCapacity(trainer.rows.count)
        trainer.forEachAveraged { key, avg in
            let r: Int
            if let existing = rows[key] { r = Int(existing) } else {
                r = rows.count
                rows[key] = Int32(r)
                sums.append(contentsOf: repeatElement(0, count: classes))
            }
            for c in 0..<classes { sums[r * classes + c] += avg[c] }
        }
    }

    /// The summed weights quantized to 16 bits (the largest becomes ±32767), without entries
    /// whose quantized weight is smaller than `prune`.
    func quantized(prune: Int16) -> SparseWeights {
        let maxAbs = sums.reduce(Float(0)) { max($0, abs($1)) }
        let scale = maxAbs > 0 ? maxAbs / 32767 : 1
        var features: [(key: UInt32, entries: [(UInt8, Int16)])] = []
        features.reserveCapacity(rows.count)
        for (key, r) in rows {
            var entries: [(UInt8, Int16)] = []
            for c in 0..<classes {
                let q = Int16(clamping: Int((sums[Int(r) * classes + c] / scale).rounded()))
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
    /// The keys in the order they were put in the table (the slots hold only fingerprints in
    /// tables of three classes), for writing the table out: `featureList` puts them in again to find
    /// their slots. Not read when scoring; a sparse array of keys beside the slots cost more memory to
    /// fill at load than the slots themselves (docs/SYNTAX.md).
    let keys: [UInt32]
    /// Per slot: key << 32 | entry start << 8 | entry count; or, for small tables,
    /// fingerprint << 48 | the three weights.
    let slots: TableBuffer<UInt64>
    /// Per entry: class << 16 | weight bit pattern.
    let entries: TableBuffer<UInt32>
    let mask: Int
    var isInline: Bool { classes <= 3 }

    /// Number of features with at least one weight.
    public var featureCount: Int { keys.count }
    public var entryCount: Int { isInline ? featureCount * classes : entries.count }
    /// Bytes of memory the table holds.
    public var memoryBytes: Int { keys.count * 4 + slots.count * 8 + entries.count * 4 }
    /// Number of slots (a power of two).
    public var capacity: Int { slots.count }

    /// Keys are already uniform hashes, so the home slot is the key's top bits: features written in
    /// key order then fill the table front to back when it loads. The fingerprint mixes the whole key.
    @inline(__always) static func home(_ key: UInt32, _ shift: UInt32) -> Int { Int(truncatingIfNeeded: key >> shift) }
    @inline(__always) static func fingerprint(_ key: UInt32) -> UInt64 {
        let f = UInt64((key &* 0x9E37_79B1) >> 16)
        return f == 0 ? 1 : f
    }
    let shift: UInt32

    init(classes: Int, features: [(key: UInt32, entries: [(UInt8, Int16)])]) {
        var b = Builder(classes: classes, count: features.count, entryTotal: features.reduce(0) { $0 + $1.entries.count })
        for f in features { b.add(f.key, f.entries) }
        self.init(b)
    }

    /// Fills a table slot by slot (the reader and `init(classes:features:)` share it). A slot is
    /// empty while it is 0: a filled slot holds a nonzero key or fingerprint in its top bits.
    struct Builder {
        let classes: Int
        var keys: [UInt32] = []
        let slots: TableBuffer<UInt64>
        let entries: TableBuffer<UInt32>
        var entryCount = 0
        let mask: Int
        let shift: UInt32

        /// A table for `count` features with `entryTotal` entries in all (ignored for inline tables).
        ///
        /// The table has at least 3.5 slots per feature (at most 29% full), a power of two. A lookup
        /// ends at its key or at the first empty slot, and in a sparse table both are nearly always
        /// the home slot, already loaded, with no probe loop to mispredict (on news text 72% of the
        /// parser's lookups, 80% of the labeller's and 77% of the tagger's find their feature).
        /// Against at least two slots per feature, four made tagging and parsing 8–10% faster for
        /// 37 MB more memory (measured 2026-12-06, docs/SYNTAX.md); a denser table (two-thirds) was
        /// slower still. 3.5 instead of four changes no table of the built-in models, and halves the
        /// supertag model's transition table (1.17 million features: 4 instead of 8 million slots,
        /// 32 MB less to fill at load, for parsing about 2% slower; thirteenth session).
        init(classes: Int, count: Int, entryTotal: Int) {
            self.classes = classes
            var cap = 16, bits: UInt32 = 4
            while cap * 2 < count * 7 { cap <<= 1; bits += 1 }
            keys.reserveCapacity(count)
            slots = TableBuffer(zeroed: cap)
            entries = TableBuffer(zeroed: classes <= 3 ? 0 : entryTotal)
            mask = cap - 1
            shift = 32 - bits
        }

        mutating func add(_ key: UInt32, _ list: [(UInt8, Int16)]) {
            var slot = SparseWeights.home(key, shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            keys.append(key)
            if classes <= 3 {
                var v = SparseWeights.fingerprint(key) << 48
                for (c, w) in list { v |= UInt64(UInt16(bitPattern: w)) << (16 * UInt64(c)) }
                slots[slot] = v
            } else {
                slots[slot] = UInt64(key) << 32 | UInt64(entryCount) << 8 | UInt64(list.count)
                for (c, w) in list {
                    entries[entryCount] = UInt32(c) << 16 | UInt32(UInt16(bitPattern: w))
                    entryCount += 1
                }
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
            do {
                let slots = self.slots.pointer
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
            do {
                let entries = self.entries.pointer
                guard self.entries.count > 0 else { return }
                // The first entry of every feature, in a loop of independent loads so that their
                // misses overlap too (an absent feature reads entry 0 and adds nothing); it takes
                // the place of the key, no longer needed.
                for i in 0..<n {
                    let v = found[i]
                    found[i] = UInt64(entries[Int(truncatingIfNeeded: (v >> 8) & 0xff_ffff)]) << 32 | (v & 0xffff_ffff)
                }
                for i in 0..<n {
                    let v = found[i]
                    let count = Int(v & 0xff)
                    guard count > 0 else { continue }
                    let first = UInt32(truncatingIfNeeded: v >> 32)
                    scores[Int(first >> 16)] &+= Int32(Int16(bitPattern: UInt16(truncatingIfNeeded: first)))
                    let start = Int(truncatingIfNeeded: (v >> 8) & 0xff_ffff)
                    for e in (start + 1)..<(start + count) {
                        let x = entries[e]
                        scores[Int(x >> 16)] &+= Int32(Int16(bitPattern: UInt16(truncatingIfNeeded: x)))
                    }
                }
            }
        }
    }

    /// The best class for `features` (the first on ties); `s` is scratch space for `classes` sums.
    @inline(__always)
    func best(_ features: UnsafeBufferPointer<UInt32>, scratch s: UnsafeMutablePointer<Int32>) -> Int {
        for k in 0..<classes { s[k] = 0 }
        accumulate(features, into: s)
        var best = 0
        var bestScore = s[0]
        for k in 1..<classes where s[k] > bestScore { bestScore = s[k]; best = k }
        return best
    }

    /// The sorted (key, entries) list, as written to a model file.
    func featureList() -> [(key: UInt32, entries: [(UInt8, Int16)])] {
        var out: [(key: UInt32, entries: [(UInt8, Int16)])] = []
        out.reserveCapacity(keys.count)
        // The keys go in again, in the same order, so each lands in the slot it was given.
        var taken = [Bool](repeating: false, count: slots.count)
        for key in keys {
            var slot = Self.home(key, shift)
            while taken[slot] { slot = (slot + 1) & mask }
            taken[slot] = true
            let v = slots[slot]
            if isInline {
                out.append((key, (0..<classes).compactMap { c in
                    let w = Int16(truncatingIfNeeded: v >> (16 * UInt64(c)))
                    return w == 0 ? nil : (UInt8(c), w)
                }))
            } else {
                let start = Int((v >> 8) & 0xff_ffff), end = start + Int(v & 0xff)
                out.append((key, (start..<end).map { e in
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
        let b = Builder(classes: classes, count: count, entryTotal: entryTotal)
        let mask = b.mask, shift = b.shift
        var keys: [UInt32] = []
        keys.reserveCapacity(count)
        let sp = b.slots.pointer, ep = b.entries.pointer
        var entryCount = 0
        let inline = classes <= 3
        var pos = r.pos
        var failure: String?
        func decode(_ src: UnsafeBufferPointer<UInt8>) {
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
                guard inline || entryCount + m <= entryTotal else { failure = "more weight entries than announced"; return }
                var slot = Int(key >> shift)
                while sp[slot] != 0 { slot = (slot + 1) & mask }
                keys.append(key)
                var v = inline ? fingerprint(key) << 48 : UInt64(key) << 32 | UInt64(entryCount) << 8 | UInt64(m)
                for _ in 0..<m {
                    guard pos < end else { failure = "file ends early"; return }
                    let c = src[pos]
                    pos += 1
                    guard Int(c) < classes, let z = varint() else { failure = "bad weight entry"; return }
                    let w = UInt16(bitPattern: Int16(truncatingIfNeeded: Int(z >> 1) ^ -Int(z & 1)))
                    if inline { v |= UInt64(w) << (16 * UInt64(c)) } else { ep[entryCount] = UInt32(c) << 16 | UInt32(w); entryCount += 1 }
                }
                sp[slot] = v
            }
        }
        decode(r.bytes)
        if let failure { throw r.error(failure) }
        r.pos = pos
        return SparseWeights(classes: classes, keys: keys, slots: b.slots, entries: b.entries, mask: mask, shift: shift)
    }

    private init(classes: Int, keys: [UInt32], slots: TableBuffer<UInt64>, entries: TableBuffer<UInt32>, mask: Int, shift: UInt32) {
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
        DependencyParser(labels: labels, transitions: transitions.pruned(minimum: minimum), labeler: labeler.pruned(minimum: minimum), supertagger: supertagger, labelLookup: labelLookup,
                         transitionLookup: transitionLookup)
    }

    /// The parser with the transition and label tables pruned at different minimums.
    public func pruned(transitions t: Int16, labels l: Int16) -> DependencyParser {
        DependencyParser(labels: labels, transitions: transitions.pruned(minimum: t), labeler: labeler.pruned(minimum: l), supertagger: supertagger, labelLookup: labelLookup,
                         transitionLookup: transitionLookup)
    }
}

extension Supertagger {
    /// The supertagger with small weights dropped (see `SparseWeights.pruned`).
    public func pruned(minimum: Int16) -> Supertagger {
        Supertagger(supertags: supertags, weights: weights.pruned(minimum: minimum), lookup: lookup)
    }
}

extension POSTagger {
    /// The tagger with small weights dropped (see `SparseWeights.pruned`).
    public func pruned(minimum: Int16) -> POSTagger {
        POSTagger(tagPairs: tagPairs, weights: weights.pruned(minimum: minimum), unambiguous: unambiguous, ambiguity: ambiguity, lemmatizer: lemmatizer)
    }
}

/// Fixed-size, zero-initialised storage for a weight table, never mutated once the table is built.
///
/// On Linux buffers of 2 MiB or more are anonymous mappings, whose pages the kernel hands out
/// already zeroed. They are not marked for transparent huge pages any more: on this VM, memory
/// freed a few seconds earlier goes back to the host, and 2 MiB pages taken from it made loading
/// the models take 160–210 ms instead of 40–50 ms after the machine had been idle, for 1–3% of
/// tagging and parsing speed (docs/SYNTAX.md). Their pages are populated when mapped.
final class TableBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    /// The whole mapping when the buffer is an anonymous mapping (which is already zeroed).
    private let mapping: (base: UnsafeMutableRawPointer, size: Int)?

    init(zeroed count: Int) {
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Element>.stride
        var raw: UnsafeMutableRawPointer?
        var mapping: (base: UnsafeMutableRawPointer, size: Int)?
        #if os(Linux)
        if bytes >= 2 << 20 {
            // The kernel hands out zeroed pages, so no memset. MAP_POPULATE has it fill them all
            // in the one call, not page by page as the table is filled: a table at most a quarter
            // full touches every page anyway, and one fault per 4 KiB page cost a fifth of the load
            // time (eleventh session, docs/SYNTAX.md).
            if let m = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0),
               m != UnsafeMutableRawPointer(bitPattern: -1) {
                raw = m
                mapping = (m, bytes)
            }
        }
        #endif
        if raw == nil {
            if posix_memalign(&raw, 64, bytes) != 0 { fatalError("out of memory for a weight table of \(bytes) bytes") }
            memset(raw!, 0, bytes)
        }
        self.mapping = mapping
        pointer = raw!.bindMemory(to: Element.self, capacity: max(count, 1))
    }

    deinit {
        if let mapping { munmap(mapping.base, mapping.size) } else { free(pointer) }
    }

    subscript(i: Int) -> Element {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }
}
