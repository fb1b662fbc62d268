import Foundation

/// A greedy transition-based dependency parser (arc-hybrid, root at the end of the buffer) with an
/// averaged-perceptron transition model trained with a dynamic oracle, and a second averaged
/// perceptron that labels each arc of the finished tree with a Universal Dependencies relation.
public struct DependencyParser: Sendable {
    /// Relation names, indexed by label class.
    public let labels: [String]
    let transitions: SparseWeights
    let labeler: SparseWeights
    let rootLabel: Int
    /// Predicts each word's *supertag* (its relation and the side its head is on) before parsing;
    /// the parser and labeller read the supertags of the words they look at. Nil for models
    /// trained without them.
    public let supertagger: Supertagger?
    /// Arcs whose relation the training treebank settles (see `LabelLookup`): greedy decoding takes
    /// it without scoring the labeller. Nil for models trained before it (and the search decoders
    /// always score the labeller, whose confidence they rank by).
    var labelLookup: LabelLookup?
    /// States whose move the training treebank settles (see `TransitionLookup`): greedy decoding
    /// takes it without scoring the transition model. Nil for models trained without it.
    var transitionLookup: TransitionLookup?
    /// How sentences are decoded: greedy (the default) or with a small search (see `Search`).
    public var search = Search.greedy

    init(labels: [String], transitions: SparseWeights, labeler: SparseWeights, supertagger: Supertagger? = nil, labelLookup: LabelLookup? = nil,
         transitionLookup: TransitionLookup? = nil) {
        self.labelLookup = labelLookup
        self.transitionLookup = transitionLookup
        self.labels = labels
        self.transitions = transitions
        self.labeler = labeler
        self.rootLabel = labels.firstIndex(of: "root") ?? 0
        self.supertagger = supertagger
    }

    /// Decoding with more than one live hypothesis (off by default; `dyad parse --decoder beam`
    /// chooses `Search.beam`, and the hidden variable `DYAD_PARSE_SEARCH` sets any setting for
    /// `dyad parse` and the pipeline, see docs/SYNTAX.md).
    ///
    /// `width` bounds the live hypotheses (1 = greedy). A hypothesis is continued with a move other
    /// than its best only where that move's score is within `margin` of the best (`Int32.max`: every
    /// legal move, a plain beam; small: *selective branching*, forking only on uncertain steps).
    /// Hypotheses are ranked by the sum of what their moves add (see `temperature`); those more
    /// than `gap` below the leader are dropped, and so is one that has not led for `horizon` moves.
    /// Every parse of n words takes 2n moves, so hypotheses stay in step.
    public struct Search: Sendable, Equatable, CustomStringConvertible {
        public var width: Int
        public var margin: Int32
        public var gap: Int64
        /// 0: a move adds its raw score; above 0, its log-probability under a softmax over the legal
        /// moves at this temperature (in score units: `s - T log Σ exp(s'/T)`).
        public var temperature: Double
        /// A hypothesis not in the lead is dropped `horizon` moves after it forked or lost the lead.
        public var horizon: Int
        /// Above 0, each arc also adds its label's log-probability under a softmax at this
        /// temperature (the label is still the labeller's best), plus `labelBonus`, which offsets
        /// the penalty a hypothesis would otherwise pay for having made more arcs than another.
        public var labelTemperature: Double
        public var labelBonus: Double
        public init(width: Int = 1, margin: Int32 = .max, gap: Int64 = .max, temperature: Double = 0, horizon: Int = .max,
                    labelTemperature: Double = 0, labelBonus: Double = 0) {
            self.width = width
            self.margin = margin
            self.gap = gap
            self.temperature = temperature
            self.horizon = horizon
            self.labelTemperature = labelTemperature
            self.labelBonus = labelBonus
        }
        public static let greedy = Search()
        /// The most accurate setting measured (docs/SYNTAX.md): three hypotheses ranked by
        /// per-move log-probabilities plus the labeller's confidence; about four times slower.
        public static let beam = Search(width: 3, temperature: 25000, labelTemperature: 10000, labelBonus: 8000)
        public var isGreedy: Bool { width <= 1 }
        public var description: String {
            if isGreedy { return "greedy" }
            func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
            var parts = ["width=\(width)"]
            if margin != .max { parts.append("margin=\(margin)") }
            if gap != .max { parts.append("gap=\(gap)") }
            if temperature != 0 { parts.append("temp=" + number(temperature)) }
            if horizon != .max { parts.append("horizon=\(horizon)") }
            if labelTemperature != 0 { parts.append("ltemp=" + number(labelTemperature)) }
            if labelBonus != 0 { parts.append("lbonus=" + number(labelBonus)) }
            return parts.joined(separator: ",")
        }

        /// Reads `greedy` or comma-separated `key=value` pairs: `beam` or `width`, `margin`, `gap`,
        /// `temp`, `horizon`, `ltemp`, `lbonus` (e.g. `beam=3,temp=25000,ltemp=10000,lbonus=8000`).
        public init?(_ text: String) {
            self.init()
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t == "greedy" { return }
            for part in t.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2 else { return nil }
                switch kv[0] {
                case "beam", "width": guard let v = Int(kv[1]), v >= 1, v <= 64 else { return nil }; width = v
                case "margin": guard let v = Int32(kv[1]), v >= 0 else { return nil }; margin = v
                case "gap": guard let v = Int64(kv[1]), v >= 0 else { return nil }; gap = v
                case "temp": guard let v = Double(kv[1]), v >= 0 else { return nil }; temperature = v
                case "horizon": guard let v = Int(kv[1]), v >= 1 else { return nil }; horizon = v
                case "ltemp": guard let v = Double(kv[1]), v >= 0 else { return nil }; labelTemperature = v
                case "lbonus": guard let v = Double(kv[1]) else { return nil }; labelBonus = v
                default: return nil
                }
            }
        }
    }

    /// A parse: the head of each word (-1 for the root) and its label index.
    public struct Tree: Sendable, Equatable {
        public var heads: [Int]
        public var labels: [Int]
    }

    enum Move: Int { case shift = 0, left = 1, right = 2 }

    static let none: UInt64 = 0x4E4F_4E45
    static let rootTag: UInt64 = 0x524F_4F54

    /// Parser state for a sentence of `n` words; index `n` is the root, which stays at the end of the buffer.
    struct State {
        let n: Int
        var stack: [Int32]
        var b: Int
        var heads: [Int32]
        var lc1: [Int32], lc2: [Int32], rc1: [Int32], rc2: [Int32]
        var nl: [UInt8], nr: [UInt8]
        /// Label of each attached word; -1 before it is attached.
        var labels: [Int32]
        /// Bit sets of the labels of each word's left and right children.
        var lset: [UInt64], rset: [UInt64]

        init(n: Int) {
            self.n = n
            stack = []
            stack.reserveCapacity(n)
            b = 0
            heads = [Int32](repeating: -1, count: n + 1)
            lc1 = heads; lc2 = heads; rc1 = heads; rc2 = heads
            nl = [UInt8](repeating: 0, count: n + 1)
            nr = nl
            labels = heads
            lset = [UInt64](repeating: 0, count: n + 1)
            rset = lset
        }

        /// A placeholder holding no storage.
        private init() {
            n = 0; stack = []; b = 0; heads = []; lc1 = []; lc2 = []; rc1 = []; rc2 = []
            nl = []; nr = []; labels = []; lset = []; rset = []
        }
        static let empty = State()

        var isTerminal: Bool { stack.isEmpty && b == n }
        var canShift: Bool { b < n }
        var canLeft: Bool { !stack.isEmpty && (b < n || stack.count == 1) }
        var canRight: Bool { stack.count >= 2 }
        /// Which moves are legal: shift, left, right.
        var legal: (Bool, Bool, Bool) { (canShift, canLeft, canRight) }

        /// The move a state with these legal moves must take, or nil while it has a choice.
        @inline(__always) static func onlyMove(_ legal: (Bool, Bool, Bool)) -> Move? {
            switch legal {
            case (true, false, false): return .shift
            case (false, true, false): return .left
            case (false, false, true): return .right
            default: return nil
            }
        }

        /// The word `m` would make a child and its head: s0 and b0 (left) or s0 and s1 (right).
        func arc(_ m: Move) -> (d: Int, h: Int) {
            let d = Int(stack[stack.count - 1])
            return m == .left ? (d, b) : (d, Int(stack[stack.count - 2]))
        }

        mutating func attach(_ d: Int, to h: Int, label: Int) {
            heads[d] = Int32(h)
            labels[d] = Int32(label)
            let c = Int32(d)
            if d < h {
                lset[h] |= 1 << UInt64(label & 63)
                nl[h] &+= nl[h] < 255 ? 1 : 0
                if lc1[h] < 0 || c < lc1[h] { lc2[h] = lc1[h]; lc1[h] = c } else if lc2[h] < 0 || c < lc2[h] { lc2[h] = c }
            } else {
                rset[h] |= 1 << UInt64(label & 63)
                nr[h] &+= nr[h] < 255 ? 1 : 0
                if rc1[h] < 0 || c > rc1[h] { rc2[h] = rc1[h]; rc1[h] = c } else if rc2[h] < 0 || c > rc2[h] { rc2[h] = c }
            }
        }

        /// Applies a move; `label` is the relation of the arc a left or right move makes.
        mutating func apply(_ m: Move, label: Int = 0) {
            switch m {
            case .shift:
                stack.append(Int32(b))
                b += 1
            case .left:
                let s0 = Int(stack.removeLast())
                attach(s0, to: b, label: label)
            case .right:
                let s0 = Int(stack.removeLast())
                attach(s0, to: Int(stack[stack.count - 1]), label: label)
            }
        }
    }

    @inline(__always)
    static func distance(_ d: Int) -> UInt64 {
        switch d {
        case ..<5: return UInt64(max(d, 0))
        case 5..<10: return 5
        default: return 6
        }
    }

    /// Writes the transition features of a state into `out`.
    static func features(_ st: State, _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64], into out: inout FeatureList) {
        out.removeAll(keepingCapacity: true)
        let n = st.n
        let sc = st.stack.count
        let s0 = sc > 0 ? Int(st.stack[sc - 1]) : -1
        let s1 = sc > 1 ? Int(st.stack[sc - 2]) : -1
        let s2 = sc > 2 ? Int(st.stack[sc - 3]) : -1
        let b0 = st.b
        let b1 = b0 + 1 <= n ? b0 + 1 : -1
        let b2 = b0 + 2 <= n ? b0 + 2 : -1
        @inline(__always) func w(_ i: Int) -> UInt64 { i < 0 ? none : (i == n ? WordInfo.root.lower : words[i].lower) }
        @inline(__always) func t(_ i: Int) -> UInt64 { i < 0 ? none : (i == n ? rootTag : tags[i]) }
        @inline(__always) func at(_ a: [Int32], _ i: Int) -> Int { i < 0 ? -1 : Int(a[i]) }
        let s0w = w(s0), s0t = t(s0), s1w = w(s1), s1t = t(s1), s2t = t(s2)
        let b0w = w(b0), b0t = t(b0), b1w = w(b1), b1t = t(b1), b2w = w(b2), b2t = t(b2)
        let s0L = at(st.lc1, s0), s0L2 = at(st.lc2, s0), s0R = at(st.rc1, s0), s0R2 = at(st.rc2, s0)
        let s1L = at(st.lc1, s1), s1R = at(st.rc1, s1)
        let b0L = at(st.lc1, b0), b0L2 = at(st.lc2, b0)
        let s0Lt = t(s0L), s0Rt = t(s0R), s1Rt = t(s1R), s1Lt = t(s1L), b0Lt = t(b0L)
        let d = s0 >= 0 ? (b0 == n ? 7 : distance(b0 - s0)) : 8
        let d1 = s1 >= 0 ? distance(s0 - s1) : 8
        let s0nl = s0 >= 0 ? UInt64(st.nl[s0]) : 99, s0nr = s0 >= 0 ? UInt64(st.nr[s0]) : 99
        let b0nl = UInt64(st.nl[b0]), s1nr = s1 >= 0 ? UInt64(st.nr[s1]) : 99
        typealias H = FeatureHash
        out.append(H.f(100, s0w)); out.append(H.f(101, s0t)); out.append(H.f(102, s0w, s0t))
        out.append(H.f(103, b0w)); out.append(H.f(104, b0t)); out.append(H.f(105, b0w, b0t))
        out.append(H.f(106, b1w)); out.append(H.f(107, b1t)); out.append(H.f(108, b1w, b1t))
        out.append(H.f(109, b2w)); out.append(H.f(110, b2t))
        out.append(H.f(111, s1w)); out.append(H.f(112, s1t)); out.append(H.f(113, s1w, s1t)); out.append(H.f(114, s2t))
        // pairs
        out.append(H.f(120, H.mix(s0w, s0t), H.mix(b0w, b0t)))
        out.append(H.f(121, H.mix(s0w, s0t), b0w))
        out.append(H.f(122, s0w, H.mix(b0w, b0t)))
        out.append(H.f(123, H.mix(s0w, s0t), b0t))
        out.append(H.f(124, s0t, H.mix(b0w, b0t)))
        out.append(H.f(125, s0w, b0w))
        out.append(H.f(126, s0t, b0t))
        out.append(H.f(127, b0t, b1t))
        out.append(H.f(128, s1t, s0t))
        out.append(H.f(129, s1w, s0w))
        out.append(H.f(130, s1t, s0w))
        out.append(H.f(131, s1w, s0t))
        out.append(H.f(132, b0w, b1t))
        out.append(H.f(133, b0t, b1w))
        // triples
        out.append(H.f(140, b0t, b1t, b2t))
        out.append(H.f(141, s0t, b0t, b1t))
        out.append(H.f(142, s1t, s0t, b0t))
        out.append(H.f(143, s2t, s1t, s0t))
        out.append(H.f(144, s1t, s0t, b1t))
        out.append(H.f(145, s0w, b0t, b1t))
        out.append(H.f(146, s0t, b0w, b1t))
        // distance
        out.append(H.f(150, s0w, d)); out.append(H.f(151, s0t, d)); out.append(H.f(152, b0w, d)); out.append(H.f(153, b0t, d))
        out.append(H.f(154, H.mix(s0w, b0w), d)); out.append(H.f(155, H.mix(s0t, b0t), d))
        out.append(H.f(156, H.mix(s1t, s0t), d1)); out.append(H.f(157, H.mix(s1w, s0w), d1))
        // valency
        out.append(H.f(160, s0w, s0nr)); out.append(H.f(161, s0t, s0nr)); out.append(H.f(162, s0w, s0nl)); out.append(H.f(163, s0t, s0nl))
        out.append(H.f(164, b0w, b0nl)); out.append(H.f(165, b0t, b0nl)); out.append(H.f(166, s1t, s1nr))
        // children
        out.append(H.f(170, w(s0L))); out.append(H.f(171, s0Lt)); out.append(H.f(172, w(s0R))); out.append(H.f(173, s0Rt))
        out.append(H.f(174, w(b0L))); out.append(H.f(175, b0Lt)); out.append(H.f(176, s1Lt)); out.append(H.f(177, s1Rt)); out.append(H.f(178, w(s1R)))
        out.append(H.f(180, s0t, s0Lt, b0t)); out.append(H.f(181, s0t, s0Rt, b0t)); out.append(H.f(182, s0t, b0t, b0Lt))
        out.append(H.f(183, s1t, s0t, s0Lt)); out.append(H.f(184, s1t, s1Rt, s0t))
        out.append(H.f(185, s0t, s0Lt, t(s0L2))); out.append(H.f(186, s0t, s0Rt, t(s0R2))); out.append(H.f(187, b0t, b0Lt, t(b0L2)))
        out.append(H.f(188, s1t, s1Lt, s0t)); out.append(H.f(189, s0w, s0Rt, b0t)); out.append(H.f(190, s0t, s0Rt, b0w))
        // Punctuation between s0 and b0, and the next tag after b2.
        var commas: UInt64 = 0
        if s0 >= 0 && b0 < n { for i in (s0 + 1)..<b0 where words[i].flags & 16 != 0 { commas += 1; if commas == 2 { break } } }
        out.append(H.f(191, H.mix(s0t, b0t), commas)); out.append(H.f(192, s0w, commas, b0t))
        out.append(H.f(193, b1t, b2t, t(b0 + 3 <= n ? b0 + 3 : -1)))
        out.append(H.f(194, s0 >= 0 ? words[s0].suf3 : none, b0t)); out.append(H.f(195, s0t, b0 < n ? words[b0].suf3 : none))
        // Labels of the children made so far (each given when its arc was made), and the sets of
        // labels on either side of s0 and b0 (Zhang and Nivre's non-local features).
        @inline(__always) func l(_ i: Int) -> UInt64 { i < 0 ? none : UInt64(st.labels[i]) &+ 0x4C00 }
        let s0ls = s0 >= 0 ? st.lset[s0] : none, s0rs = s0 >= 0 ? st.rset[s0] : none, b0ls = st.lset[b0]
        out.append(H.f(196, l(s0L))); out.append(H.f(197, l(s0R))); out.append(H.f(198, l(b0L)))
        out.append(H.f(199, l(s0L2), l(s0L))); out.append(H.f(260, l(s0R2), l(s0R))); out.append(H.f(261, l(b0L2), l(b0L)))
        out.append(H.f(262, s0w, s0rs)); out.append(H.f(263, s0t, s0rs)); out.append(H.f(264, s0w, s0ls)); out.append(H.f(265, s0t, s0ls))
        out.append(H.f(266, b0w, b0ls)); out.append(H.f(267, b0t, b0ls)); out.append(H.f(268, s1t, l(s1R), s0t))
        // s1 against b0: which of the two takes s0 (a right or a left arc).
        let d2 = s1 >= 0 ? (b0 == n ? 7 : distance(b0 - s1)) : 8
        out.append(H.f(269, s1w, b0w)); out.append(H.f(270, H.mix(s1t, b0t), d2)); out.append(H.f(271, s1w, b0t)); out.append(H.f(272, s1t, b0w))
        guard !sts.isEmpty else { return }
        // Supertags: each word's predicted relation and head side.
        @inline(__always) func u(_ i: Int) -> UInt64 { i < 0 ? none : (i == n ? rootTag : sts[i]) }
        let s0u = u(s0), s1u = u(s1), b0u = u(b0), b1u = u(b1)
        out.append(H.f(300, s0u)); out.append(H.f(301, b0u)); out.append(H.f(302, b1u)); out.append(H.f(303, s1u))
        out.append(H.f(304, s0u, b0u)); out.append(H.f(305, s1u, s0u)); out.append(H.f(306, b0u, b1u))
        out.append(H.f(307, s0u, s0t)); out.append(H.f(308, b0u, b0t)); out.append(H.f(309, s0u, b0u, d))
        out.append(H.f(310, s1u, s0u, b0u)); out.append(H.f(311, s0u, b0t)); out.append(H.f(312, s0t, b0u)); out.append(H.f(313, u(b2)))
    }

    /// Features for labelling the arc from `h` to `d` when it is made: `d`'s subtree is complete,
    /// `h` has only the children nearer to it on the same side (and, for a right arc, its left ones).
    static func attachFeatures(_ st: State, _ d: Int, _ h: Int, _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64], into out: inout FeatureList) {
        out.removeAll(keepingCapacity: true)
        let n = st.n
        @inline(__always) func w(_ i: Int) -> UInt64 { i < 0 ? none : (i >= n ? WordInfo.root.lower : words[i].lower) }
        @inline(__always) func t(_ i: Int) -> UInt64 { i < 0 ? none : (i >= n ? rootTag : tags[i]) }
        @inline(__always) func l(_ i: Int32) -> UInt64 { i < 0 ? none : UInt64(st.labels[Int(i)]) }
        typealias H = FeatureHash
        let dw = words[d].lower, dt = tags[d], hw = w(h), ht = t(h)
        let dir: UInt64 = d < h ? 1 : 2
        let dist = distance(abs(h - d))
        let dL = Int(st.lc1[d]), dR = Int(st.rc1[d]), dL2 = Int(st.lc2[d]), dR2 = Int(st.rc2[d])
        // The sibling made just before on this side, and the head's outermost left child.
        let sib = Int(d < h ? st.lc1[h] : st.rc1[h])
        let hL = Int(st.lc1[h])
        let sibl = sib < 0 ? none : UInt64(st.labels[sib]), hLl = hL < 0 ? none : UInt64(st.labels[hL])
        out.append(H.f(200, 0))
        out.append(H.f(201, dw)); out.append(H.f(202, dt)); out.append(H.f(203, dw, dt))
        out.append(H.f(204, hw)); out.append(H.f(205, ht)); out.append(H.f(206, hw, ht))
        out.append(H.f(207, dt, ht, dir)); out.append(H.f(208, dw, ht, dir)); out.append(H.f(209, dt, hw, dir))
        out.append(H.f(210, dw, hw)); out.append(H.f(211, H.mix(dt, ht), dist, dir))
        out.append(H.f(213, dt, sibl, dir)); out.append(H.f(214, ht, sibl, dt)); out.append(H.f(212, H.mix(dt, ht), hLl, dir))
        out.append(H.f(215, dt, t(d - 1))); out.append(H.f(216, dt, t(d + 1))); out.append(H.f(217, dt, w(d - 1)))
        out.append(H.f(218, dw, w(d + 1))); out.append(H.f(219, words[d].suf3, dt)); out.append(H.f(220, words[d].shape, dt))
        out.append(H.f(221, dt, UInt64(st.nl[d]), UInt64(st.nr[d]))); out.append(H.f(222, dt, dir, d == 0 ? 1 : 0))
        out.append(H.f(223, dt, w(dL), l(st.lc1[d]))); out.append(H.f(224, dt, t(dL)))
        out.append(H.f(225, dt, w(dR), l(st.rc1[d]))); out.append(H.f(226, dt, t(dR)))
        out.append(H.f(227, dt, w(dL2))); out.append(H.f(228, dt, w(dR2)))
        out.append(H.f(229, dt, st.lset[d])); out.append(H.f(230, dt, st.rset[d]))
        out.append(H.f(231, H.mix(dt, ht), dir, d < h ? st.lset[h] : st.rset[h]))
        out.append(H.f(232, dt, dir, w(sib))); out.append(H.f(233, H.mix(dt, ht), t(sib), dir))
        out.append(H.f(234, ht, t(h - 1), dt)); out.append(H.f(235, ht, t(h + 1), dt))
        out.append(H.f(236, dt, H.mix(ht, st.lset[h]), dir))
        // What lies beyond the dependent's subtree: the buffer front for a right arc, the word
        // below it on the stack for a left arc (a second object to come, a clause break).
        let sc = st.stack.count
        let o = d > h ? st.b : (sc > 1 ? Int(st.stack[sc - 2]) : -1)
        let ot = t(o)
        out.append(H.f(237, dt, dir, ot)); out.append(H.f(238, dw, dir, ot)); out.append(H.f(239, H.mix(dt, ht), dir, ot))
        var breaks: UInt64 = 0
        for i in (min(d, h) + 1)..<max(d, h) where i < n && words[i].flags & 16 != 0 { breaks += 1; if breaks == 2 { break } }
        out.append(H.f(240, H.mix(dt, ht), dir, breaks))
        guard !sts.isEmpty else { return }
        let du = sts[d], hu = h >= n ? rootTag : sts[h]
        out.append(H.f(320, du)); out.append(H.f(321, du, dt)); out.append(H.f(322, du, ht, dir)); out.append(H.f(323, hu, du))
    }

    /// Parses one sentence given its words and tag hashes.
    func parse(_ words: [WordInfo], _ tags: [UInt64]) -> Tree {
        parse(words, tags, supertags: supertags(words, tags))
    }

    /// The supertag hashes of a sentence, as the parser reads them (none for a model without supertags).
    func supertags(_ words: [WordInfo], _ tags: [UInt64]) -> [UInt64] {
        supertagger?.supertagHashes(words, tags) ?? []
    }

    /// Parses one sentence given its words, tag hashes and supertag hashes (see `supertags`).
    func parse(_ words: [WordInfo], _ tags: [UInt64], supertags sts: [UInt64]) -> Tree {
        search.isGreedy ? parseGreedy(words, tags, sts) : parseSearch(words, tags, sts)
    }

    /// Greedy decoding: the best legal move at every step.
    func parseGreedy(_ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64]) -> Tree {
        let n = words.count
        guard n > 0 else { return Tree(heads: [], labels: []) }
        // The state lives inside the closure: captured from outside, it was copied out of its box
        // (its eleven arrays retained and released) at every call that reads it.
        return withFeatureList { feats in
            var st = State(n: n)
            while !st.isTerminal {
                let m: Move
                let legal = st.legal
                if let only = State.onlyMove(legal) { m = only } else if let lookup = transitionLookup, let settled = lookup.move(st, legal: legal, tags, sts) {
                    m = Move(rawValue: settled)!
                } else {
                    m = scoredMove(st, legal: legal, words, tags, sts, &feats)
                }
                let l = m == .shift ? 0 : label(st, st.arc(m), words, tags, sts, &feats)
                st.apply(m, label: l)
            }
            let heads = st.heads.prefix(n).map { Int($0) == n ? -1 : Int($0) }
            return Tree(heads: heads, labels: st.labels.prefix(n).map(Int.init))
        }
    }

    /// The best legal move of a state by the transition model.
    @inline(__always)
    func scoredMove(_ st: State, legal: (Bool, Bool, Bool), _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64], _ feats: inout FeatureList) -> Move {
        Self.features(st, words, tags, sts, into: &feats)
        var scores: (Int32, Int32, Int32) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scores) { transitions.accumulate(feats.buffer, into: $0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
        var best = -1
        var bestScore = Int32.min
        if legal.0, scores.0 > bestScore { best = 0; bestScore = scores.0 }
        if legal.1, scores.1 > bestScore { best = 1; bestScore = scores.1 }
        if legal.2, scores.2 > bestScore { best = 2; bestScore = scores.2 }
        return Move(rawValue: best)!
    }

    /// Decoding with several hypotheses (see `Search`). Arcs are labelled as they are made, as in
    /// greedy decoding. While a single hypothesis is live and the runner-up move is not within the
    /// margin, a step is a greedy step (no copy, no normalization); a fork starts the search, which
    /// returns to greedy steps once one hypothesis is left.
    @inline(never)
    func parseSearch(_ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64]) -> Tree {
        let n = words.count
        guard n > 0 else { return Tree(heads: [], labels: []) }
        struct Hypothesis { var st: State; var score: Double; var deadline: Int }
        struct Candidate { var parent: Int; var move: Move; var score: Double; var deadline: Int; var label = -1 }
        let width = search.width, margin = Int64(search.margin), gap = Double(search.gap), temp = search.temperature
        let horizon = search.horizon, ltemp = search.labelTemperature
        var step = 0
        var cur = State(n: n)
        var beam: [Hypothesis] = []
        var next: [Hypothesis] = []
        var cands: [Candidate] = []
        var children = [Int](repeating: 0, count: width)
        beam.reserveCapacity(width); next.reserveCapacity(width); cands.reserveCapacity(3 * width)
        @inline(__always) func pick(_ s: (Int32, Int32, Int32), _ k: Int) -> Int32 { k == 0 ? s.0 : (k == 1 ? s.1 : s.2) }
        @inline(__always) func isLegal(_ l: (Bool, Bool, Bool), _ k: Int) -> Bool { k == 0 ? l.0 : (k == 1 ? l.1 : l.2) }
        withFeatureList { feats in
            var scores: (Int32, Int32, Int32) = (0, 0, 0)
            /// Scores of the single hypothesis that just forked, so that it is not scored twice.
            var forked: (Int32, Int32, Int32)?
            @inline(__always) func score(_ st: State) -> (Int32, Int32, Int32) {
                Self.features(st, words, tags, sts, into: &feats)
                scores = (0, 0, 0)
                withUnsafeMutableBytes(of: &scores) { transitions.accumulate(feats.buffer, into: $0.baseAddress!.assumingMemoryBound(to: Int32.self)) }
                return scores
            }
            while true {
                step += 1
                if beam.isEmpty {
                    // One live hypothesis: a greedy step unless the runner-up is within the margin.
                    if cur.isTerminal { break }
                    let legal = cur.legal
                    var m: Move
                    if let only = State.onlyMove(legal) { m = only } else {
                        let s = score(cur)
                        var best = -1, bestScore = Int32.min, second = Int32.min
                        for k in 0..<3 where isLegal(legal, k) {
                            let v = pick(s, k)
                            if v > bestScore { second = bestScore; bestScore = v; best = k } else if v > second { second = v }
                        }
                        m = Move(rawValue: best)!
                        if Int64(bestScore) - Int64(second) <= margin {
                            forked = s
                            beam.append(Hypothesis(st: cur, score: 0, deadline: .max))
                            cur = State.empty
                        }
                    }
                    if beam.isEmpty {
                        let l = m == .shift ? 0 : label(cur, cur.arc(m), words, tags, sts, &feats)
                        cur.apply(m, label: l)
                        continue
                    }
                } else {
                    if beam[0].st.isTerminal { break }
                }
                cands.removeAll(keepingCapacity: true)
                for i in beam.indices {
                    let h = beam[i]
                    let legal = h.st.legal
                    if let only = State.onlyMove(legal) { cands.append(Candidate(parent: i, move: only, score: h.score, deadline: h.deadline)); continue }
                    let s: (Int32, Int32, Int32)
                    if let f = forked { s = f; forked = nil } else { s = score(h.st) }
                    // Legal moves, best first (ties in move order, as greedy decoding breaks them).
                    var best = -1, top = Int32.min
                    for k in 0..<3 where isLegal(legal, k) && pick(s, k) > top { best = k; top = pick(s, k) }
                    // What each move adds: its raw score, or its log-probability under a softmax at `temp`.
                    var norm = 0.0
                    if temp > 0 {
                        var z = 0.0
                        for k in 0..<3 where isLegal(legal, k) { z += exp(Double(pick(s, k) - top) / temp) }
                        norm = Double(top) + temp * log(z)
                    }
                    cands.append(Candidate(parent: i, move: Move(rawValue: best)!, score: h.score + Double(top) - norm, deadline: h.deadline))
                    let forkDeadline = horizon == .max ? Int.max : step + horizon
                    for k in 0..<3 where k != best && isLegal(legal, k) && Int64(top) - Int64(pick(s, k)) <= margin {
                        cands.append(Candidate(parent: i, move: Move(rawValue: k)!, score: h.score + Double(pick(s, k)) - norm, deadline: min(h.deadline, forkDeadline)))
                    }
                }
                if ltemp > 0 {
                    // Labels are chosen before the hypotheses are ranked, and their log-probabilities added.
                    for k in cands.indices where cands[k].move != .shift {
                        let st = beam[cands[k].parent].st
                        let (l, lp) = scoredLabel(st, st.arc(cands[k].move), words, tags, sts, &feats, ltemp)
                        cands[k].label = l
                        cands[k].score += lp + search.labelBonus
                    }
                }
                // Best first; a stable insertion sort keeps the earlier (higher-ranked parent's, best move's) candidate on ties.
                if cands.count > 1 {
                    for a in 1..<cands.count {
                        let c = cands[a]
                        var b = a
                        while b > 0 && cands[b - 1].score < c.score { cands[b] = cands[b - 1]; b -= 1 }
                        cands[b] = c
                    }
                }
                var keep = min(cands.count, width)
                if search.gap != .max { while keep > 1 && cands[0].score - cands[keep - 1].score > gap { keep -= 1 } }
                if horizon != .max {
                    // The leader has no deadline; a hypothesis that just lost the lead gets one; expired ones go.
                    cands[0].deadline = .max
                    var w = 1
                    for k in 1..<keep {
                        var c = cands[k]
                        if c.deadline == .max { c.deadline = step + horizon }
                        if c.deadline >= step { cands[w] = c; w += 1 }
                    }
                    keep = w
                }
                for k in 0..<beam.count { children[k] = 0 }
                for k in 0..<keep { children[cands[k].parent] += 1 }
                next.removeAll(keepingCapacity: true)
                for k in 0..<keep {
                    let c = cands[k]
                    var st: State
                    children[c.parent] -= 1
                    if children[c.parent] == 0 {
                        // The parent's last continuation takes its state without copying it.
                        st = beam[c.parent].st
                        beam[c.parent].st = State.empty
                    } else {
                        st = beam[c.parent].st
                    }
                    st.apply(c.move, label: c.move == .shift ? 0 : c.label >= 0 ? c.label : label(st, st.arc(c.move), words, tags, sts, &feats))
                    next.append(Hypothesis(st: st, score: c.score, deadline: c.deadline))
                }
                beam.removeAll(keepingCapacity: true)
                if next.count == 1 {
                    // Back to greedy steps.
                    cur = next[0].st
                    next.removeAll(keepingCapacity: true)
                } else {
                    swap(&beam, &next)
                }
            }
        }
        let st = beam.isEmpty ? cur : beam[0].st
        let heads = st.heads.prefix(n).map { Int($0) == n ? -1 : Int($0) }
        return Tree(heads: heads, labels: st.labels.prefix(n).map(Int.init))
    }

    /// The label of a new arc and its log-probability under a softmax at `temp` (scaled by `temp`).
    func scoredLabel(_ st: State, _ arc: (d: Int, h: Int), _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64], _ feats: inout FeatureList, _ temp: Double) -> (Int, Double) {
        if arc.h == st.n { return (rootLabel, 0) }
        Self.attachFeatures(st, arc.d, arc.h, words, tags, sts, into: &feats)
        var best = rootLabel == 0 ? 1 : 0
        let count = labels.count
        var lp = 0.0
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { s in
            for k in 0..<count { s[k] = 0 }
            labeler.accumulate(feats.buffer, into: s.baseAddress!)
            var bestScore = Int32.min
            for k in 0..<count where k != rootLabel && s[k] > bestScore { bestScore = s[k]; best = k }
            var z = 0.0
            for k in 0..<count where k != rootLabel { z += exp(Double(s[k] - bestScore) / temp) }
            lp = -temp * log(z)
        }
        return (best, lp)
    }

    /// The label of a new arc.
    func label(_ st: State, _ arc: (d: Int, h: Int), _ words: [WordInfo], _ tags: [UInt64], _ sts: [UInt64], _ feats: inout FeatureList) -> Int {
        if arc.h == st.n { return rootLabel }
        if let lookup = labelLookup, let settled = lookup.label(dependent: arc.d, head: arc.h, words, tags, sts) { return settled }
        Self.attachFeatures(st, arc.d, arc.h, words, tags, sts, into: &feats)
        var best = rootLabel == 0 ? 1 : 0
        let count = labels.count
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { s in
            for k in 0..<count { s[k] = 0 }
            labeler.accumulate(feats.buffer, into: s.baseAddress!)
            var bestScore = Int32.min
            for k in 0..<count where k != rootLabel && s[k] > bestScore { bestScore = s[k]; best = k }
        }
        return best
    }

    static func children(of heads: [Int]) -> [[Int]] {
        var children = [[Int]](repeating: [], count: heads.count)
        for (d, h) in heads.enumerated() where h >= 0 { children[h].append(d) }
        return children
    }
}
