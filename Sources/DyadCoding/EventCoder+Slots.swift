import DyadCore

/// Patterns with a head (`!term`) or actor slots (`<source>`, `<target>`, `<compound>`, `<actor>`), the
/// shape PETRARCH verb dictionaries are read into: the head is the verb; the source is the actor in a
/// `<source>` slot, else the subject left of the pattern; the target is the actor in a `<target>` slot,
/// else found by the pattern's rule from the head (`to=first`: the first actor after the verb); a
/// compound in a `<compound>` slot before the head acts, its members on each other when there is no target.
extension EventCoder {
    /// Where a mention starts at `i`, after determiners and quote marks: its index in the view.
    func mentionStarting(at i: Int, _ v: SentenceView) -> Int? {
        var j = i
        while j < v.end, Self.determiners.contains(v.norm(j)) || Self.quoteMarks.contains(v.norm(j)) { j += 1 }
        guard let mi = v.mentionAt[j], v.mentions[mi].tokens.lowerBound == j else { return nil }
        return mi
    }

    /// Matches terms from `ti` at token `i` like `match` (keep the two in step), and returns the
    /// tokens each term took.
    func matchSpans(_ terms: [PatternTerm], _ ti: Int, _ i: Int, _ v: SentenceView) -> (end: Int, spans: [Range<Int>])? {
        if ti == terms.count { return (i, []) }
        switch terms[ti] {
        case .alternatives(let alts):
            var best: (end: Int, spans: [Range<Int>])?
            for a in alts where i + a.count <= v.end {
                var ok = true
                for (k, w) in a.enumerated() where v.tokens[i + k].norm != w { ok = false; break }
                if ok, let r = matchSpans(terms, ti + 1, i + a.count, v), r.end > (best?.end ?? -1) {
                    best = (r.end, [i..<(i + a.count)] + r.spans)
                }
            }
            return best
        case .gap(let maxGap):
            var j = i
            for _ in 0...maxGap {
                if let r = matchSpans(terms, ti + 1, j, v) { return (r.end, [i..<j] + r.spans) }
                guard j < v.end, !endsClause(j, v) else { return nil }
                j += 1
            }
            return nil
        case .actor:
            guard let mi = mentionStarting(at: i, v) else { return nil }
            let m = v.mentions[mi].tokens
            guard let r = matchSpans(terms, ti + 1, m.upperBound, v) else { return nil }
            return (r.end, [m] + r.spans)
        }
    }

    /// A match of a pattern with a head or slots at token `i`, or nil when its head is not a verb
    /// (a `verb` pattern) or lies inside an actor's name.
    func slotMatch(_ pi: Int, at i: Int, _ v: SentenceView) -> TriggerMatch? {
        let p = patterns.patterns[pi]
        guard let (end, spans) = matchSpans(p.terms, 0, i, v), spans.count == p.terms.count else { return nil }
        let firstWord = p.terms.firstIndex { if case .alternatives = $0 { return true } else { return false } } ?? 0
        let head = spans[p.head ?? firstWord]
        guard !head.isEmpty, !head.contains(where: { v.mentionAt[$0] != nil }) else { return nil }
        // A word after a determiner is a noun ("an accord"), not the verb. (The tagger's VERB is not
        // required: it misses verbs in short stylised sentences, "Ethiopia departs from Libya".)
        // A head the tagger calls a name, an adjective or punctuation is no verb ("the US State department", "Free Tibet").
        if p.headIsVerb, ["PROPN", "ADJ", "PUNCT", "DET", "ADP"].contains(v.tokens[head.lowerBound].upos ?? "") { return nil }
        if p.headIsVerb {
            // Adjectives may stand between: "a brief private visit".
            // So may numbers, names and hyphens: "a 12-year break", "an anti- Gondor parade".
            // A head the tagger calls a noun may also follow a name ("an anti- Gondor parade").
            let noun = v.tokens[head.lowerBound].upos == "NOUN"
            var k = head.lowerBound - 1
            while k > v.start, ["ADJ", "NUM", "X"].contains(v.tokens[k].upos ?? "") || v.norm(k) == "-"
                    || (noun && (v.tokens[k].upos == "PROPN" || v.tokens[k].deprel == "compound" || v.mentionAt[k] != nil)) { k -= 1 }
            if Self.determiners.contains(v.norm(k)) { return nil }
        }
        var slots: [(ActorSlot, Int)] = []
        var words = 0
        for (k, t) in p.terms.enumerated() {
            switch t {
            case .actor(let slot):
                if let mi = v.mentionAt[spans[k].lowerBound] { slots.append((slot, mi)) }
                words += 1
            case .alternatives: words += spans[k].count
            case .gap: break
            }
        }
        return TriggerMatch(pattern: pi, tokens: i..<end, head: head, slots: slots, words: words)
    }

    /// The mention itself and the mentions coordinated with it by commas and "and" ("Mordor, Rohan,
    /// Fornost and Bree"), leftward from the last of them or rightward from the first.
    func coordinated(with m: ActorMention, _ v: SentenceView, leftward: Bool) -> [ActorMention] {
        var out = [m]
        var edge = leftward ? m.tokens.lowerBound : m.tokens.upperBound
        while true {
            var k = edge
            var sawLink = false
            if leftward {
                k -= 1
                while k >= v.start, v.norm(k) == "," || v.norm(k) == "and" || Self.determiners.contains(v.norm(k)) {
                    if v.norm(k) == "," || v.norm(k) == "and" { sawLink = true }
                    k -= 1
                }
                guard sawLink, k >= v.start, let mi = v.mentionAt[k], isActor(v.mentions[mi]) else { break }
                out.insert(v.mentions[mi], at: 0)
                edge = v.mentions[mi].tokens.lowerBound
            } else {
                while k < v.end, v.norm(k) == "," || v.norm(k) == "and" || Self.determiners.contains(v.norm(k)) {
                    if v.norm(k) == "," || v.norm(k) == "and" { sawLink = true }
                    k += 1
                }
                guard sawLink, k < v.end, let mi = v.mentionAt[k], v.mentions[mi].tokens.lowerBound >= edge, isActor(v.mentions[mi]) else { break }
                out.append(v.mentions[mi])
                edge = v.mentions[mi].tokens.upperBound
            }
        }
        return out
    }

    /// An actor whose code names a group (PETRARCH's `FRO/BIL/SAM`) stands for each member: one actor per code.
    static func splitGroups(_ actors: [ActorRef]) -> [ActorRef] {
        actors.flatMap { a -> [ActorRef] in
            guard let code = a.code, code.contains("/") else { return [a] }
            return code.split(separator: "/").map { c in
                var m = a
                m.code = String(c)
                return m
            }
        }
    }

    /// The head verb's nominal subject from the parse, when it is, or its noun phrase holds, a coded
    /// actor mention ("A Pakistani woman … was extradited").
    func headSubject(_ head: Range<Int>, _ v: SentenceView, outside: Range<Int>) -> ActorMention? {
        guard let k = nominalSubject(of: head, v, outside: outside) else { return nil }
        return actorOfPhrase(headedBy: k, v)
    }

    /// The modifiers whose actor may stand for their phrase's: not an `nmod`, a place or body after
    /// "of" or "from" that only gives an agent its state.
    static let phraseModifiers = modifierRelations.subtracting(["nmod"])

    /// The actor mention a noun phrase's head is in, or else one of its modifiers is in. An agent
    /// without a state takes the state named in its phrase ("Soldiers from Gondor" → GONMIL).
    func actorOfPhrase(headedBy k: Int, _ v: SentenceView) -> ActorMention? {
        if let mi = v.mentionAt[k] {
            var m = v.mentions[mi]
            guard isActor(m) else { return nil }
            if !isCoded(m), m.actors.count == 1, let sector = m.actors[0].sector {
                // "soldiers from Gondor", "the parliament of Gondor": the state's code as written.
                if let state = mentionAfterPreposition(m, v)?.actors.first, state.sector == nil, let code = state.code ?? state.country {
                    return agent(m, sector: sector, country: state.country, stateCode: code)
                }
                for j in v.tree.children(k) where Self.modifierRelations.contains(relation(j, v)) {
                    guard let cj = v.mentionAt[j], let state = v.mentions[cj].actors.first, state.sector == nil, let code = state.code ?? state.country else { continue }
                    m = agent(m, sector: sector, country: state.country, stateCode: code)
                    break
                }
            }
            return titled(m, head: k, mention: mi, v)
        }
        for j in v.tree.children(k) where Self.phraseModifiers.contains(relation(j, v)) {
            if let mi = v.mentionAt[j], isCoded(v.mentions[mi]) { return v.mentions[mi] }
        }
        return nil
    }

    /// Agents coordinated after a state's agent share its state ("Danish media and government" →
    /// DNKMED, DNKGOV): the adjective of the first member is forwarded, as PETRARCH does.
    static func forwardState(_ actors: [ActorRef]) -> [ActorRef] {
        guard let first = actors.first, let country = first.country, let code = first.code, let sector = first.sector,
              code.hasSuffix(sector), actors.count > 1 else { return actors }
        let prefix = String(code.dropLast(sector.count))
        return actors.map { a in
            guard a.code == nil, a.country == nil, let s = a.sector else { return a }
            var b = a
            b.country = country
            b.code = prefix + s
            return b
        }
    }

    /// Whether a mention names an actor: a state, an organisation, or an agent alone ("clerics").
    func isActor(_ m: ActorMention) -> Bool { m.actors.contains { $0.code != nil || $0.country != nil || $0.sector != nil } }

    /// PETRARCH's codes for agents without a state: `---` and the agent code ("clerics" → `---REL`).
    static func petrarchAgentCodes(_ actors: [ActorRef]) -> [ActorRef] {
        actors.map { a in
            guard a.code == nil, a.country == nil, let sector = a.sector else { return a }
            var b = a
            b.code = "---" + ActorRef.cameoRole(sector)
            return b
        }
    }

    /// Whether the parse gives the head a nominal subject that names no coded actor ("a senior official
    /// said", "crowds trashed"): then the event has no source, as in PETRARCH.
    func headSubjectIsNotAnActor(_ head: Range<Int>, _ v: SentenceView, outside: Range<Int>) -> Bool {
        guard let k = nominalSubject(of: head, v, outside: outside) else { return false }
        return actorOfPhrase(headedBy: k, v) == nil
    }

    /// The token that is the head's `nsubj`/`nsubj:pass` in the parse, outside the pattern's own words
    /// (not a pronoun, which the text resolves elsewhere).
    func nominalSubject(of head: Range<Int>, _ v: SentenceView, outside: Range<Int>) -> Int? {
        // The nearest one: a misparse may give a verb two.
        var best: Int?
        for k in v.start..<v.end where !(outside.contains(k) && v.mentionAt[k] == nil) {
            guard let h = v.tokens[k].head, head.contains(h), let rel = v.tokens[k].deprel, rel.hasPrefix("nsubj") else { continue }
            if best == nil || abs(k - head.lowerBound) < abs(best! - head.lowerBound) { best = k }
        }
        if let b = best, v.tokens[b].upos == "PRON" || v.tokens[b].upos == "DET" { return nil }
        return best
    }

    /// The subject of a verb conjoined to an earlier one ("condemned an attack … and promised aid"):
    /// the earlier verb's.
    func conjoinedSubject(_ head: Range<Int>, _ v: SentenceView) -> ActorMention? {
        var k = head.lowerBound - 1
        while k > v.start, ["ADV", "AUX", "PART"].contains(v.tokens[k].upos ?? "") { k -= 1 }
        guard v.norm(k) == "and" || v.norm(k) == "but" else { return nil }
        var j = k - 1
        while j >= v.start {
            if endsClause(j, v) || role(j, v) == .relative { return nil }
            if v.tokens[j].upos == "VERB", v.tokens[j].deprel != "amod", v.mentionAt[j] == nil {
                let verb = j..<(j + 1)
                return headSubject(verb, v, outside: verb) ?? findSubject(verb, v, nominal: false)
            }
            j -= 1
        }
        return nil
    }

    /// Drops a verb that completes an earlier verb of its clause ("urged Bree to help", "abandoned efforts
    /// to stop", "allow … a place to visit"): PETRARCH codes the verb phrase once, by its first verb.
    func dropComplementVerbs(_ taken: [TriggerMatch], _ v: SentenceView) -> [TriggerMatch] {
        var out: [TriggerMatch] = []
        for t in taken {
            let p = patterns.patterns[t.pattern]
            if p.head != nil, let h = t.head, v.norm(h.lowerBound - 1) == "to",
               let prev = out.last(where: { patterns.patterns[$0.pattern].head != nil && $0.tokens.upperBound <= h.lowerBound }),
               !(prev.tokens.upperBound..<h.lowerBound).contains(where: { endsClause($0, v) || v.norm($0) == "," || role($0, v) == .relative }) {
                continue
            }
            out.append(t)
        }
        return out
    }

    /// The agent of a passive head: the first actor after its "by" in the clause ("was blown up over
    /// Ukraine by a missile fired by rebels" → the rebels).
    func passiveAgent(after head: Range<Int>, _ v: SentenceView) -> [ActorRef] {
        var k = head.upperBound
        while k < v.end, k < head.upperBound + 12, !endsClause(k, v), v.norm(k) != "by" { k += 1 }
        guard k < v.end, v.norm(k) == "by" else { return [] }
        var j = k + 1
        while j < v.end, j < k + 24, !endsClause(j, v) {
            if let mi = v.mentionAt[j], isActor(v.mentions[mi]) { return coordinated(with: v.mentions[mi], v, leftward: false).flatMap(\.actors) }
            j += 1
        }
        return []
    }

    /// The next token after `from` that is a verb of the dictionary (tagged VERB, the head of a pattern).
    func nextDictionaryVerb(after from: Int, _ v: SentenceView) -> Int? {
        (from..<v.end).first { k in
            v.tokens[k].upos == "VERB" && (index[v.norm(k)]?.contains { patterns.patterns[$0].head == 0 } ?? false)
        }
    }

    /// The first coded actor after token `from` in the clause, past prepositions, skipping `excluding` mentions.
    func firstActor(after from: Int, _ v: SentenceView, excluding: Set<Int> = [], before stop: Int? = nil) -> [ActorRef] {
        var k = from
        var steps = 0
        while k < min(v.end, stop ?? v.end) && steps < 30 {
            if let mi = v.mentionAt[k] {
                let m = v.mentions[mi]
                if !excluding.contains(mi), isCoded(m) { return coordinated(with: m, v, leftward: false).flatMap(\.actors) }
                k = m.tokens.upperBound
                steps += 1
                continue
            }
            if endsClause(k, v) { return [] }
            k += 1
            steps += 1
        }
        return []
    }

    /// A code's Goldstein value, quad class and PLOVER reading: its own, its nearest CAMEO ancestor's
    /// (`174L` → `174`), or placeholders marked unscored when it has none (`901`).
    func facts(of code: CAMEOCode) -> (CAMEOEntry, unscored: Bool) {
        if let e = cameo.nearest(code) { return (e, false) }
        return (CAMEOEntry(code: code, name: "", goldstein: 0, quadClass: QuadClass(root: Int(code.root) ?? 1), plover: nil), true)
    }

    /// The events of a pattern with a head or slots.
    func slotEvents(for m: TriggerMatch, in v: SentenceView, sentenceIndex: Int) -> [Event] {
        let p = patterns.patterns[m.pattern]
        if p.noEvent { return [] }
        let head = m.head ?? m.tokens
        var sourceSlot: ActorMention?
        var slotTargets: [ActorRef]?
        var mutual = false
        var used = Set<Int>()
        for (slot, mi) in m.slots {
            used.insert(mi)
            let mention = v.mentions[mi]
            switch slot {
            case .source: sourceSlot = mention
            case .target: slotTargets = (slotTargets ?? []) + mention.actors
            case .compound:
                // The members of a compound before the verb act on each other (TABARI's `%`); after it they are the targets.
                if mention.tokens.upperBound <= head.lowerBound {
                    sourceSlot = mention
                    mutual = true
                } else {
                    slotTargets = (slotTargets ?? []) + coordinated(with: mention, v, leftward: false).flatMap(\.actors)
                }
            case .actor: break
            }
        }
        var subject = sourceSlot ?? headSubject(head, v, outside: m.tokens) ?? conjoinedSubject(head, v)
            ?? findSubject(m.tokens, v, nominal: p.nominal).flatMap { used.contains(v.mentionAt[$0.tokens.lowerBound] ?? -1) ? nil : $0 }
        if sourceSlot == nil, subject != nil, headSubjectIsNotAnActor(head, v, outside: m.tokens) { subject = nil }
        var (speaker, denied) = findSpeaker(from: subject?.tokens.lowerBound ?? m.tokens.lowerBound, trigger: m.tokens, v)
        if speaker?.tokens == subject?.tokens { speaker = nil }
        if subject == nil, let sp = speaker, sp.tokens.upperBound <= m.tokens.lowerBound { subject = sp }
        let (modality, deontic) = modality(subjectEnd: subject?.tokens.upperBound ?? clauseOpening(before: m.tokens.lowerBound, v),
                                           trigger: m.tokens, v, denied: denied)
        if p.deontic && !deontic { return [] }
        if let s = subject, let mi = v.mentionAt[s.tokens.lowerBound] { used.insert(mi) }

        var sources = subject.map { s in
            coordinated(with: s, v, leftward: true).flatMap(\.actors) + coordinated(with: s, v, leftward: false).dropFirst().flatMap(\.actors)
        } ?? []
        var targets: [ActorRef]
        if mutual && slotTargets == nil {
            targets = []
        } else if let slotTargets {
            targets = slotTargets
        } else if sourceSlot == nil, isPassive(head, v), case let by = passiveAgent(after: head, v), !by.isEmpty {
            // "Germany was criticized by France": the by-phrase acts on the subject.
            targets = sources
            sources = by
        } else if p.target == .first {
            // A reporting verb's clause is an event of its own: "Kigali said it hoped French officials …".
            let stop = role(head.lowerBound, v) == .reporting ? nextDictionaryVerb(after: head.upperBound, v) : nil
            targets = firstActor(after: head.upperBound, v, excluding: used, before: stop)
        } else {
            targets = findTargets(p.target, head.lowerBound..<max(head.upperBound, m.tokens.upperBound), subject: subject, v)
        }
        if p.needsTarget && targets.isEmpty { return [] }
        var code = (modality == .intended && !p.deontic) ? p.intent : p.act
        var finalModality: Modality = p.deontic ? .asserted : (deontic && modality == .asserted ? .hypothetical : modality)
        if finalModality == .negated, !p.literal, let refusal = cameo.refusal(of: code) {
            code = refusal
            finalModality = .asserted
        }

        sources = Self.forwardState(sources)
        sources = Self.petrarchAgentCodes(Self.splitGroups(sources))
        targets = Self.petrarchAgentCodes(Self.splitGroups(targets))
        // An agent without a state (`---REL`) takes part only beside an actor with one.
        let coded = { (a: ActorRef?) -> Bool in a?.country != nil || (a?.code.map { !$0.hasPrefix("---") } ?? false) }
        var triples: [(ActorRef?, ActorRef?, CAMEOCode)] = []
        let srcList: [ActorRef?] = sources.isEmpty ? [nil] : sources
        for s in srcList {
            var ts: [ActorRef?] = targets.isEmpty ? [nil] : targets
            if targets.isEmpty, mutual || (sources.count > 1 && Self.cooperativeRoots.contains(code.root) && p.target != .none), sources.count > 1 {
                ts = sources.filter { $0.identity != s?.identity }
            }
            for t in ts {
                if let s, let t, s.identity == t.identity,
                   s.code == t.code || s.code == nil || t.code == nil || s.code == s.country || t.code == t.country { continue }
                guard coded(s) || coded(t) else { continue }
                if !p.reverseOnly { triples.append((s, t, code)) }
                if let r = p.reverse, let s, let t { triples.append((t, s, r)) }
            }
        }
        guard !triples.isEmpty else { return [] }

        let trig = v.tokens[head.lowerBound].start..<v.tokens[head.upperBound - 1].end
        let span = v.tokens[m.tokens.lowerBound].start..<v.tokens[m.tokens.upperBound - 1].end
        var lo = span.lowerBound, hi = span.upperBound
        if let subject { lo = min(lo, subject.start); hi = max(hi, subject.end) }
        let triggerText = v.text.scalarSlice(trig.lowerBound - v.sentenceStart, trig.upperBound - v.sentenceStart)
        let evidence = Evidence(sentence: v.text, trigger: triggerText, charStart: lo, charEnd: hi, rule: p.id)
        return makeEvents(triples, sentenceIndex: sentenceIndex, modality: finalModality, speaker: speaker,
                          evidence: evidence, triggerTokens: m.tokens)
    }
}
