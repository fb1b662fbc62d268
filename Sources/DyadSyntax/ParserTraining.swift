extension DependencyParser {
    /// Options of `train`.
    public struct TrainingOptions: Sendable {
        public var epochs = 15
        public var seed: UInt64 = 1
        /// Probability of following the model's own (possibly wrong) move after the first epoch.
        public var explore = 0.9
        /// Quantized weights smaller than this are dropped (of ±32767); sized for a small model file.
        public var prune: Int16 = 640
        /// Perceptrons trained (with seeds `seed`, `seed + 1`, …) whose averaged weights are added
        /// into the model: one linear model, as fast to run as one perceptron, but steadier.
        public var runs = 4
        /// Epochs after which the first run's averaged model so far is handed to `train`'s
        /// `checkpoint` (for choosing the epoch count on dev).
        public var checkpoints: Set<Int> = []
        /// The label lookup (`LabelLookup`) keeps contexts seen at least this often (0: no lookup)…
        public var lookupMinCount = 20
        /// …with one relation at least this share of the time.
        public var lookupPurity = 0.995
        /// The transition lookup (`TransitionLookup`) keeps contexts seen at least this often (0, the
        /// default: no lookup)…
        public var transitionLookupMinCount = 0
        /// …with one move among the best at least this share of the time.
        public var transitionLookupPurity = 0.995
        public init(epochs: Int = 15, seed: UInt64 = 1, explore: Double = 0.9, prune: Int16 = 640, runs: Int = 4,
                    checkpoints: Set<Int> = [], lookupMinCount: Int = 20, lookupPurity: Double = 0.995,
                    transitionLookupMinCount: Int = 0, transitionLookupPurity: Double = 0.995) {
            self.transitionLookupMinCount = transitionLookupMinCount
            self.transitionLookupPurity = transitionLookupPurity
            self.lookupMinCount = lookupMinCount
            self.lookupPurity = lookupPurity
            self.epochs = epochs
            self.seed = seed
            self.explore = explore
            self.prune = prune
            self.runs = runs
            self.checkpoints = checkpoints
        }
    }

    /// Costs of the three moves under the dynamic oracle of Goldberg and Nivre (2013) for arc-hybrid:
    /// the number of gold arcs each move makes unreachable; `Int.max` when the move is not allowed.
    static func costs(_ st: State, gold: [Int], goldChildren: [[Int]], inStack: [Bool]) -> (Int, Int, Int) {
        let n = st.n, b = st.b
        let sc = st.stack.count
        let s0 = sc > 0 ? Int(st.stack[sc - 1]) : -1
        let s1 = sc > 1 ? Int(st.stack[sc - 2]) : -1
        var shift = Int.max, left = Int.max, right = Int.max
        if st.canShift {
            var c = 0
            for k in goldChildren[b] where inStack[k] { c += 1 }
            let h = gold[b]
            if h < n && inStack[h] && h != s0 { c += 1 }
            shift = c
        }
        if s0 >= 0 {
            var deps = 0
            for k in goldChildren[s0] where k >= b { deps += 1 }
            let h = gold[s0]
            if st.canLeft { left = deps + (h != b && (h == s1 || h >= b) ? 1 : 0) }
            if st.canRight { right = deps + (h != s1 && h >= b ? 1 : 0) }
        }
        return (shift, left, right)
    }

    /// Trains a parser on treebank sentences whose tags are given (predicted tags, ideally jackknifed).
    /// - Parameters:
    ///   - tags: the tag pair ("UPOS\tXPOS") of every word of every sentence, as the tagger would give them.
    ///   - supertags: with `supertagger`, the supertag of every word (ideally jackknifed,
    ///     `Supertagger.jackknifed`); the model keeps the supertagger and reads its supertags.
    ///   - progress: called after each epoch with a stage name, the epoch and the training accuracy.
    public static func train(_ sentences: [TreebankSentence], tags: [[String]], supertags: [[String]]? = nil, supertagger: Supertagger? = nil,
                             options: TrainingOptions = TrainingOptions(),
                             progress: (String, Int, Double) -> Void = { _, _, _ in },
                             checkpoint: (Int, DependencyParser) -> Void = { _, _ in }) -> DependencyParser {
        let labels = Set(sentences.flatMap(\.deprels)).union(["root"]).sorted()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let words: [[WordInfo]] = sentences.map { $0.forms.map(WordInfo.init) }
        let tagHashes: [[UInt64]] = tags.map { $0.map { FeatureHash.bytes($0.utf8) } }
        // Supertags (jackknifed, as the tags) come with the supertagger that gives them at parse time.
        precondition((supertags == nil) == (supertagger == nil), "supertags and a supertagger go together")
        let stHashes: [[UInt64]] = supertags?.map { $0.map { FeatureHash.bytes($0.utf8) } } ?? sentences.map { _ in [] }
        let transitionSum = WeightSum(classes: 3), labelSum = WeightSum(classes: labels.count)
        for run in 0..<max(options.runs, 1) {
            var rng = SeededRandom(seed: options.seed &+ UInt64(run))
            var order = Array(sentences.indices)

            // Transitions, and the labeller that labels each arc as it is made.
            let trainer = PerceptronTrainer(classes: 3)
            let labelTrainer = PerceptronTrainer(classes: labels.count)
            var labelScores = [Float](repeating: 0, count: labels.count)
            let rootLabel = labelIndex["root"]!
            var scores = [Float](repeating: 0, count: 3)
            withFeatureList { feats in withFeatureList { labelFeats in
                for epoch in 0..<options.epochs {
                    order.shuffle(using: &rng)
                    var correct = 0, total = 0, labelCorrect = 0, labelTotal = 0
                    for si in order {
                        let s = sentences[si]
                        let n = s.count
                        guard n > 0 else { continue }
                        let gold = s.heads.map { $0 == 0 ? n : $0 - 1 }
                        let goldLabels = s.deprels.map { labelIndex[$0]! }
                        var goldChildren = [[Int]](repeating: [], count: n + 1)
                        for (d, h) in gold.enumerated() { goldChildren[h].append(d) }
                        var st = State(n: n)
                        var inStack = [Bool](repeating: false, count: n + 1)
                        while !st.isTerminal {
                            let c = costs(st, gold: gold, goldChildren: goldChildren, inStack: inStack)
                            let cost = [c.0, c.1, c.2]
                            features(st, words[si], tagHashes[si], stHashes[si], into: &feats)
                            trainer.score(feats.buffer, into: &scores)
                            var pred = -1, best = -1
                            let minCost = cost.min()!
                            for m in 0..<3 where cost[m] != Int.max {
                                if pred < 0 || scores[m] > scores[pred] { pred = m }
                                if cost[m] == minCost && (best < 0 || scores[m] > scores[best]) { best = m }
                            }
                            trainer.tick()
                            if cost[pred] > minCost { trainer.update(truth: best, guess: pred, features: feats.buffer) } else { correct += 1 }
                            total += 1
                            let next = (epoch > 0 && rng.unit() < options.explore) ? pred : best
                            let m = Move(rawValue: next)!
                            var label = 0
                            switch m {
                            case .shift: inStack[st.b] = true
                            case .left, .right:
                                inStack[Int(st.stack[st.stack.count - 1])] = false
                                let (d, h) = st.arc(m)
                                if h == n {
                                    label = rootLabel
                                } else {
                                    attachFeatures(st, d, h, words[si], tagHashes[si], stHashes[si], into: &labelFeats)
                                    labelTrainer.score(labelFeats.buffer, into: &labelScores)
                                    var guess = rootLabel == 0 ? 1 : 0
                                    for k in 0..<labels.count where k != rootLabel && labelScores[k] > labelScores[guess] { guess = k }
                                    label = guess
                                    if gold[d] == h {
                                        labelTrainer.tick()
                                        labelTrainer.update(truth: goldLabels[d], guess: guess, features: labelFeats.buffer)
                                        labelTotal += 1
                                        if guess == goldLabels[d] { labelCorrect += 1 }
                                    }
                                }
                            }
                            st.apply(m, label: label)
                        }
                    }
                    let stage = options.runs > 1 ? "run \(run + 1) " : ""
                    progress(stage + "transitions", epoch + 1, Double(correct) / Double(max(total, 1)))
                    progress(stage + "labels", epoch + 1, Double(labelCorrect) / Double(max(labelTotal, 1)))
                    if run == 0 && options.checkpoints.contains(epoch + 1) && epoch + 1 < options.epochs {
                        checkpoint(epoch + 1, DependencyParser(labels: labels, transitions: trainer.averaged(prune: options.prune),
                                                               labeler: labelTrainer.averaged(prune: options.prune), supertagger: supertagger))
                    }
                }
            } }
            transitionSum.add(trainer)
            labelSum.add(labelTrainer)
        }
        let parser = DependencyParser(labels: labels, transitions: transitionSum.quantized(prune: options.prune),
                                      labeler: labelSum.quantized(prune: options.prune), supertagger: supertagger,
                                      labelLookup: learnLabelLookup(sentences, tags: tags, supertags: supertags, labels: labels, options: options))
        return parser.with(transitionLookup: parser.learnTransitionLookup(sentences, tags: tags, supertags: supertags, options: options))
    }

    /// The transition lookup of this parser, learned from its own greedy parses of the treebank
    /// with the tags (and supertags) it trains on; nil when `options.transitionLookupMinCount` is 0
    /// or no context is settled.
    public func learnTransitionLookup(_ sentences: [TreebankSentence], tags: [[String]], supertags: [[String]]? = nil, options: TrainingOptions) -> TransitionLookup? {
        guard options.transitionLookupMinCount > 0 else { return nil }
        let c = LookupCorpus(sentences, tags: tags, supertags: supertags)
        let lookup = TransitionLookup.learn(self.with(transitionLookup: nil), words: c.words, tags: c.tags,
                                            supertags: c.supertags ?? sentences.map { _ in [] }, heads: c.heads,
                                            minCount: options.transitionLookupMinCount, purity: options.transitionLookupPurity)
        return lookup.count > 0 ? lookup : nil
    }

    /// How many contexts its transition lookup holds (0 without one).
    public var transitionLookupCount: Int { transitionLookup?.count ?? 0 }

    /// The same parser with another transition lookup (or none).
    public func with(transitionLookup: TransitionLookup?) -> DependencyParser {
        var p = self
        p.transitionLookup = transitionLookup
        return p
    }

    /// The label lookup of a parser with these relation names, learned from the treebank with the
    /// tags (and, for a parser with supertags, the supertags) the parser trains on; nil when
    /// `options.lookupMinCount` is 0 or no context is settled.
    public static func learnLabelLookup(_ sentences: [TreebankSentence], tags: [[String]], supertags: [[String]]? = nil, labels: [String], options: TrainingOptions) -> LabelLookup? {
        guard options.lookupMinCount > 0 else { return nil }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let c = LookupCorpus(sentences, tags: tags, supertags: supertags)
        let lookup = LabelLookup.learn(words: c.words, tags: c.tags, supertags: c.supertags, heads: c.heads,
                                       labels: sentences.map { $0.deprels.map { labelIndex[$0] ?? -1 } },
                                       minCount: options.lookupMinCount, purity: options.lookupPurity)
        return lookup.count > 0 ? lookup : nil
    }

    /// How many contexts its label lookup holds (0 without one).
    public var labelLookupCount: Int { labelLookup?.count ?? 0 }

    /// The same parser with another label lookup (or none).
    public func with(labelLookup: LabelLookup?) -> DependencyParser {
        var p = self
        p.labelLookup = labelLookup
        return p
    }

    /// The same parser with another supertagger (its weights must be those the parser was trained with).
    public func with(supertagger: Supertagger?) -> DependencyParser {
        DependencyParser(labels: labels, transitions: transitions, labeler: labeler, supertagger: supertagger, labelLookup: labelLookup,
                         transitionLookup: transitionLookup)
    }

    // MARK: Model file

    static let magic = "DYADPAR2"
    /// The same, followed by the supertagger's model.
    static let magicWithSupertags = "DYADPAR3"
    /// Any of these, with lookups: a flags byte (1: supertagger, 2: label lookup, 4: transition lookup) after the magic.
    static let magicWithFlags = "DYADPAR4"

    /// The model as bytes (see docs/SYNTAX.md for the layout).
    public func serialized() -> [UInt8] {
        var w = ModelWriter()
        if labelLookup == nil && transitionLookup == nil {
            for b in (supertagger == nil ? Self.magic : Self.magicWithSupertags).utf8 { w.u8(b) }
        } else {
            for b in Self.magicWithFlags.utf8 { w.u8(b) }
            w.u8((supertagger == nil ? 0 : 1) | (labelLookup == nil ? 0 : 2) | (transitionLookup == nil ? 0 : 4))
        }
        w.strings(labels)
        transitions.write(to: &w)
        labeler.write(to: &w)
        supertagger?.write(to: &w)
        labelLookup?.write(to: &w)
        transitionLookup?.write(to: &w)
        return w.data
    }

    /// Reads a model file written by `serialized()`.
    public init(path: String) throws {
        try self.init(reader: try ModelReader.load(path: path))
    }

    /// Reads a model written by `serialized()`.
    public init(bytes: [UInt8], name: String) throws {
        try self.init(reader: ModelReader(bytes: bytes, name: name))
    }

    init(reader: ModelReader) throws {
        var r = reader
        let bytes = r.bytes
        var flags: UInt8 = 0
        if bytes.starts(with: Array(Self.magicWithFlags.utf8)) {
            try r.expect(magic: Self.magicWithFlags)
            flags = try r.u8()
            guard flags & ~7 == 0 else { throw r.error("unknown model flags \(flags)") }
        } else if bytes.starts(with: Array(Self.magicWithSupertags.utf8)) {
            try r.expect(magic: Self.magicWithSupertags)
            flags = 1
        } else {
            try r.expect(magic: Self.magic)
        }
        let withSupertags = flags & 1 != 0
        let labels = try r.strings()
        let transitions = try SparseWeights.read(from: &r)
        let labeler = try SparseWeights.read(from: &r)
        guard transitions.classes == 3, labeler.classes == labels.count, labels.contains("root") else {
            throw r.error("weights do not match the label list")
        }
        let supertagger = withSupertags ? try Supertagger.read(from: &r) : nil
        let lookup = flags & 2 != 0 ? try LabelLookup.read(from: &r, labels: labels.count) : nil
        let transitionLookup = flags & 4 != 0 ? try TransitionLookup.read(from: &r) : nil
        guard r.pos == bytes.count else { throw r.error("unexpected bytes after the model") }
        self.init(labels: labels, transitions: transitions, labeler: labeler, supertagger: supertagger, labelLookup: lookup,
                  transitionLookup: transitionLookup)
    }
}

/// The training treebank as the lookups count it: each word's features, the hashes of the tags
/// (and supertags) the parser trains on, and each word's head (`n` for the root).
struct LookupCorpus {
    let words: [[WordInfo]]
    let tags: [[UInt64]]
    let supertags: [[UInt64]]?
    let heads: [[Int]]

    init(_ sentences: [TreebankSentence], tags: [[String]], supertags: [[String]]?) {
        words = sentences.map { $0.forms.map(WordInfo.init) }
        self.tags = tags.map { $0.map { FeatureHash.bytes($0.utf8) } }
        self.supertags = supertags?.map { $0.map { FeatureHash.bytes($0.utf8) } }
        heads = sentences.map { s in s.heads.map { $0 == 0 ? s.count : $0 - 1 } }
    }
}
