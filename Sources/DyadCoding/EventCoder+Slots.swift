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

    /// Matches terms from `ti` at token `i` like `match`, and returns the tokens each term took.
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

    static let verbTags: Set<String> = ["VERB", "AUX"]

    /// A match of a pattern with a head or slots at token `i`, or nil when its head is not a verb
    /// (a `verb` pattern) or lies inside an actor's name.
    func slotMatch(_ pi: Int, at i: Int, _ v: SentenceView) -> TriggerMatch? {
        let p = patterns.patterns[pi]
        guard let (end, spans) = matchSpans(p.terms, 0, i, v), spans.count == p.terms.count else { return nil }
        let firstWord = p.terms.firstIndex { if case .alternatives = $0 { return true } else { return false } } ?? 0
        let head = spans[p.head ?? firstWord]
        guard !head.isEmpty, !head.contains(where: { v.mentionAt[$0] != nil }) else { return nil }
        if p.headIsVerb {
            // A word after a determiner is a noun ("an accord"); with tags, the head must be tagged a verb.
            if Self.determiners.contains(v.norm(head.lowerBound - 1)) { return nil }
            if v.tokens[head.lowerBound].upos != nil, !head.contains(where: { Self.verbTags.contains(v.tokens[$0].upos ?? "") }) { return nil }
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

    /// The first coded actor after token `from` in the clause, past prepositions, skipping `excluding` mentions.
    func firstActor(after from: Int, _ v: SentenceView, excluding: Set<Int> = []) -> [ActorRef] {
        var k = from
        var steps = 0
        while k < v.end && steps < 30 {
            if let mi = v.mentionAt[k] {
                let m = v.mentions[mi]
                if !excluding.contains(mi), m.actors.contains(where: { $0.code != nil || $0.country != nil }) { return m.actors }
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
                if mention.tokens.upperBound <= head.lowerBound {
                    sourceSlot = mention
                    mutual = true
                } else {
                    slotTargets = (slotTargets ?? []) + mention.actors
                }
            case .actor: break
            }
        }
        var subject = sourceSlot ?? findSubject(m.tokens, v, nominal: p.nominal).flatMap { used.contains(v.mentionAt[$0.tokens.lowerBound] ?? -1) ? nil : $0 }
        var (speaker, denied) = findSpeaker(from: subject?.tokens.lowerBound ?? m.tokens.lowerBound, trigger: m.tokens, v)
        if speaker?.tokens == subject?.tokens { speaker = nil }
        if subject == nil, let sp = speaker, sp.tokens.upperBound <= m.tokens.lowerBound { subject = sp }
        let (modality, deontic) = modality(subjectEnd: subject?.tokens.upperBound ?? clauseOpening(before: m.tokens.lowerBound, v),
                                           trigger: m.tokens, v, denied: denied)
        if p.deontic && !deontic { return [] }
        if let s = subject, let mi = v.mentionAt[s.tokens.lowerBound] { used.insert(mi) }

        var sources = subject?.actors ?? []
        var targets: [ActorRef]
        if let slotTargets {
            targets = slotTargets
        } else if sourceSlot == nil, isPassive(head, v), case let by = afterPreposition(["by"], from: head.upperBound, v), !by.isEmpty {
            // "Germany was criticized by France": the by-phrase acts on the subject.
            targets = sources
            sources = by
        } else if p.target == .first {
            targets = firstActor(after: head.upperBound, v, excluding: used)
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

        let coded = { (a: ActorRef?) -> Bool in a?.code != nil || a?.country != nil }
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
                triples.append((s, t, code))
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
        return triples.map { s, t, c in
            let (entry, unscored) = facts(of: c)
            var e = Event(sentenceIndex: sentenceIndex, source: s, target: t, cameo: c, goldstein: entry.goldstein,
                          quadClass: entry.quadClass, plover: entry.plover, modality: finalModality,
                          speaker: speaker.flatMap { $0.actors.count == 1 ? $0.actors[0] : jointSpeaker($0) },
                          evidence: evidence, triggerTokens: m.tokens)
            e.unscored = unscored
            return e
        }
    }
}
