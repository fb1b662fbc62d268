import DyadCore

/// A sentence's dependency tree as the syntax stage left it on the tokens: each word's head and
/// relation, and its dependents, by document token index. Empty when the sentence was not parsed
/// (a headline, or a pipeline without the syntax stage); the coder then reads roles from the
/// surface alone.
struct DependencyTree: Sendable {
    let start: Int
    let end: Int
    let parsed: Bool
    /// Each word's first dependent (at `i - start`) and each word's next sibling, as document token
    /// indices (-1: none): two flat arrays a sentence, lists in text order.
    private let firstChild: [Int32]
    private let nextSibling: [Int32]

    init(_ tokens: ArraySlice<Token>) {
        start = tokens.startIndex
        end = tokens.endIndex
        guard tokens.contains(where: { $0.deprel != nil }) else {
            parsed = false
            firstChild = []
            nextSibling = []
            return
        }
        var first = [Int32](repeating: -1, count: tokens.count)
        var next = [Int32](repeating: -1, count: tokens.count)
        // Prepending in reverse text order leaves each list in text order.
        for i in tokens.indices.reversed() {
            guard let h = tokens[i].head, h >= start, h < end else { continue }
            next[i - start] = first[h - start]
            first[h - start] = Int32(i)
        }
        parsed = true
        firstChild = first
        nextSibling = next
    }

    /// The dependents of word `i`, in text order.
    struct Children: Sequence, IteratorProtocol {
        var k: Int32
        let tree: DependencyTree
        mutating func next() -> Int? {
            guard k >= 0 else { return nil }
            let r = Int(k)
            k = tree.nextSibling[r - tree.start]
            return r
        }
    }

    func children(_ i: Int) -> Children {
        Children(k: parsed && i >= start && i < end ? firstChild[i - start] : -1, tree: self)
    }
}

/// Who and whom from the dependency parse: the subject of a predicate (through control, coordinated
/// verbs, relative and participle clauses), the passive's agent, objects and prepositional objects.
/// The coder's surface reading of the clause stays the first choice; these fill what it cannot
/// reach: a subject whose head noun carries no actor but whose modifiers do ("Serb forces",
/// "security forces in Guinea"), a subject far from its verb, an object after an intervening phrase.
extension EventCoder {
    func relation(_ i: Int, _ v: SentenceView) -> String { i >= v.start && i < v.end ? v.tokens[i].deprel ?? "" : "" }

    func parent(_ i: Int, _ v: SentenceView) -> Int? {
        guard i >= v.start, i < v.end, let h = v.tokens[i].head, h >= v.start, h < v.end else { return nil }
        return h
    }

    /// The preposition or case marker of a nominal ("with" in "with Russia").
    func caseMarker(_ i: Int, _ v: SentenceView) -> String? {
        v.tree.children(i).first { relation($0, v) == "case" }.map { v.tokens[$0].norm }
    }

    /// The word of a trigger that the rest of the sentence hangs from: its first verb, else the
    /// first word whose head lies outside the trigger.
    func triggerHead(_ t: Range<Int>, _ v: SentenceView) -> Int {
        if let verb = t.first(where: { v.tokens[$0].upos == "VERB" }) { return verb }
        return t.first { parent($0, v).map { !t.contains($0) } ?? true } ?? t.lowerBound
    }

    static let modifierRelations: Set<String> = ["compound", "amod", "flat", "nmod:poss", "appos", "nmod"]
    static let relativePronouns: Set<String> = ["who", "which", "that", "whom"]

    /// The actor a noun phrase headed by word `i` names: the mention on the word itself, else one on
    /// its modifiers ("Serb forces", "Hezbollah's fighters"). An agent with no state takes the state
    /// of a place after in/of/from ("security forces in Guinea" acts as Guinea's police).
    func mention(headedBy i: Int, _ v: SentenceView) -> ActorMention? {
        if let mi = v.mentionAt[i] { return titled(located(v.mentions[mi], head: i, v), head: i, mention: mi, v) }
        for c in v.tree.children(i) where Self.modifierRelations.contains(relation(c, v)) {
            if relation(c, v) == "nmod", !["of", "from"].contains(caseMarker(c, v) ?? "") { continue }
            if let mi = v.mentionAt[c] { return v.mentions[mi] }
        }
        return nil
    }

    /// A person named with a title before the name ("Valdoria Chancellor Orventis", the name
    /// heading the phrase): where the name gives only a state, the title's mention of the same state
    /// with a sector says more, as it does when the title heads the phrase.
    func titled(_ m: ActorMention, head i: Int, mention mi: Int, _ v: SentenceView) -> ActorMention {
        guard m.actors.count == 1, m.actors[0].sector == nil, let country = m.actors[0].country else { return m }
        for c in v.tree.children(i) where c < i && Self.titleRelations.contains(relation(c, v)) {
            guard let ti = v.mentionAt[c], ti != mi else { continue }
            let title = v.mentions[ti]
            if title.actors.count == 1, title.actors[0].country == country, title.actors[0].sector != nil { return title }
        }
        return m
    }

    static let titleRelations: Set<String> = ["compound", "nmod:desc", "flat", "amod"]

    /// A stateless agent mention given the state of an in/of/from modifier of its words
    /// ("members of parliament from Kenya's ruling party", "demonstrators in Baghdad").
    func located(_ m: ActorMention, head i: Int, _ v: SentenceView) -> ActorMention {
        guard m.actors.count == 1, m.actors[0].country == nil, m.actors[0].code == nil || m.actors[0].code == m.actors[0].sector,
              let sector = m.actors[0].sector ?? m.actors[0].code else { return m }
        // The modifiers that may give the state: "X in/of/from Y", and through an adjective or a
        // participle, "workers affiliated with Y", "forces loyal to Y".
        var candidates: [Int] = []
        var whole: Int?
        for w in m.tokens {
            for c in v.tree.children(w) where !m.tokens.contains(c) {
                let r = relation(c, v)
                if r == "nmod", ["in", "of", "from"].contains(caseMarker(c, v) ?? "") {
                    candidates.append(c)
                    // "representatives from X", "members of X": the people of a body act as the body.
                    if whole == nil, Self.memberNouns.contains(v.tokens[w].norm), caseMarker(c, v) != "in" { whole = c }
                }
                // "Bangladeshi peacekeeping troops": a nationality the mention finder left apart.
                if r == "amod" || r == "compound" || r == "nmod:poss" { candidates.append(c) }
                if r == "acl" || r == "amod" {
                    for cc in v.tree.children(c) where relation(cc, v).hasPrefix("obl") && ["with", "to", "of", "from", "in"].contains(caseMarker(cc, v) ?? "") {
                        candidates.append(cc)
                    }
                }
            }
        }
        if let whole, let body = mention(headedBy: whole, v), isCoded(body) { return body }
        for c in candidates {
            guard let place = mention(headedBy: c, v), place.actors.count == 1, let country = place.actors[0].country,
                  let code = place.actors[0].code else { continue }
            return agent(m, sector: sector, country: country, stateCode: String(code.prefix(3)))
        }
        return m
    }

    /// The subject of the predicate at word `i` by the parse, and whether it is a passive subject.
    /// With no subject of its own, a verb takes its controller's ("willing to work": the one
    /// willing; "urged Iran to release": Iran), its first conjunct's, its antecedent's (a
    /// relative clause) or its main clause's (a participle clause).
    func dependencySubject(of i: Int, _ v: SentenceView, depth: Int = 0) -> (ActorMention, passive: Bool)? {
        let kids = v.tree.children(i)
        if let s = kids.first(where: { relation($0, v) == "nsubj" || relation($0, v) == "nsubj:pass" }) {
            let passive = relation(s, v) == "nsubj:pass"
            if relation(i, v) == "acl:relcl", Self.relativePronouns.contains(v.tokens[s].norm), let h = parent(i, v) {
                return mention(headedBy: h, v).map { ($0, passive) }
            }
            return mention(headedBy: s, v).map { ($0, passive) }
        }
        guard depth < 4, let h = parent(i, v) else { return nil }
        switch relation(i, v) {
        case "xcomp":
            if let o = v.tree.children(h).first(where: { relation($0, v) == "obj" }), let m = mention(headedBy: o, v) { return (m, false) }
            return dependencySubject(of: h, v, depth: depth + 1).map { ($0.0, false) }
        case "conj":
            return dependencySubject(of: h, v, depth: depth + 1)
        case "acl:relcl", "acl":
            return mention(headedBy: h, v).map { ($0, false) }
        case "advcl" where v.tokens[i].xpos == "VBG":
            return dependencySubject(of: h, v, depth: depth + 1).map { ($0.0, false) }
        // An infinitive of purpose ("… to demand an end to …") is its clause subject's act.
        case "advcl" where v.tokens[i].xpos == "VB" && isToInfinitive(i, v):
            return dependencySubject(of: h, v, depth: depth + 1).map { ($0.0, false) }
        default:
            return nil
        }
    }

    /// Whether a mention is, in the parse, a name listed inside a prepositional phrase: in apposition
    /// or coordination with the object of a preposition of place ("a leak in a plant in X village, Y, …").
    func insidePrepositionalPhrase(_ m: ActorMention, _ v: SentenceView) -> Bool {
        guard var k = m.tokens.last(where: { parent($0, v).map { !m.tokens.contains($0) } ?? true }) else { return false }
        var listed = false
        for _ in 0..<6 {
            let r = relation(k, v)
            if r == "appos" || r == "conj" { listed = true }
            else if r.hasPrefix("obl") { return listed && Self.locativePrepositions.contains(caseMarker(k, v) ?? "") }
            else if !(r == "flat" || r == "compound") { return false }
            guard let h = parent(k, v) else { return false }
            k = h
        }
        return false
    }

    /// The agent of a passive ("by France"): an oblique marked by "by".
    func dependencyAgent(of i: Int, _ v: SentenceView) -> ActorMention? {
        for c in v.tree.children(i) where relation(c, v).hasPrefix("obl") && caseMarker(c, v) == "by" {
            if let m = mention(headedBy: c, v) { return m }
        }
        return nil
    }

    /// The targets a pattern's rule names, read from the parse: the direct or indirect object, or a
    /// nominal after one of the rule's prepositions hanging from the trigger.
    func dependencyTargets(_ rule: TargetRule, head i: Int, _ v: SentenceView) -> [ActorRef] {
        var preps: Set<String> = []
        var object = false
        switch rule {
        case .object: object = true
        case .objectOr(let p): object = true; preps = p
        case .preposition(let p): preps = p
        case .partner: preps = ["with"]
        default: return []
        }
        for c in v.tree.children(i) {
            let r = relation(c, v)
            // An oblique without a preposition next to a verb is mostly an object the parser misread.
            let bareOblique = r == "obl" && caseMarker(c, v) == nil
            // A reporter the parser hung on the verb ("…, Human Rights Watch said") is no object.
            if object && (r == "obj" || r == "iobj" || bareOblique), let m = mention(headedBy: c, v), !isReporter(m, v) { return m.actors }
            if !preps.isEmpty, r.hasPrefix("obl") || r.hasPrefix("nmod"), let cm = caseMarker(c, v), preps.contains(cm),
               let m = mention(headedBy: c, v) {
                // A name after a place noun ("in the capital city of Lima") is named as a place: its
                // state, as a place the clause names is (`placeTarget`), not its government.
                if v.mentionAt[c] == nil, Self.placeNouns.contains(v.norm(c)), let place = placeActor(m) { return [place] }
                return m.actors
            }
        }
        return []
    }
}

// MARK: - Conditions on dependents (the pattern language over the parse)

extension EventCoder {
    /// A verb-gap-noun pattern ("+submit * petition") whose noun stands further from the verb than
    /// the gap reaches, inside the verb's object phrase in the parse ("submitted the most
    /// recent in a series of reform petitions"): the match runs from the verb to that noun.
    func objectMatch(_ p: EventPattern, at i: Int, _ v: SentenceView) -> Int? {
        guard p.verbal, p.terms.count == 3, v.tokens[i].upos == "VERB", v.tree.parsed, case .gap = p.terms[1],
              case .alternatives(let nouns) = p.terms[2], case .alternatives(let verbs) = p.terms[0],
              verbs.contains(where: { $0.count == 1 && $0[0] == v.tokens[i].norm }) else { return nil }
        for c in v.tree.children(i) where c > i {
            let r = relation(c, v)
            guard r == "obj" else { continue }
            let span = subtreeSpan(c, v)
            for k in span {
                for a in nouns where k + a.count - 1 <= span.upperBound && v.tokens.hasPhrase(a, at: k) { return k + a.count }
            }
        }
        return nil
    }
}

extension EventCoder {
    /// The first and last word of the phrase word `i` heads.
    func subtreeSpan(_ i: Int, _ v: SentenceView) -> ClosedRange<Int> {
        var lo = i, hi = i
        var stack = [i]
        var steps = 0
        while let k = stack.popLast(), steps < 256 {
            steps += 1
            lo = min(lo, k)
            hi = max(hi, k)
            stack.append(contentsOf: v.tree.children(k))
        }
        return lo...hi
    }

    /// Whether one of `phrases` (folded words) occurs within `span`.
    func contains(_ phrases: [[String]], in span: ClosedRange<Int>, _ v: SentenceView) -> Bool {
        let lo = max(span.lowerBound, v.tokens.startIndex), hi = min(span.upperBound + 1, v.tokens.endIndex)
        return lo < hi && v.tokens[lo..<hi].containsPhrase(phrases, lemmas: true)
    }

    /// Whether the verb at `i` is marked by "to" in the parse ("… to demand", "… to return").
    func isToInfinitive(_ i: Int, _ v: SentenceView) -> Bool {
        v.tree.children(i).contains { relation($0, v) == "mark" && v.tokens[$0].norm == "to" }
    }

    /// "to"-infinitives that close a relative clause on one of the verb's nominal dependents and
    /// that the parser hung inside that clause: in "allow refugees who have lived in Iraq for a
    /// decade to return", "to return" completes "allow", not "lived". Read as the verb's own
    /// complements when checking its pattern's conditions.
    func infinitivesAfterRelativeClauses(of head: Int, _ v: SentenceView) -> [Int] {
        var found: [Int] = []
        for n in v.tree.children(head) where n > head && ["obj", "iobj", "obl"].contains(relation(n, v)) {
            for rc in v.tree.children(n) where relation(rc, v) == "acl:relcl" {
                for x in v.tree.children(rc) where x > rc && ["advcl", "xcomp"].contains(relation(x, v)) && v.tokens[x].upos == "VERB" && isToInfinitive(x, v) {
                    found.append(x)
                }
            }
        }
        return found
    }

    /// Whether a trigger meets its pattern's conditions on dependents. Read from the parse; a
    /// sentence without one (a headline) is read from the surface: the words after the trigger up
    /// to the end of the clause stand for its complements, the words before it for its subject.
    func meetsDependentConditions(_ p: EventPattern, _ t: Range<Int>, _ v: SentenceView) -> Bool {
        guard !p.dependents.isEmpty else { return true }
        let head = triggerHead(t, v)
        for c in p.dependents {
            let found: Bool
            if v.tree.parsed {
                let dependents = v.tree.children(head).map { ($0, relation($0, v)) } + infinitivesAfterRelativeClauses(of: head, v).map { ($0, "xcomp") }
                found = dependents.contains { d, r in
                    guard !t.contains(d) else { return false }
                    if let prep = c.preposition {
                        guard r.hasPrefix("obl") || r.hasPrefix("nmod"), caseMarker(d, v) == prep else { return false }
                    } else if !c.relations.contains(where: { r == $0 || r.hasPrefix($0 + ":") }) {
                        return false
                    }
                    return c.words.isEmpty || contains(c.words, in: subtreeSpan(d, v), v)
                }
            } else if c.words.isEmpty {
                found = !c.negated
            } else {
                var lo = t.upperBound, hi = t.upperBound
                if c.relations.allSatisfy({ $0.hasPrefix("nsubj") }) {
                    lo = clauseOpening(before: t.lowerBound, v)
                    hi = t.lowerBound
                } else {
                    while hi < v.end, hi < t.upperBound + 10, !endsClause(hi, v) { hi += 1 }
                    if let prep = c.preposition, let at = (lo..<hi).first(where: { v.norm($0) == prep }) { lo = at + 1 }
                    else if c.preposition != nil { lo = hi }
                }
                found = lo < hi && contains(c.words, in: lo...(hi - 1), v)
            }
            if found == c.negated { return false }
        }
        return true
    }
}
