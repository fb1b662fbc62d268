/// Predicts each word's *supertag* — its dependency relation and the side its head is on
/// (`nsubj>`: the head follows; `obj<`: it precedes; `root`) — from the words and the predicted
/// part-of-speech tags around it, before parsing. A greedy left-to-right averaged perceptron, like
/// the tagger, but it sees the tags of the whole sentence, to the right as well; the parser and the
/// labeller read the supertags of the words they look at, which tells a greedy parser something of
/// the sentence beyond its buffer front.
public struct Supertagger: Sendable {
    /// The supertags, indexed by class.
    public let supertags: [String]
    let weights: SparseWeights
    /// Hash of each supertag, as the parser reads it.
    let hashes: [UInt64]
    /// Lookup words: a word with its tag pair that the training treebank gives one supertag (as a
    /// comma gives `punct<` and "the" before a noun `det>`), taken without scoring; and lookup
    /// contexts (see `contextKeys`), tried after them. Nil for models trained before it.
    let lookup: SettledTable?
    /// How many lookup words and contexts it has.
    public var lookupCount: Int { lookup?.count ?? 0 }

    init(supertags: [String], weights: SparseWeights, lookup: SettledTable? = nil) {
        self.supertags = supertags
        self.weights = weights
        self.lookup = lookup
        hashes = supertags.map { FeatureHash.bytes($0.utf8) }
    }

    static let lookupSeed: UInt64 = 0x5354_4C4B
    @inline(__always) static func lookupKey(_ w: WordInfo, _ t: UInt64) -> UInt64 {
        SettledTable.key(FeatureHash.mix(FeatureHash.mix(lookupSeed, w.lower), t))
    }

    static let contextSeed: UInt64 = 0x5354_4358
    /// The lookup contexts of word `i`, tried in this order after its lookup word: the word with its
    /// tag pair and those of the words either side; its tag pair with those of the next two words
    /// and the previous one; with those of the two words either side.
    @inline(__always)
    static func contextKeys(_ w: [WordInfo], _ t: [UInt64], _ i: Int) -> (UInt64, UInt64, UInt64) {
        let n = w.count
        @inline(__always) func tag(_ j: Int) -> UInt64 { j < 0 ? (j == -1 ? start : start2) : (j >= n ? (j == n ? end : end2) : t[j]) }
        typealias H = FeatureHash
        let middle = H.mix(H.mix(H.mix(contextSeed, t[i]), tag(i - 1)), tag(i + 1))
        let a = H.mix(H.mix(middle, 1), w[i].lower)
        let b = H.mix(H.mix(middle, 2), tag(i + 2))
        let c = H.mix(H.mix(b, 3), tag(i - 2))
        return (SettledTable.key(a), SettledTable.key(b), SettledTable.key(c))
    }

    /// The supertag the lookup settles for word `i`, if any.
    @inline(__always)
    func settled(_ w: [WordInfo], _ t: [UInt64], _ i: Int) -> Int? {
        guard let lookup else { return nil }
        if let v = lookup.find(Self.lookupKey(w[i], t[i])) { return Int(v) }
        let k = Self.contextKeys(w, t, i)
        if let v = lookup.find(k.0) ?? lookup.find(k.1) ?? lookup.find(k.2) { return Int(v) }
        return nil
    }

    /// The lookup words of a supertagger with these supertag names: a word and tag pair seen at
    /// least `minCount` times in the sentences (with these tags), with one supertag at least
    /// `purity` of the time.
    static func learnLookup(_ sentences: [TreebankSentence], tags: [[String]], names: [String], minCount: Int, purity: Double,
                            contexts: Bool) -> SettledTable {
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var counts: [UInt64: [Int: Int]] = [:]
        for (si, s) in sentences.enumerated() {
            let gold = Self.gold(s)
            let w = s.forms.map(WordInfo.init), t = tags[si].map { FeatureHash.bytes($0.utf8) }
            for i in 0..<s.count {
                guard let g = index[gold[i]] else { continue }
                counts[lookupKey(w[i], t[i]), default: [:]][g, default: 0] += 1
                guard contexts else { continue }
                let k = contextKeys(w, t, i)
                for key in [k.0, k.1, k.2] { counts[key, default: [:]][g, default: 0] += 1 }
            }
        }
        return SettledTable(entries: SettledTable.settled(counts, minCount: minCount, purity: purity).map { (key: $0.key, value: $0.value) })
    }

    /// The same supertagger with lookup words learned from these sentences (none if `minCount` is 0
    /// or no word is settled).
    public func with(lookupFrom sentences: [TreebankSentence], tags: [[String]], minCount: Int, purity: Double, contexts: Bool = true) -> Supertagger {
        let lookup = minCount > 0 ? Self.learnLookup(sentences, tags: tags, names: supertags, minCount: minCount, purity: purity, contexts: contexts) : nil
        return Supertagger(supertags: supertags, weights: weights, lookup: lookup.flatMap { $0.count > 0 ? $0 : nil })
    }

    static let start: UInt64 = 0x5354_4152_54
    static let start2: UInt64 = 0x5354_4152_55
    static let end: UInt64 = 0x454E_44
    static let end2: UInt64 = 0x454E_45

    /// The supertag of every word of a treebank sentence.
    public static func gold(_ s: TreebankSentence) -> [String] {
        (0..<s.count).map { i in s.heads[i] == 0 ? "root" : s.deprels[i] + (s.heads[i] - 1 > i ? ">" : "<") }
    }

    /// Writes the features of word `i` into `out` (cleared first); `t` holds the tag-pair hashes.
    @inline(__always)
    static func features(_ w: [WordInfo], _ t: [UInt64], _ i: Int, _ p1: UInt64, _ p2: UInt64, into out: inout FeatureList) {
        out.removeAll(keepingCapacity: true)
        let n = w.count
        @inline(__always) func tag(_ j: Int) -> UInt64 { j < 0 ? (j == -1 ? start : start2) : (j >= n ? (j == n ? end : end2) : t[j]) }
        @inline(__always) func word(_ j: Int) -> UInt64 { j < 0 ? start : (j >= n ? end : w[j].lower) }
        let t0 = t[i], tm1 = tag(i - 1), tm2 = tag(i - 2), tp1 = tag(i + 1), tp2 = tag(i + 2)
        let w0 = w[i].lower, wm1 = word(i - 1), wp1 = word(i + 1)
        typealias H = FeatureHash
        out.append(H.f(500, 0))
        out.append(H.f(501, w0)); out.append(H.f(502, t0)); out.append(H.f(503, w0, t0))
        out.append(H.f(504, tm1)); out.append(H.f(505, tp1)); out.append(H.f(506, tm2)); out.append(H.f(507, tp2))
        out.append(H.f(508, tm1, t0)); out.append(H.f(509, t0, tp1)); out.append(H.f(510, tm1, t0, tp1))
        out.append(H.f(511, t0, tp1, tp2)); out.append(H.f(512, tm2, tm1, t0))
        out.append(H.f(513, wm1, t0)); out.append(H.f(514, t0, wp1)); out.append(H.f(515, wm1)); out.append(H.f(516, wp1))
        out.append(H.f(517, p1)); out.append(H.f(518, p1, t0)); out.append(H.f(519, p1, p2, t0)); out.append(H.f(520, p1, t0, tp1))
        out.append(H.f(521, w[i].suf3, t0)); out.append(H.f(522, w0, tp1)); out.append(H.f(523, tm1, w0))
    }

    /// Supertags one sentence given its words and tag-pair hashes; a class index per word.
    func tag(_ w: [WordInfo], _ t: [UInt64]) -> [Int] {
        var out = [Int](repeating: 0, count: w.count)
        let classes = weights.classes
        withFeatureList { feats in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: classes) { s in
                var p1 = Self.start, p2 = Self.start2
                for i in 0..<w.count {
                    let best: Int
                    if let v = settled(w, t, i) {
                        best = v
                    } else {
                        Self.features(w, t, i, p1, p2, into: &feats)
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

    /// The supertag hashes of one sentence, as the parser reads them.
    func supertagHashes(_ w: [WordInfo], _ t: [UInt64]) -> [UInt64] { tag(w, t).map { hashes[$0] } }

    /// Trains a supertagger on treebank sentences with their (predicted, ideally jackknifed) tag pairs.
    public static func train(_ sentences: [TreebankSentence], tags: [[String]], options: POSTagger.TrainingOptions) -> Supertagger {
        let goldTags = sentences.map(gold)
        let names = Set(goldTags.joined()).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let golds = goldTags.map { $0.map { index[$0]! } }
        let infos: [[WordInfo]] = sentences.map { $0.forms.map(WordInfo.init) }
        let tagHashes: [[UInt64]] = tags.map { $0.map { FeatureHash.bytes($0.utf8) } }
        // Its own seeds (the tagger's plus 0x5157), so that its shuffles differ from the tagger's.
        let sum = PerceptronTrainer.trainSequence(classes: names.count, lengths: infos.map(\.count), runs: options.runs, epochs: options.epochs,
                                                  seed: options.seed &+ 0x5157, start: (start, start2), gold: { golds[$0][$1] },
                                                  features: { si, i, p1, p2, feats in features(infos[si], tagHashes[si], i, p1, p2, into: &feats) })
        return Supertagger(supertags: names, weights: sum.quantized(prune: options.prune))
    }

    /// Supertags of every training sentence predicted by supertaggers trained on the other folds
    /// (contiguous, as for the tags), so the parser trains on supertags as noisy as it will see; the
    /// gold ones when `folds` is 1.
    public static func jackknifed(_ sentences: [TreebankSentence], tags: [[String]], folds: Int, options: POSTagger.TrainingOptions,
                                  log: (String) -> Void = { _ in }) -> [[String]] {
        guard folds > 1 else { return sentences.map(gold) }
        return SyntaxTraining.jackknife(sentences.count, folds: folds,
                                        train: { idx in train(idx.map { sentences[$0] }, tags: idx.map { tags[$0] }, options: options) },
                                        predict: { st, i in st.tag(sentences[i].forms.map(WordInfo.init), tags[i].map { FeatureHash.bytes($0.utf8) }).map { st.supertags[$0] } },
                                        gold: { gold(sentences[$0]) }, report: { "supertag jackknife fold \($0): \($1)%" }, log: log)
    }

    /// Percentage of words of `sentences` given their gold supertag, on the tags `tagger` predicts.
    public func accuracy(on sentences: [TreebankSentence], tagger: POSTagger) -> Double {
        var correct = 0, total = 0
        for s in sentences {
            let w = s.forms.map(WordInfo.init)
            let t = tagger.tag(w).map { FeatureHash.bytes(tagger.tagPairs[$0].utf8) }
            for (a, b) in zip(tag(w, t).map { supertags[$0] }, Self.gold(s)) { total += 1; if a == b { correct += 1 } }
        }
        return 100 * Double(correct) / Double(max(total, 1))
    }

    // MARK: Model file

    static let magic = "DYADSTG1"
    /// The same followed by the lookup words.
    static let magicWithLookup = "DYADSTG2"

    func write(to w: inout ModelWriter) {
        for b in (lookup == nil ? Self.magic : Self.magicWithLookup).utf8 { w.u8(b) }
        w.strings(supertags)
        weights.write(to: &w)
        lookup?.write(to: &w)
    }

    static func read(from r: inout ModelReader) throws -> Supertagger {
        let withLookup = r.bytes[r.pos...].starts(with: Array(magicWithLookup.utf8))
        try r.expect(magic: withLookup ? magicWithLookup : magic)
        let names = try r.strings()
        let weights = try SparseWeights.read(from: &r)
        guard !names.isEmpty, weights.classes == names.count else { throw r.error("supertagger weights do not match its supertags") }
        let lookup = withLookup ? try SettledTable.read(from: &r, limit: names.count) : nil
        return Supertagger(supertags: names, weights: weights, lookup: lookup)
    }
}
