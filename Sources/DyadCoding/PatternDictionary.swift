import DyadCore

/// Who the target of a pattern's event is.
public enum TargetRule: Sendable, Hashable {
    /// The first actor after the trigger, before any preposition ("opposes the US").
    case object
    /// The direct object, or the actor after one of these prepositions ("met Putin", "met with Putin").
    case objectOr(Set<String>)
    /// The actor after one of these prepositions ("work with Russia", "visit to China").
    case preposition(Set<String>)
    /// The actor after "with" / "together with" anywhere in the clause.
    case partner
    /// The subject of the clause the trigger sits in ("… said the US moves had a negative impact").
    case subject
    /// The subject of the clause the trigger introduces ("alleging that Russia had …").
    case subjectAfter
    /// The event has no target.
    case none
    /// The first actor after the trigger's head in its clause, past prepositions (PETRARCH's rule:
    /// "fired shells at Seoul", "restore ties with Gondor").
    case first
}

/// An actor position inside a trigger (PETRARCH's `$`, `+`, `%` and `^`).
public enum ActorSlot: String, Sendable, Hashable {
    /// The event's source stands here.
    case source
    /// The event's target stands here.
    case target
    /// A compound actor stands here: its members are the sources (before the head) or the targets (after it).
    case compound
    /// Some actor stands here and takes no role (it is skipped).
    case actor
}

/// A condition on the trigger's dependents in the parse: "the object is an aid word", "no
/// clausal complement", "an oblique with 'against'".
public struct DependentConstraint: Sendable, Hashable {
    /// The UD relations, any of which will do (`obj`, `iobj`, `nsubj`, `nsubj:pass`, `xcomp`, `ccomp`, `obl`, `nmod`, `advmod`, …).
    public var relations: [String]
    /// For `obl:PREP` / `nmod:PREP`: the preposition that marks the dependent.
    public var preposition: String?
    /// Words or phrases (folded) one of which the dependent's phrase must contain; empty: any.
    public var words: [[String]]
    /// True for `!REL=…`: no such dependent.
    public var negated: Bool

    /// Relations a constraint may name.
    public static let relations: Set<String> = ["obj", "iobj", "nsubj", "nsubj:pass", "csubj", "xcomp", "ccomp", "obl", "nmod",
                                                "advmod", "advcl", "compound", "amod", "aux", "mark"]
}

/// One term of a trigger.
public enum PatternTerm: Sendable, Hashable {
    /// Any of these folded token sequences.
    case alternatives([[String]])
    /// Up to `max` tokens that do not end the clause.
    case gap(max: Int)
    /// An actor mention (after any determiners), in the given role.
    case actor(ActorSlot)
}

/// One event pattern: a trigger in context and the CAMEO codes it gives.
public struct EventPattern: Sendable, Hashable {
    public var id: String
    public var line: Int
    public var act: CAMEOCode
    public var intent: CAMEOCode
    public var terms: [PatternTerm]
    /// Class-specific codes: (class name, act, intent), tried in order of the nearest class word.
    public var variants: [(String, CAMEOCode, CAMEOCode)]
    public var target: TargetRule
    public var sourceIsSpeaker: Bool
    public var deontic: Bool
    public var nominal: Bool
    /// The event needs a target: with none found it is not coded ("hosted talks" is no 043).
    public var needsTarget: Bool = false
    /// A joint actor with no other target acts on its own members ("X and Y failed to reach agreement").
    public var mutual: Bool = false
    /// The trigger starts with a verb (`+verb`), so after a determiner it is a noun use, not this event.
    public var verbal: Bool = false
    /// Conditions on the trigger's dependents in the parse (`obj=@AIDNOUN`, `!ccomp`).
    public var dependents: [DependentConstraint] = []
    /// The term that is the trigger's head (`!term`): roles are read from its place.
    public var head: Int?
    /// The head must be a verb (`verb`): not after a determiner, nor tagged a name, adjective, punctuation, determiner or adposition.
    public var headIsVerb: Bool = false
    /// The pattern matches but gives no event (code `---`): it keeps shorter patterns off its words.
    public var noEvent: Bool = false
    /// The code of the reverse event, target on source (`act:reverse` codes).
    public var reverse: CAMEOCode?
    /// Only the reverse event is coded (`:reverse`).
    public var reverseOnly: Bool = false
    /// The code is kept as written: no refusal for a negated yield (`literal`).
    public var literal: Bool = false

    /// Whether the pattern is coded by the head-and-slot rules (EventCoder+Slots): it has a head, slots or a reverse code.
    public var usesSlotRules: Bool { head != nil || hasSlots || reverse != nil }

    /// Whether the pattern places actors by slots in its trigger.
    public var hasSlots: Bool { terms.contains { if case .actor = $0 { return true } else { return false } } }

    public static func == (a: EventPattern, b: EventPattern) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}

/// The pattern dictionary: word classes and patterns, parsed from `patterns.txt`-format files.
public struct PatternDictionary: Sendable {
    public private(set) var classes: [String: [[String]]] = [:]
    public private(set) var patterns: [EventPattern] = []
    let irregular: [String: [String]]

    /// Parses a pattern file; `irregular` is the irregular-verb table (base | past | participle).
    /// - Throws: `DataFileError` with the file and line of a malformed class or pattern.
    public init(contents: String, name: String = "patterns.txt", irregularVerbs: String) throws {
        var irr: [String: [String]] = [:]
        for row in try DataFileReader(name: "irregular-verbs.txt", contents: irregularVerbs, minColumns: 3, maxColumns: 3).rows {
            irr[row[0].lowercased()] = [row[1].lowercased(), row[2].lowercased()]
        }
        irregular = irr
        try add(contents: contents, name: name)
    }

    public static func builtIn() throws -> PatternDictionary {
        try PatternDictionary(contents: try CodingResources.load("patterns.txt"), irregularVerbs: try CodingResources.load("irregular-verbs.txt"))
    }

    /// No patterns, only the irregular-verb table: the start for `--only-user-verbs`.
    public static func empty() throws -> PatternDictionary {
        try PatternDictionary(contents: "", irregularVerbs: try CodingResources.load("irregular-verbs.txt"))
    }

    /// Adds a user's `--verbs` file: Dyad's format, or a PETRARCH/TABARI verb dictionary, which is
    /// first rewritten in Dyad's format (`PetrarchVerbs`). Returns the conversion for a PETRARCH file.
    @discardableResult
    public mutating func addUserFile(contents: String, name: String) throws -> PetrarchVerbs.Conversion? {
        guard PetrarchVerbs.looksLikePetrarchVerbs(contents) else {
            try add(contents: contents, name: name)
            return nil
        }
        let conv = PetrarchVerbs.convert(contents, name: name) { inflections(of: $0) }
        try add(contents: conv.text, name: name + " (as Dyad patterns)")
        return conv
    }

    /// Adds the classes and patterns of another file (a user's `--verbs` file in Dyad's format).
    public mutating func add(contents: String, name: String) throws {
        var lineNo = 0
        var patternLines: [(Int, String)] = []
        for raw in contents.textLines() {
            lineNo += 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let t = line.trimmingWhitespace()
            if t.isEmpty { continue }
            if t.hasPrefix("@") {
                guard let eq = t.firstIndex(of: "=") else { throw DataFileError(file: name, line: lineNo, message: "a class line is '@NAME = word; word'") }
                let cname = String(t[t.index(after: t.startIndex)..<eq]).trimmingWhitespace().uppercased()
                let words = t[t.index(after: eq)...].split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
                guard !cname.isEmpty, !words.isEmpty else { throw DataFileError(file: name, line: lineNo, message: "class '\(cname)' has no words") }
                classes[cname] = words.map { $0.split(separator: " ").map { TextFolding.fold(String($0)) } }
            } else {
                patternLines.append((lineNo, t))
            }
        }
        for (ln, t) in patternLines { patterns.append(try parsePattern(t, line: ln, file: name)) }
    }

    func parsePattern(_ t: String, line: Int, file: String) throws -> EventPattern {
        func fail(_ m: String) -> DataFileError { DataFileError(file: file, line: line, message: m) }
        let cols = t.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        guard cols.count == 3 || cols.count == 4 else { throw fail("a pattern is 'id | codes | trigger | options'") }
        let id = cols[0]
        guard !id.isEmpty else { throw fail("a pattern needs an id") }
        if patterns.contains(where: { $0.id == id }) { throw fail("pattern id '\(id)' is used twice") }
        var noEvent = false, reverseOnly = false, reverse: CAMEOCode?
        let (act, intent): (CAMEOCode, CAMEOCode)
        if cols[1] == "---" {
            noEvent = true
            (act, intent) = (CAMEOCode(user: "---")!, CAMEOCode(user: "---")!)
        } else if let colon = cols[1].firstIndex(of: ":") {
            let a = String(cols[1][..<colon])
            let r = String(cols[1][cols[1].index(after: colon)...])
            if r != "---" { reverse = try parseCodes(r, fail).0 }
            if a.isEmpty || a == "---" {
                // Only the reverse event (`:173`): the target acts on the source.
                guard let reverse else { throw fail("'\(cols[1])' gives no event; write ---") }
                (act, intent) = (reverse, reverse)
                reverseOnly = true
            } else {
                (act, intent) = try parseCodes(a, fail)
            }
        } else {
            (act, intent) = try parseCodes(cols[1], fail)
        }
        var terms: [PatternTerm] = []
        var head: Int?
        for var word in cols[2].split(separator: " ") {
            if word == "*" { terms.append(.gap(max: 4)); continue }
            if word.hasPrefix("*"), let n = Int(word.dropFirst()), n > 0 { terms.append(.gap(max: n)); continue }
            if word.hasPrefix("<"), word.hasSuffix(">") {
                guard let slot = ActorSlot(rawValue: String(word.dropFirst().dropLast())) else {
                    throw fail("unknown actor slot '\(word)'; use <source>, <target>, <compound> or <actor>")
                }
                terms.append(.actor(slot))
                continue
            }
            if word.hasPrefix("!") {
                guard head == nil else { throw fail("a trigger has one head ('!')") }
                head = terms.count
                word = word.dropFirst()
            }
            let alts = try alternatives(word, phrases: false, fail)
            terms.append(.alternatives(alts))
        }
        let isGap = { (t: PatternTerm?) -> Bool in if case .gap = t { return true } else { return t == nil } }
        guard !isGap(terms.first), !isGap(terms.last) else { throw fail("a trigger must start and end with a word or an actor slot, not '*'") }
        guard terms.contains(where: { if case .alternatives = $0 { return true } else { return false } }) else { throw fail("a trigger needs a word") }
        var p = EventPattern(id: id, line: line, act: act, intent: intent, terms: terms, variants: [], target: .object,
                             sourceIsSpeaker: false, deontic: false, nominal: false)
        p.verbal = cols[2].split(separator: " ").first?.split(separator: "/").allSatisfy { $0.hasPrefix("+") } ?? false
        p.head = head
        p.noEvent = noEvent
        p.reverse = reverse
        p.reverseOnly = reverseOnly
        if cols.count == 4 {
            for opt in cols[3].split(separator: " ").map(String.init) {
                if opt.hasPrefix("@"), let eq = opt.firstIndex(of: "=") {
                    let cname = String(opt[opt.index(after: opt.startIndex)..<eq]).uppercased()
                    guard classes[cname] != nil else { throw fail("unknown class @\(cname) in options") }
                    let (a, i) = try parseCodes(String(opt[opt.index(after: eq)...]), fail)
                    p.variants.append((cname, a, i))
                } else if opt.hasPrefix("to=") {
                    switch opt.dropFirst(3) {
                    case "object": p.target = .object
                    case let spec where spec.hasPrefix("object+"):
                        p.target = .objectOr(Set(spec.dropFirst(7).split(separator: ",").map { TextFolding.fold(String($0)) }))
                    case "none": p.target = .none
                    case "subject": p.target = .subject
                    case "subject-after": p.target = .subjectAfter
                    case "first": p.target = .first
                    case let prep where !prep.isEmpty: p.target = .preposition(Set(prep.split(separator: ",").map { TextFolding.fold(String($0)) }))
                    default: throw fail("'to=' needs a preposition, object, first, subject, subject-after or none")
                    }
                } else if opt == "partner" { p.target = .partner }
                else if opt == "from=speaker" { p.sourceIsSpeaker = true }
                else if opt == "deontic" { p.deontic = true }
                else if opt == "nominal" { p.nominal = true }
                else if opt == "needs-target" { p.needsTarget = true }
                else if opt == "mutual" { p.mutual = true }
                else if opt == "verb" { p.headIsVerb = true }
                else if opt == "literal" { p.literal = true }
                else if let c = try parseDependent(opt, fail) { p.dependents.append(c) }
                else { throw fail("unknown option '\(opt)'") }
            }
        }
        return p
    }

    /// The folded word sequences of `a/+b/@C` alternatives: a word, a verb's forms, a class's phrases;
    /// with `phrases`, `_` joins words into one alternative (`hunger_strike`).
    func alternatives(_ word: Substring, phrases: Bool, _ fail: (String) -> DataFileError) throws -> [[String]] {
        var alts: [[String]] = []
        for alt in word.split(separator: "/") {
            if alt.hasPrefix("@") {
                let cname = String(alt.dropFirst()).uppercased()
                guard let cls = classes[cname] else { throw fail("unknown class @\(cname); define it with '@\(cname) = …' above") }
                alts.append(contentsOf: cls)
            } else if alt.hasPrefix("+") {
                alts.append(contentsOf: inflections(of: String(alt.dropFirst())).map { [$0] })
            } else if phrases {
                alts.append(alt.split(separator: "_").map { TextFolding.fold(String($0)) })
            } else {
                alts.append([TextFolding.fold(String(alt))])
            }
        }
        return alts
    }

    /// `REL`, `REL=words`, `!REL`, `!REL=words`, with REL a UD relation or `obl:PREP` / `nmod:PREP`
    /// (or several joined by commas: `xcomp,advcl`),
    /// and words `@CLASS`, `word` or `+verb` alternatives joined by `/`. Nil when `opt` names no relation.
    func parseDependent(_ opt: String, _ fail: (String) -> DataFileError) throws -> DependentConstraint? {
        var body = Substring(opt)
        let negated = body.hasPrefix("!")
        if negated { body = body.dropFirst() }
        let parts = body.split(separator: "=", maxSplits: 1).map(String.init)
        guard let relSpec = parts.first else { return nil }
        var relations: [String] = []
        var preposition: String?
        for rel in relSpec.split(separator: ",").map(String.init) {
            if DependentConstraint.relations.contains(rel) { relations.append(rel); continue }
            let rp = rel.split(separator: ":", maxSplits: 1).map(String.init)
            guard rp.count == 2, rp[0] == "obl" || rp[0] == "nmod", preposition == nil else { return nil }
            relations.append(rp[0])
            preposition = TextFolding.fold(rp[1])
        }
        guard !relations.isEmpty else { return nil }
        var words: [[String]] = []
        if parts.count == 2 {
            words = try alternatives(Substring(parts[1]), phrases: true, fail)
            guard !words.isEmpty else { throw fail("'\(opt)' names no words after '='") }
        }
        return DependentConstraint(relations: relations, preposition: preposition, words: words, negated: negated)
    }

    /// `ACT` or `ACT/INTENT`; a code is CAMEO's (`0312`) or a user's own (`174L`), kept as written.
    func parseCodes(_ s: String, _ fail: (String) -> DataFileError) throws -> (CAMEOCode, CAMEOCode) {
        let parts = s.split(separator: "/").map { $0.trimmingWhitespace() }
        guard (1...2).contains(parts.count), let a = CAMEOCode(user: parts[0]), parts[0] != "---" else { throw fail("'\(s)' is not an event code or ACT/INTENT pair") }
        guard parts.count == 2 else { return (a, a) }
        guard let i = CAMEOCode(user: parts[1]), parts[1] != "---" else { throw fail("'\(parts[1])' is not an event code") }
        return (a, i)
    }

    /// Every form of an English verb: base, -s, past, participle, -ing.
    public func inflections(of verb: String) -> [String] {
        let v = TextFolding.fold(verb)
        var forms: [String] = [v]
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        let last = v.last ?? " "
        let beforeLast = v.count >= 2 ? v[v.index(v.endIndex, offsetBy: -2)] : " "
        // -s
        if v.hasSuffix("s") || v.hasSuffix("x") || v.hasSuffix("z") || v.hasSuffix("ch") || v.hasSuffix("sh") || v.hasSuffix("o") {
            forms.append(v + "es")
        } else if last == "y" && !vowels.contains(beforeLast) {
            forms.append(String(v.dropLast()) + "ies")
        } else {
            forms.append(v + "s")
        }
        // doubling of a final consonant after a single short vowel: ban → banned, plan → planning
        let vowelGroups = v.split(whereSeparator: { !vowels.contains($0) }).count
        let doubles = v.count >= 3 && vowelGroups == 1 && !vowels.contains(last) && vowels.contains(beforeLast)
            && !vowels.contains(v[v.index(v.endIndex, offsetBy: -3)]) && !"wxy".contains(last)
        let stem = doubles ? v + String(last) : v
        if let irr = irregular[v] {
            forms.append(contentsOf: irr)
        } else if v.hasSuffix("e") {
            forms.append(v + "d")
        } else if last == "y" && !vowels.contains(beforeLast) {
            forms.append(String(v.dropLast()) + "ied")
        } else {
            forms.append(stem + "ed")
        }
        if v.hasSuffix("ie") { forms.append(String(v.dropLast(2)) + "ying") }
        else if v.hasSuffix("e") && !v.hasSuffix("ee") && !v.hasSuffix("ye") && !v.hasSuffix("oe") { forms.append(String(v.dropLast()) + "ing") }
        else { forms.append(stem + "ing") }
        var seen = Set<String>()
        return forms.filter { seen.insert($0).inserted }
    }

    /// The class a folded token sequence starting at `i` belongs to, and its length.
    public func classMatch(_ cname: String, at i: Int, in tokens: ArraySlice<Token>) -> Int? {
        guard let cls = classes[cname] else { return nil }
        var best: Int?
        for seq in cls where tokens.hasPhrase(seq, at: i) { best = max(best ?? 0, seq.count) }
        return best
    }
}
