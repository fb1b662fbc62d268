/// A greedy left-to-right part-of-speech tagger: an averaged perceptron over word, affix, shape,
/// neighbouring-word and previous-tag features that predicts a (UPOS, Penn XPOS) pair per word.
public struct POSTagger: Sendable {
    /// The tag pairs the model predicts, as "UPOS\tXPOS".
    public let tagPairs: [String]
    public let upos: [String]
    public let xpos: [String]
    let weights: SparseWeights
    /// Frequent words that always had one tag pair in training (by exact-form hash).
    let unambiguous: [UInt64: UInt8]
    /// Ambiguity class of each known word (by lower-case hash): a hash of the tags it had in training.
    let ambiguity: [UInt64: UInt64]
    public let lemmatizer: Lemmatizer

    init(tagPairs: [String], weights: SparseWeights, unambiguous: [UInt64: UInt8], ambiguity: [UInt64: UInt64], lemmatizer: Lemmatizer) {
        self.tagPairs = tagPairs
        self.upos = tagPairs.map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }
        self.xpos = tagPairs.map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[1]) }
        self.weights = weights
        self.unambiguous = unambiguous
        self.ambiguity = ambiguity
        self.lemmatizer = lemmatizer
    }

    static let startTag: UInt64 = 0x5_7A27
    static let startTag2: UInt64 = 0x5_7A28

    /// Writes the features of word `i` into `out` (cleared first).
    @inline(__always)
    static func features(_ w: [WordInfo], _ amb: [UInt64], _ i: Int, _ p1: UInt64, _ p2: UInt64, into out: inout FeatureList) {
        out.removeAll(keepingCapacity: true)
        let n = w.count
        let c = w[i]
        let m1 = i > 0 ? w[i - 1] : WordInfo.start
        let m2 = i > 1 ? w[i - 2] : (i > 0 ? WordInfo.start : WordInfo.start2)
        let q1 = i + 1 < n ? w[i + 1] : WordInfo.end
        let q2 = i + 2 < n ? w[i + 2] : (i + 1 < n ? WordInfo.end : WordInfo.end2)
        typealias H = FeatureHash
        out.append(H.f(1, 0))
        out.append(H.f(2, c.lower))
        out.append(H.f(3, c.form))
        out.append(H.f(4, c.suf1))
        out.append(H.f(5, c.suf2))
        out.append(H.f(6, c.suf3))
        out.append(H.f(7, c.suf4))
        out.append(H.f(8, c.pre1))
        out.append(H.f(9, c.pre2))
        out.append(H.f(10, c.pre3))
        out.append(H.f(11, c.shape))
        out.append(H.f(12, m1.lower))
        out.append(H.f(13, m2.lower))
        out.append(H.f(14, q1.lower))
        out.append(H.f(15, q2.lower))
        out.append(H.f(16, m1.suf3))
        out.append(H.f(17, q1.suf3))
        out.append(H.f(18, q1.shape))
        out.append(H.f(19, m1.shape))
        out.append(H.f(20, p1))
        out.append(H.f(21, p2))
        out.append(H.f(22, p1, p2))
        out.append(H.f(23, p1, c.lower))
        out.append(H.f(24, p1, c.suf3))
        out.append(H.f(25, m1.lower, c.lower))
        out.append(H.f(26, c.lower, q1.lower))
        out.append(H.f(27, i == 0 ? 1 : 0, c.shape))
        out.append(H.f(28, p1, q1.lower))
        out.append(H.f(29, c.flags))
        out.append(H.f(30, q1.suf2))
        out.append(H.f(31, m1.lower, q1.lower))
        out.append(H.f(32, c.suf2, q1.lower))
        let a0 = amb[i], am1 = i > 0 ? amb[i - 1] : 1, aq1 = i + 1 < n ? amb[i + 1] : 2, aq2 = i + 2 < n ? amb[i + 2] : 2
        out.append(H.f(33, a0))
        out.append(H.f(34, a0, aq1))
        out.append(H.f(35, p1, a0))
        out.append(H.f(36, aq1))
        out.append(H.f(37, aq1, aq2))
        out.append(H.f(38, am1, a0))
        out.append(H.f(39, a0, c.suf3))
        out.append(H.f(40, p1, a0, aq1))
        out.append(H.f(41, c.lower, aq1))
        out.append(H.f(42, p1, p2, a0))
        out.append(H.f(43, q1.lower, q2.lower))
        out.append(H.f(44, m1.lower, c.suf3))
        out.append(H.f(45, am1, a0, aq1))
        out.append(H.f(46, p1, c.shape))
    }

    /// Tags one sentence; returns a tag-pair index per word.
    public func tag(_ words: [String]) -> [Int] { tag(words.map(WordInfo.init)) }

    /// Ambiguity classes of a sentence's words (0 for unknown words).
    static func ambiguityClasses(_ w: [WordInfo], _ table: [UInt64: UInt64]) -> [UInt64] {
        w.map { table[$0.lower] ?? 0 }
    }

    func tag(_ w: [WordInfo]) -> [Int] {
        var out = [Int](repeating: 0, count: w.count)
        let amb = Self.ambiguityClasses(w, ambiguity)
        let classes = weights.classes
        withFeatureList { feats in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: classes) { s in
                    var p1 = Self.startTag, p2 = Self.startTag2
                    for i in 0..<w.count {
                        var best: Int
                        if let u = unambiguous[w[i].form] {
                            best = Int(u)
                        } else {
                            Self.features(w, amb, i, p1, p2, into: &feats)
                            best = weights.best(feats.buffer, scratch: s.baseAddress!)
                        }
                        out[i] = best
                        p2 = p1
                        p1 = UInt64(best)
                    }
                }
        }
        return out
    }

    // MARK: Training

    /// Options of `train`.
    public struct TrainingOptions: Sendable {
        public var epochs = 10
        public var seed: UInt64 = 1
        /// Quantized weights smaller than this are dropped (of ±32767); sized for a small model file.
        public var prune: Int16 = 512
        /// Perceptrons trained (with seeds `seed`, `seed + 1`, …) whose averaged weights are added into the model.
        public var runs = 4
        public init(epochs: Int = 10, seed: UInt64 = 1, prune: Int16 = 512, runs: Int = 4) {
            self.epochs = epochs
            self.seed = seed
            self.prune = prune
            self.runs = runs
        }
    }

    /// Trains a tagger (and the lemmatizer's lexicon) on treebank sentences.
    /// - Parameter progress: called after each epoch with its number and training accuracy.
    public static func train(_ sentences: [TreebankSentence], options: TrainingOptions = TrainingOptions(),
                             progress: (Int, Double) -> Void = { _, _ in }) -> POSTagger {
        var pairSet = Set<String>()
        for s in sentences { for i in 0..<s.count { pairSet.insert(s.upos[i] + "\t" + s.xpos[i]) } }
        let pairs = pairSet.sorted()
        let pairIndex = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1, $0) })
        let gold: [[Int]] = sentences.map { s in (0..<s.count).map { pairIndex[s.upos[$0] + "\t" + s.xpos[$0]]! } }
        let infos: [[WordInfo]] = sentences.map { $0.forms.map(WordInfo.init) }

        // Frequent, unambiguous words are tagged by lookup.
        var counts: [String: [Int: Int]] = [:]
        for (si, s) in sentences.enumerated() { for i in 0..<s.count { counts[s.forms[i], default: [:]][gold[si][i], default: 0] += 1 } }
        var unambiguous: [UInt64: UInt8] = [:]
        for (form, byTag) in counts {
            if let tag = SettledTable.verdict(byTag, minCount: 20, purity: 0.99), tag >= 0 { unambiguous[FeatureHash.bytes(form.utf8)] = UInt8(tag) }
        }

        var tagsOfWord: [UInt64: [Int: Int]] = [:]
        for (si, w) in infos.enumerated() { for i in w.indices { tagsOfWord[w[i].lower, default: [:]][gold[si][i], default: 0] += 1 } }
        // A word's ambiguity class: the tags with at least 5% of its occurrences. In training each
        // token's class leaves the token itself out, so that the class is as informative as on new text.
        func ambiguityClass(_ byTag: [Int: Int], leavingOut g: Int?) -> UInt64 {
            let total = byTag.values.reduce(0, +) - (g == nil ? 0 : 1)
            guard total > 0 else { return 0 }
            var h: UInt64 = 0xA3B1
            for (tag, n) in byTag.sorted(by: { $0.key < $1.key }) {
                let k = n - (tag == g ? 1 : 0)
                if k > 0 && k * 20 >= total { h = FeatureHash.mix(h, UInt64(tag) + 1) }
            }
            return h
        }
        var ambiguity: [UInt64: UInt64] = [:]
        for (word, byTag) in tagsOfWord { ambiguity[word] = ambiguityClass(byTag, leavingOut: nil) }
        let ambs: [[UInt64]] = infos.enumerated().map { si, w in
            w.indices.map { ambiguityClass(tagsOfWord[w[$0].lower]!, leavingOut: gold[si][$0]) }
        }

        let sum = PerceptronTrainer.trainSequence(classes: pairs.count, lengths: infos.map(\.count), runs: options.runs, epochs: options.epochs,
                                                  seed: options.seed, start: (startTag, startTag2), gold: { gold[$0][$1] },
                                                  features: { si, i, p1, p2, feats in features(infos[si], ambs[si], i, p1, p2, into: &feats) },
                                                  progress: progress)
        return POSTagger(tagPairs: pairs, weights: sum.quantized(prune: options.prune), unambiguous: unambiguous,
                         ambiguity: ambiguity, lemmatizer: Lemmatizer.learn(from: sentences))
    }

    // MARK: Model file

    static let magic = "DYADTAG1"

    /// The model as bytes (see docs/SYNTAX.md for the layout).
    public func serialized() -> [UInt8] {
        var w = ModelWriter()
        for b in Self.magic.utf8 { w.u8(b) }
        w.strings(tagPairs)
        let amb = unambiguous.sorted { $0.key < $1.key }
        w.varint(UInt64(amb.count))
        for (k, v) in amb {
            for i in 0..<8 { w.u8(UInt8(truncatingIfNeeded: k >> (8 * UInt64(i)))) }
            w.u8(v)
        }
        let ambList = ambiguity.sorted { $0.key < $1.key }
        w.varint(UInt64(ambList.count))
        for (k, v) in ambList { w.u64(k); w.u64(v) }
        weights.write(to: &w)
        lemmatizer.write(to: &w)
        return w.data
    }

    /// Reads a model written by `serialized()`.
    public init(bytes: [UInt8], name: String) throws {
        try self.init(reader: ModelReader(bytes: bytes, name: name))
    }

    /// Reads a model file (mapped, see `ModelBytes`).
    public init(path: String) throws {
        try self.init(reader: try ModelReader.load(path: path))
    }

    init(reader: ModelReader) throws {
        var r = reader
        try r.expect(magic: Self.magic)
        let pairs = try r.strings()
        guard !pairs.isEmpty, pairs.allSatisfy({ $0.contains("\t") }) else { throw r.error("bad tag list") }
        let n = Int(try r.varint())
        var amb: [UInt64: UInt8] = [:]
        amb.reserveCapacity(n)
        for _ in 0..<n {
            var k: UInt64 = 0
            for i in 0..<8 { k |= UInt64(try r.u8()) << (8 * UInt64(i)) }
            let v = try r.u8()
            guard Int(v) < pairs.count else { throw r.error("tag out of range") }
            amb[k] = v
        }
        let an = Int(try r.varint())
        var ambiguity: [UInt64: UInt64] = [:]
        ambiguity.reserveCapacity(an)
        for _ in 0..<an { let k = try r.u64(); ambiguity[k] = try r.u64() }
        let weights = try SparseWeights.read(from: &r)
        guard weights.classes == pairs.count else { throw r.error("weights do not match the tag list") }
        let lemmatizer = try Lemmatizer.read(from: &r)
        self.init(tagPairs: pairs, weights: weights, unambiguous: amb, ambiguity: ambiguity, lemmatizer: lemmatizer)
    }
}
