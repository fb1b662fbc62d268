import DyadCore
import Foundation

/// The pipeline component that turns sentences with actor mentions into coded events.
///
/// For each sentence it finds pattern triggers (`PatternDictionary`), then reads the clause around
/// each trigger with the function words of `ClauseLexicon`: the subject to the left (skipping
/// actors that are objects of prepositions, following relative pronouns and participle clauses
/// back to their subject), the target by the pattern's rule, the speaker of reported speech, and
/// the modality from the words between subject and trigger. A joint actor gives one event per
/// member; a joint actor with no target, in a cooperative event, acts on its other members.
/// Where the surface finds no coded actor, the dependency parse names it (`DependencyRoles.swift`);
/// patterns' conditions on a trigger's dependents are checked on the parse.
public struct EventCoder: PipelineComponent {
    public let name = "coder"
    public let requires: Set<Annotation> = [.tokens, .sentences, .mentions]
    public let provides: Set<Annotation> = [.events]
    public let patterns: PatternDictionary
    public let lexicon: ClauseLexicon
    public let cameo: CAMEOTable
    /// Patterns indexed by the folded first token of each alternative of their first term.
    let index: [String: [Int]]
    /// Patterns whose trigger starts with an actor slot, tried where a mention starts.
    let slotFirst: [Int]
    /// Keep only events with both a source and a target (PETRARCH's `require_dyad`).
    public var requireDyad = false
    /// Phrases that keep a sentence or a whole document from being coded (`--discards`).
    public var discards = DiscardList()

    public init(patterns: PatternDictionary, lexicon: ClauseLexicon, cameo: CAMEOTable) {
        _ = CoderWords.builtIn   // the word lists of Resources/coder-words.txt, read when the coder is made
        self.patterns = patterns
        self.lexicon = lexicon
        self.cameo = cameo
        var index: [String: [Int]] = [:]
        var slotFirst: [Int] = []
        for (i, p) in patterns.patterns.enumerated() {
            if case .actor = p.terms[0] { slotFirst.append(i) }
            guard case .alternatives(let alts) = p.terms[0] else { continue }
            for a in alts { index[a[0], default: []].append(i) }
        }
        self.index = index
        self.slotFirst = slotFirst
    }

    public static func builtIn() throws -> EventCoder {
        EventCoder(patterns: try .builtIn(), lexicon: try .builtIn(), cameo: try .builtIn())
    }

    public func process(_ document: inout Document) throws {
        var events: [Event] = []
        if discards.discardsStory(document.tokens[...]) || discards.discardsStory(document.titleTokens[...])
            || discards.isOffTopic([document.tokens[...], document.titleTokens[...]]) {
            document.events = []
            return
        }
        let scalars = Array(document.text.unicodeScalars)
        var mi = 0
        for (si, s) in document.sentences.enumerated() {
            let text = scalars.string(from: s.start, to: s.end)
            // Mentions are in text order: take this sentence's run of them.
            while mi < document.mentions.count, document.mentions[mi].tokens.lowerBound < s.tokens.lowerBound { mi += 1 }
            var mj = mi
            while mj < document.mentions.count, document.mentions[mj].tokens.upperBound <= s.tokens.upperBound { mj += 1 }
            let mentions = Self.possessedAgents(Self.ethnicMinorities(Array(document.mentions[mi..<mj]), document.tokens[s.tokens]),
                                                document.tokens[s.tokens])
            if discards.discardsSentence(document.tokens[s.tokens]) { continue }
            let view = SentenceView(tokens: document.tokens[s.tokens], mentions: mentions, text: text, sentenceStart: s.start)
            events.append(contentsOf: code(view, sentenceIndex: si))
        }
        if let title = document.title, !document.titleTokens.isEmpty {
            let view = SentenceView(tokens: document.titleTokens[...], mentions: Self.ethnicMinorities(document.titleMentions, document.titleTokens[...]),
                                    text: title, sentenceStart: 0)
            let headline = code(view, sentenceIndex: -1)
            events = HeadlineMerger.merge(headline: headline, body: events)
        }
        for i in events.indices {
            var h = StableHash()
            h.combine(Engine.name)
            h.combine(document.id)
            h.combine(events[i].sentenceIndex)
            h.combine(events[i].cameo.rawValue)
            h.combine(events[i].source?.code ?? events[i].source?.identity ?? "-")
            h.combine(events[i].target?.code ?? events[i].target?.identity ?? "-")
            h.combine(events[i].evidence.charStart)
            events[i].id = String(h.hex.prefix(24))
        }
        document.events = events
    }

    // MARK: - One sentence

    /// A sentence's tokens and mentions, with look-ups the role search needs.
    struct SentenceView {
        let tokens: ArraySlice<Token>
        let mentions: [ActorMention]
        let text: String
        let sentenceStart: Int
        /// Token index → index into `mentions`.
        let mentionAt: [Int: Int]
        /// The dependency tree (`tree.parsed` is false for an unparsed headline or when the syntax stage did not run).
        let tree: DependencyTree

        init(tokens: ArraySlice<Token>, mentions: [ActorMention], text: String, sentenceStart: Int) {
            self.tokens = tokens
            self.mentions = mentions.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
            self.text = text
            self.sentenceStart = sentenceStart
            var at: [Int: Int] = [:]
            for (mi, m) in self.mentions.enumerated() { for t in m.tokens { at[t] = mi } }
            mentionAt = at
            tree = DependencyTree(tokens)
        }

        var start: Int { tokens.startIndex }
        var end: Int { tokens.endIndex }
        func norm(_ i: Int) -> String { i >= start && i < end ? tokens[i].norm : "" }
    }

    struct TriggerMatch {
        var pattern: Int
        var tokens: Range<Int>
        /// The head's tokens (patterns with a `!` head).
        var head: Range<Int>? = nil
        /// Actor slots and the mentions (indices into the view's mentions) that filled them.
        var slots: [(ActorSlot, Int)] = []
        /// Tokens matched by words, plus one for each filled slot (not gaps): the longest match wins.
        var words: Int

        init(pattern: Int, tokens: Range<Int>, head: Range<Int>? = nil, slots: [(ActorSlot, Int)] = [], words: Int? = nil) {
            self.pattern = pattern
            self.tokens = tokens
            self.head = head
            self.slots = slots
            self.words = words ?? tokens.count
        }
    }

    /// Set `DYAD_DEBUG_CODE=1` to have the coder print each sentence's mentions and triggers to stderr.
    static let debug = getenv("DYAD_DEBUG_CODE") != nil

    func code(_ v: SentenceView, sentenceIndex: Int) -> [Event] {
        var out: [Event] = []
        var seen = Set<String>()
        let triggers = findTriggers(v)
        if Self.debug {
            var lines = "coder: sentence \(sentenceIndex): \(v.text)\n"
            for m in v.mentions { lines += "  mention \(m.tokens) '\(m.text)' → \(m.actors.map { $0.code ?? "?" + ($0.text) }.joined(separator: ","))\n" }
            for t in triggers {
                let p = patterns.patterns[t.pattern]
                let found = events(for: t, in: v, sentenceIndex: sentenceIndex)
                lines += "  trigger \(p.id) at \(t.tokens) '\(t.tokens.map { v.tokens[$0].text }.joined(separator: " "))' → \(found.isEmpty ? "no event" : found.map { "\($0.source?.code ?? "-") \($0.cameo) \($0.target?.code ?? "-") \($0.modality.rawValue)" }.joined(separator: "; "))\n"
            }
            FileHandle.standardError.write(Data(lines.utf8))
        }
        for m in triggers {
            for e in events(for: m, in: v, sentenceIndex: sentenceIndex) where !requireDyad || (e.source != nil && e.target != nil) {
                let key = "\(e.source?.code ?? e.source?.identity ?? "-")|\(e.target?.code ?? e.target?.identity ?? "-")|\(e.cameo.rawValue)"
                if seen.insert(key).inserted { out.append(e) }
            }
        }
        return out
    }

    static let determiners: Set<String> = ["a", "an", "the", "their", "his", "her", "its", "our", "this", "that", "these", "those", "my", "your"]
    static let quoteMarks: Set<String> = ["\"", "\u{201C}", "\u{201D}", "'", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}"]

    /// Every pattern occurrence, longest first, without overlaps.
    func findTriggers(_ v: SentenceView) -> [TriggerMatch] {
        var found: [TriggerMatch] = []
        for i in v.start..<v.end {
            var cands = index[v.tokens[i].norm] ?? []
            if !slotFirst.isEmpty, v.mentionAt[i] != nil, v.mentionAt[i - 1] != v.mentionAt[i] { cands += slotFirst }
            for pi in cands {
                let p = patterns.patterns[pi]
                guard let end = match(p.terms, 0, i, v) ?? objectMatch(p, at: i, v) else { continue }
                // A pattern with a head or actor slots is placed by its head (see EventCoder+Slots).
                if p.usesSlotRules {
                    if let m = slotMatch(pi, at: i, v) { found.append(m) }
                    continue
                }
                // A verb trigger after a determiner or a possessive is a noun or an adjective ("the meeting",
                // "Jordan's visiting king"), unless the pattern is nominal.
                if p.verbal, !p.nominal, Self.determiners.contains(v.norm(i - 1)) || v.norm(i - 1) == "'s" { continue }
                // So is a noun after a preposition and an adjective ("killed in ethnic riots"), and the noun of
                // a complex preposition ("in order to", "in reply to").
                if p.verbal, !p.nominal, i > v.start, v.tokens[i].upos == "NOUN",
                   (v.norm(i - 1) == "in" && v.norm(i + 1) == "to") || (i >= v.start + 2 && v.tokens[i - 1].upos == "ADJ" && v.tokens[i - 2].upos == "ADP") { continue }
                // A deontic pattern without its should/must does not take the words from a plain one ("must return" / "returned").
                if p.deontic, !hasDeontic(before: i, v) { continue }
                // Words inside an actor's name are not triggers ("Global Security Initiative" aside, "Defense" in a ministry).
                if v.mentionAt[i] != nil { continue }
                if !meetsDependentConditions(p, i..<end, v) { continue }
                found.append(TriggerMatch(pattern: pi, tokens: i..<end))
            }
        }
        // Most words first, then the longest span; at equal length the earlier one, which governs the later ("suspended aid to").
        found.sort { ($0.words, $0.tokens.count, -$0.tokens.lowerBound, -$0.pattern) > ($1.words, $1.tokens.count, -$1.tokens.lowerBound, -$1.pattern) }
        var taken: [TriggerMatch] = []
        for f in found where !taken.contains(where: { $0.tokens.overlaps(f.tokens) }) { taken.append(f) }
        return dropComplementVerbs(taken.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }, v)
    }

    /// Whether should/must stands before token `i` in its clause ("they should bear … and bear …").
    func hasDeontic(before i: Int, _ v: SentenceView) -> Bool {
        var k = i - 1
        while k >= v.start && k >= i - 24 {
            if role(k, v) == .deontic { return true }
            if endsClause(k, v) { return false }
            k -= 1
        }
        return false
    }

    /// Matches terms from `ti` at token `i`; returns the end of the match. The same search as
    /// `matchSpans` (EventCoder+Slots), which also returns each term's tokens; this one builds no
    /// arrays, since it runs for every candidate trigger, and compares words inline (through
    /// `hasPhrase` the coder ran about 13% slower on the BBC set). A change to one is a change to both.
    func match(_ terms: [PatternTerm], _ ti: Int, _ i: Int, _ v: SentenceView) -> Int? {
        if ti == terms.count { return i }
        switch terms[ti] {
        case .alternatives(let alts):
            var best: Int?
            for a in alts where i + a.count <= v.end {
                var ok = true
                for (k, w) in a.enumerated() where v.tokens[i + k].norm != w { ok = false; break }
                if ok, let e = match(terms, ti + 1, i + a.count, v) { best = max(best ?? e, e) }
            }
            return best
        case .gap(let maxGap):
            var j = i
            for _ in 0...maxGap {
                if let e = match(terms, ti + 1, j, v) { return e }
                guard j < v.end, !endsClause(j, v) else { return nil }
                j += 1
            }
            return nil
        case .actor:
            guard let mi = mentionStarting(at: i, v) else { return nil }
            return match(terms, ti + 1, v.mentions[mi].tokens.upperBound, v)
        }
    }

    func endsClause(_ i: Int, _ v: SentenceView) -> Bool {
        let n = v.norm(i)
        if n == ";" || n == ":" || n == "." || n == "?" || n == "!" { return true }
        if let (r, _) = lexicon.role(at: i, in: v.tokens), r == .boundary || r == .reporting { return true }
        return false
    }

    func role(_ i: Int, _ v: SentenceView) -> ClauseLexicon.Role? {
        guard i >= v.start, i < v.end else { return nil }
        return lexicon.role(at: i, in: v.tokens)?.0
    }

    /// The token before `i`, skipping determiners and quote marks.
    func previousContentToken(_ i: Int, _ v: SentenceView) -> Int? {
        var k = i - 1
        // Determiners, quote marks and adjectives outside any name ("in Western Cambodia", "attacked neighbouring Lebanon").
        while k >= v.start, Self.determiners.contains(v.norm(k)) || Self.quoteMarks.contains(v.norm(k))
                || (v.tokens[k].upos == "ADJ" && v.mentionAt[k] == nil) { k -= 1 }
        return k >= v.start ? k : nil
    }

    /// Whether the mention is the object of a preposition ("with Russia", "on the Ukraine crisis").
    func isOblique(_ m: ActorMention, _ v: SentenceView) -> Bool {
        guard let k = previousContentToken(m.tokens.lowerBound, v) else { return false }
        // "members of the Security Council" act as the Council.
        if v.norm(k) == "of", Self.memberNouns.contains(v.norm(k - 1)) { return false }
        let r = role(k, v)
        return r == .oblique || r == .topic
    }

    // MARK: - Roles

    struct Roles {
        var subject: ActorMention?
        var speaker: ActorMention?
        var denied = false
    }

    /// The subject of the clause a trigger sits in, walking left from the trigger.
    func findSubject(_ t: Range<Int>, _ v: SentenceView, nominal: Bool) -> ActorMention? {
        let first = t.lowerBound
        // Possessor of a nominal event: "Putin's visit".
        if nominal, v.norm(first - 1) == "'s" || v.norm(first - 1) == "'", let mi = v.mentionAt[first - 2] { return v.mentions[mi] }
        // A participle after a comma takes the main clause's subject: "…, praising the two countries".
        if v.tokens[first].norm.hasSuffix("ing") {
            var k = first - 1
            while k >= v.start, v.norm(k).hasSuffix("ly") { k -= 1 }
            if k >= v.start, v.norm(k) == "," {
                return v.mentions.first { $0.tokens.upperBound <= first && !isOblique($0, v) }
            }
            if k < v.start {
                // A sentence-initial participle clause: the subject comes after its comma.
                // The participle clause ends at the comma right before the subject: "Calling for a
                // peaceful Afghanistan, the joint statement charged …".
                return v.mentions.first { m in
                    m.tokens.lowerBound > first && previousContentToken(m.tokens.lowerBound, v).map { v.norm($0) == "," } == true
                }
            }
        }
        // A nominal trigger's by-phrase names its actor: "a bombing by the rebels", "the attack on X by Y".
        if nominal, let agent = byAgent(after: t, v) { return agent }
        // A nominal event given as a cause or setting is not the clause subject's act.
        if nominal, isCause(t, v) { return nil }
        var k = first - 1
        while k >= v.start {
            if let mi = v.mentionAt[k] {
                let m = v.mentions[mi]
                // The object of an appeal is the actor of the infinitive it asks for: "urged Iran to release …".
                if v.norm(first - 1) == "to", m.tokens.upperBound == first - 1, isObjectOfVerb(m, v) { return m }
                // Generic nouns with no state or code ("people", "officials") are passed over, unless
                // a place or body after in/of/from gives them one ("rebels in the Ivory Coast").
                let coded = isCoded(m)
                if coded && !isOblique(m, v) && !isObjectOfVerb(m, v) { return peopleOfPlace(m, v) ?? m }
                if !coded, let c = composedWithPlace(m, v), !isOblique(m, v), !isObjectOfVerb(m, v) { return c }
                // A named person the knowledge base does not know ("former dictator Idi Amin") is still the
                // subject: no actor further back is taken for theirs.
                if !coded, m.actors.count == 1, m.actors[0].name != nil, !isOblique(m, v), !isObjectOfVerb(m, v) { return nil }
                k = m.tokens.lowerBound - 1
                continue
            }
            let r = role(k, v)
            if r == .relative, let mi = v.mentionAt[v.norm(k - 1) == "," ? k - 2 : k - 1] { return v.mentions[mi] }
            if r == .boundary || v.norm(k) == ";" { return nil }
            if v.norm(k) == "that" { return nil }
            if r == .reporting { return nil }
            k -= 1
        }
        return nil
    }

    /// A nominal event given as a cause or setting of the clause: "in response to recent unrest", "amid
    /// the clashes", "in retaliation for an air raid". It is reported as having happened, by nobody the clause names.
    func isCause(_ t: Range<Int>, _ v: SentenceView) -> Bool {
        var k = t.lowerBound - 1
        while k >= v.start, Self.determiners.contains(v.norm(k)) || v.tokens[k].kind == .number
                || (v.tokens[k].upos == "ADJ" && !v.tokens[k].isCapitalized) { k -= 1 }
        guard k >= v.start else { return false }
        return Self.causePrepositions.contains(v.norm(k)) || (v.norm(k) == "to" && v.norm(k - 1) == "response")
            || (v.norm(k) == "for" && ["retaliation", "revenge", "reprisal"].contains(v.norm(k - 1)))
    }

    /// A stateless agent followed by in/of/from and a state or body: "rebels in the Ivory Coast" acts
    /// as the Ivory Coast's rebels, "representatives of the union" as the union.
    func composedWithPlace(_ m: ActorMention, _ v: SentenceView) -> ActorMention? {
        guard m.actors.count == 1, m.actors[0].country == nil, let sector = m.actors[0].sector ?? m.actors[0].code,
              let place = mentionAfterPreposition(m, v), place.actors.count == 1, isCoded(place) else { return nil }
        if Self.memberNouns.contains(v.norm(m.tokens.upperBound - 1)), v.norm(m.tokens.upperBound) != "in" { return place }
        guard let country = place.actors[0].country, let code = place.actors[0].code else { return nil }
        return agent(m, sector: sector, country: country, stateCode: String(code.prefix(3)))
    }

    /// "Its forces", "their troops": an agent after a possessive pronoun belongs to the last actor named
    /// before it in the sentence ("Bosnian Serbs said their forces had completed their withdrawal").
    static func possessedAgents(_ mentions: [ActorMention], _ tokens: ArraySlice<Token>) -> [ActorMention] {
        var out = mentions
        for (i, m) in mentions.enumerated() {
            guard m.actors.count == 1, m.actors[0].country == nil, m.actors[0].code == nil, let sector = m.actors[0].sector,
                  m.tokens.lowerBound > tokens.startIndex, ["its", "their"].contains(tokens[m.tokens.lowerBound - 1].norm),
                  let owner = out[..<i].last(where: { $0.actors.contains { $0.code != nil } })?.actors.first(where: { $0.code != nil }),
                  let code = owner.code else { continue }
            out[i].actors[0].country = owner.country
            out[i].actors[0].code = owner.country == nil ? code : String(code.prefix(3)) + ActorRef.cameoRole(sector)
        }
        return out
    }

    /// "Ethnic Albanians" are a minority of another state than Albania: the state or place of a state
    /// the sentence names (the first other one; else the state of another actor), as an ethnic group of
    /// it (SRBETH), or Albania's if it names none.
    static func ethnicMinorities(_ mentions: [ActorMention], _ tokens: ArraySlice<Token>) -> [ActorMention] {
        var out = mentions
        for (i, m) in mentions.enumerated() {
            guard m.tokens.count == 1, m.tokens.lowerBound > tokens.startIndex, tokens[m.tokens.lowerBound - 1].norm == "ethnic",
                  m.actors.count == 1, m.actors[0].sector == nil, let home = m.actors[0].country, let code = m.actors[0].code else { continue }
            // A state or place named as such first, else the state of an agent ("Romanian authorities").
            let others = mentions.filter { $0.actors.count == 1 && $0.actors[0].country != nil && $0.actors[0].country != home }
            let other = others.first { ($0.actors[0].sector == nil || $0.actors[0].sector == "CVL") && $0.actors[0].name == nil } ?? others.first
            let state = other?.actors[0]
            out[i].actors[0].country = state?.country ?? home
            out[i].actors[0].code = String((state?.code ?? code).prefix(3)) + "ETH"
            out[i].actors[0].sector = "ETH"
        }
        return out
    }

    /// A people named by nationality "of" another state ("the Albanians of southern Serbia") is an ethnic
    /// group of that state: SRBETH, as CAMEO codes minorities. ("Americans in Iraq" are not: only "of".)
    func peopleOfPlace(_ m: ActorMention, _ v: SentenceView) -> ActorMention? {
        guard m.actors.count == 1, m.actors[0].sector == nil, let home = m.actors[0].country, m.actors[0].name == nil,
              m.tokens.count == 1, v.tokens[m.tokens.lowerBound].isCapitalized, v.norm(m.tokens.lowerBound).hasSuffix("s"),
              v.norm(m.tokens.upperBound) == "of" else { return nil }
        var j = m.tokens.upperBound + 1
        while j < v.end, v.mentionAt[j] == nil, Self.determiners.contains(v.norm(j)) || Self.compassWords.contains(v.norm(j)) { j += 1 }
        guard let pi = v.mentionAt[j], let place = placeActor(v.mentions[pi]), let country = place.country, country != home,
              let code = place.code else { return nil }
        var c = agent(m, sector: "ETH", country: country, stateCode: code)
        c.actors[0].sector = "ETH"
        return c
    }

    /// The mention right after "in", "of" or "from" (and determiners) that follows `m`: "soldiers from Gondor",
    /// or after a participle of allegiance: "workers affiliated with the union", "militias loyal to Gondor".
    func mentionAfterPreposition(_ m: ActorMention, _ v: SentenceView) -> ActorMention? {
        var j = m.tokens.upperBound
        if let prep = Self.allegianceWords[v.norm(j)], v.norm(j + 1) == prep { j += 1 }
        guard ["in", "of", "from", "throughout", "across"].contains(v.norm(j)) || Self.allegianceWords[v.norm(j - 1)] == v.norm(j) else { return nil }
        j += 1
        while j < v.end, Self.determiners.contains(v.norm(j)) { j += 1 }
        // The start of a name whose end the knowledge base knows: "the United Bus Company of Tehran".
        var k = j
        while k < v.end, k < j + 3, v.mentionAt[k] == nil, v.tokens[k].isCapitalized, v.tokens[k].kind == .word { k += 1 }
        if v.mentionAt[j] == nil, k > j, let mi = v.mentionAt[k], v.mentions[mi].tokens.lowerBound == k { j = k }
        guard let mi = v.mentionAt[j] else { return nil }
        // A nationality before another noun is no place: "protesters in the Palestinian uprising".
        let found = v.mentions[mi], after = found.tokens.upperBound
        if found.actors.count == 1, found.actors[0].sector == nil, isAdjective(found, v), after < v.end, !v.tokens[after].isCapitalized,
           v.tokens[after].upos == "NOUN", !Self.placeNouns.contains(v.norm(after)) { return nil }
        return found
    }

    /// A single stateless agent made an agent of a state: country set, code the state's code and the
    /// agent's sector ("security forces" in Romania → ROMCOP: CAMEO's country code, not the ISO one).
    func agent(_ m: ActorMention, sector: String, country: String?, stateCode: String) -> ActorMention {
        var c = m
        c.actors[0].country = country
        c.actors[0].code = stateCode + ActorRef.cameoRole(sector)
        return c
    }

    /// The actor after "by" in the noun phrase a nominal trigger heads, before the clause goes on.
    func byAgent(after t: Range<Int>, _ v: SentenceView) -> ActorMention? {
        var k = v.norm(t.upperBound - 1) == "by" ? t.upperBound - 1 : t.upperBound
        var steps = 0
        while k < v.end && steps < 8 {
            if v.norm(k) == "by" {
                var j = k + 1
                while j < v.end, Self.determiners.contains(v.norm(j)) || Self.quoteMarks.contains(v.norm(j)) { j += 1 }
                if let mi = v.mentionAt[j] { return v.mentions[mi] }
                return nil
            }
            if v.norm(k) == "," || endsClause(k, v) || role(k, v) == .relative { return nil }
            if let mi = v.mentionAt[k] { k = v.mentions[mi].tokens.upperBound; steps += 1; continue }
            // Only prepositions, determiners and names may stand between the noun and its by-phrase.
            if role(k, v) == nil, !Self.determiners.contains(v.norm(k)), v.tokens[k].kind == .word, !v.tokens[k].isCapitalized { return nil }
            k += 1
            steps += 1
        }
        return nil
    }

    // The word lists here and by `placeTarget` are read from Resources/coder-words.txt (`CoderWords`).
    /// Nouns for parts of a body whose "of"-actor is the one that acts ("members of the Council").
    static let memberNouns = CoderWords.builtIn[.member]

    /// Words of quantity that may stand between a verb and its object ("at least 20", "scores of").
    static let quantityWords = CoderWords.builtIn[.quantity]

    static let allegianceWords = CoderWords.builtIn.allegiance

    static let causePrepositions = CoderWords.builtIn[.cause]

    static let stativeParticiples = CoderWords.builtIn[.stative]

    static let passiveAuxiliaries: Set<String> = ["was", "were", "is", "are", "been", "being", "be", "get", "got", "gets"]

    /// A trigger in the past participle after a form of "be": "was criticized", "has been attacked".
    func isPassive(_ t: Range<Int>, _ v: SentenceView) -> Bool {
        let first = v.norm(t.lowerBound)
        guard first.hasSuffix("ed") || first.hasSuffix("en") || first.hasSuffix("wn") || first == "held" || first == "met" else { return false }
        // "were engaged in", "is involved in": a state the subject is in, not an act done to it.
        if Self.stativeParticiples.contains(first), v.norm(t.lowerBound + 1) == "in" { return false }
        var k = t.lowerBound - 1
        while k >= v.start, v.norm(k).hasSuffix("ly") || v.norm(k) == "not" || v.norm(k) == "n't" { k -= 1 }
        return Self.passiveAuxiliaries.contains(v.norm(k))
    }

    /// The first token of the clause a trigger sits in: after "that", a reporting verb or a boundary.
    func clauseOpening(before i: Int, _ v: SentenceView) -> Int {
        var k = i - 1
        while k >= v.start {
            if v.norm(k) == "that" || role(k, v) == .reporting || role(k, v) == .boundary { return k + 1 }
            k -= 1
        }
        return v.start
    }

    /// An actor right after a verb that some pattern triggers on is that verb's object.
    func isObjectOfVerb(_ m: ActorMention, _ v: SentenceView) -> Bool {
        guard var k = previousContentToken(m.tokens.lowerBound, v) else { return false }
        // A number or quantity between verb and actor is part of the object: "killed 46 Afghan civilians".
        while k > v.start, v.tokens[k].kind == .number || Self.quantityWords.contains(v.norm(k)) { k -= 1 }
        let n = v.norm(k)
        return n.count > 3 && (n.hasSuffix("ed") || n.hasSuffix("es")) && index[n] != nil
    }

    /// Who reports the clause starting at `from`: "X said (that) …", "according to X", "“…,” said X".
    func findSpeaker(from: Int, trigger: Range<Int>, _ v: SentenceView) -> (ActorMention?, Bool) {
        var k = from - 1
        var steps = 0
        while k >= v.start && steps < 8 {
            if v.mentionAt[k] != nil { break }
            let r = role(k, v)
            if r == .reporting || r == .denial {
                var j = k - 1
                while j >= v.start {
                    // A name before an uncoded head noun speaks for it: "the Bush administration declared".
                    if let mi = v.mentionAt[j] {
                        let m = v.mentions[mi]
                        if !isCoded(m), let prev = v.mentionAt[m.tokens.lowerBound - 1], isCoded(v.mentions[prev]) { return (v.mentions[prev], r == .denial) }
                        return (m, r == .denial)
                    }
                    if v.norm(j) == "," || role(j, v) == .boundary { break }
                    j -= 1
                }
                break
            }
            k -= 1
            steps += 1
        }
        // "According to X, …"
        for i in v.start..<trigger.lowerBound where v.norm(i) == "according" && v.norm(i + 1) == "to" {
            var j = i + 2
            while j < trigger.lowerBound, Self.determiners.contains(v.norm(j)) { j += 1 }
            if let mi = v.mentionAt[j] { return (v.mentions[mi], false) }
        }
        // A quotation followed by its attribution: "“…,” said the statement" / "“…,” Xi told Putin".
        if let close = (trigger.upperBound..<v.end).first(where: { ["\u{201D}", "\""].contains(v.norm($0)) }) {
            var j = close + 1
            if v.norm(j) == "," { j += 1 }
            if role(j, v) == .reporting {
                var m = j + 1
                while m < v.end, Self.determiners.contains(v.norm(m)) { m += 1 }
                if let mi = v.mentionAt[m] { return (v.mentions[mi], false) }
            } else if let mi = v.mentionAt[j], role(v.mentions[mi].tokens.upperBound, v) == .reporting {
                return (v.mentions[mi], false)
            }
        }
        return (nil, false)
    }

    /// A mention followed by a reporting verb, perhaps after "sources" or "officials": "Thai military sources said".
    func isReporter(_ m: ActorMention, _ v: SentenceView) -> Bool {
        var k = m.tokens.upperBound
        // "Human Rights Watch (HRW) said", "relief officials in Nairobi said".
        if v.norm(k) == "(", let close = (k..<min(v.end, k + 6)).first(where: { v.norm($0) == ")" }) { k = close + 1 }
        if ["in", "of", "from"].contains(v.norm(k)) {
            var j = k + 1
            while j < v.end, Self.determiners.contains(v.norm(j)) { j += 1 }
            if let mi = v.mentionAt[j] { k = v.mentions[mi].tokens.upperBound }
        }
        if ["sources", "officials", "source", "official", "spokesman", "spokeswoman"].contains(v.norm(k)) { k += 1 }
        return role(k, v) == .reporting
    }

    /// The target actors of a trigger by its pattern's rule.
    func findTargets(_ rule: TargetRule, _ t: Range<Int>, subject: ActorMention?, _ v: SentenceView) -> [ActorRef] {
        switch rule {
        case .none:
            return []
        case .object, .subjectAfter, .objectOr:
            var allowed: Set<String> = []
            if case .objectOr(let preps) = rule { allowed = preps }
            // A gap in the trigger may hold the object: "accused Russia of breaking", "recognized Kosovo's independence".
            if rule != .subjectAfter, let inner = (t.lowerBound + 1..<t.upperBound).first(where: { v.mentionAt[$0] != nil }) {
                return v.mentions[v.mentionAt[inner]!].actors
            }
            var k = t.upperBound
            var steps = 0
            while k < v.end && steps < 10 {
                if let mi = v.mentionAt[k] {
                    // "…, killing 50, Thai military sources said": past a comma, the reporter is no object.
                    if k > t.upperBound, (t.upperBound..<k).contains(where: { v.norm($0) == "," }), isReporter(v.mentions[mi], v) { return [] }
                    // "pressured workers of the bus company": an uncoded object may take a state or body after it.
                    if !isCoded(v.mentions[mi]), let c = composedWithPlace(v.mentions[mi], v) { return c.actors }
                    return v.mentions[mi].actors
                }
                let r = role(k, v)
                // "tortured scores of refugees": "of" after a quantity does not end the object.
                // "shelled parts of Aleppo", "killed residents of the town": "of" after a noun carries the object on.
                let quantityOf = (v.norm(k) == "of" || v.norm(k) == "than") && Self.quantityWords.contains(v.norm(k - 1))
                    || (v.norm(k) == "of" && v.tokens[k - 1].upos == "NOUN" && k - 1 >= t.upperBound)
                if rule != .subjectAfter && (r == .oblique || r == .topic) && !allowed.contains(v.norm(k)) && !quantityOf { return [] }
                if endsClause(k, v) || r == .relative { return [] }
                if rule == .subjectAfter && v.norm(k) == "that" { k += 1; continue }
                k += 1
                steps += 1
            }
            return []
        case .preposition(let preps):
            let after = afterPreposition(preps, from: t.upperBound, v)
            // A gapped trigger may hold the phrase: "contribute troops to [United Nations] peacekeeping".
            if after.isEmpty, t.count > 2 { return afterPreposition(preps, from: t.lowerBound + 1, v, limit: t.upperBound) }
            return after
        case .first:
            return firstActor(after: t.upperBound, v, excluding: Set(subject.flatMap { v.mentionAt[$0.tokens.lowerBound] }.map { [$0] } ?? []))
        case .partner:
            let right = afterPreposition(["with"], from: t.upperBound, v)
            if !right.isEmpty { return right }
            let left = subject?.tokens.upperBound ?? v.start
            return left < t.lowerBound ? afterPreposition(["with"], from: left, v, limit: t.lowerBound) : []
        case .subject:
            // Every actor between the clause opening ("that", a reporting verb) and the trigger.
            var k = t.lowerBound - 1
            var found: [ActorRef] = []
            while k >= v.start {
                if let mi = v.mentionAt[k] {
                    let m = v.mentions[mi]
                    if !isOblique(m, v) { found.insert(contentsOf: m.actors, at: 0) }
                    k = m.tokens.lowerBound - 1
                    continue
                }
                if v.norm(k) == "that" || role(k, v) == .reporting || role(k, v) == .boundary { break }
                k -= 1
            }
            return found
        }
    }

    func afterPreposition(_ preps: Set<String>, from: Int, _ v: SentenceView, limit: Int? = nil) -> [ActorRef] {
        var k = from
        let stop = limit ?? v.end
        // A trigger that ends in the preposition ("work with") is followed by its object.
        if preps.contains(v.norm(from - 1)) {
            var j = from
            while j < stop, Self.determiners.contains(v.norm(j)) || Self.quoteMarks.contains(v.norm(j)) { j += 1 }
            // "against the party's leader Mahmoud Abbas": a possessor before the actor.
            if v.mentionAt[j] == nil, j + 2 < stop, v.norm(j + 1) == "'s", v.tokens[j].upos == "NOUN" { j += 2 }
            if let mi = v.mentionAt[j] { return v.mentions[mi].actors }
        }
        var steps = 0
        while k < stop && steps < 14 {
            if preps.contains(v.norm(k)) {
                var j = k + 1
                // Determiners, quote marks and adjectives ("from neighbouring Lebanon", "to war-torn
                // Mozambique", "on the besieged town": participles and lower-case hyphenated words
                // before a name are adjectives whatever their tag).
                while j < stop, Self.determiners.contains(v.norm(j)) || Self.quoteMarks.contains(v.norm(j))
                        || (v.mentionAt[j] == nil && !v.tokens[j].isCapitalized && (v.tokens[j].upos == "ADJ" || v.tokens[j].text.contains("-")
                            || v.tokens[j].xpos == "VBG" || v.tokens[j].xpos == "VBN"))
                        // "in the capital city of Algiers"
                        || (v.mentionAt[j] == nil && Self.placeNouns.contains(v.norm(j)) && (Self.placeNouns.contains(v.norm(j + 1)) || v.norm(j + 1) == "of")) { j += 1 }
                if let mi = v.mentionAt[j] { return v.mentions[mi].actors }
            }
            if k > from, endsClause(k, v) { return [] }
            k += 1
            steps += 1
        }
        return []
    }

    // MARK: - Modality and codes

    /// The modality from the words between the subject and the trigger (cut at ", and" / ";").
    func modality(subjectEnd: Int, trigger: Range<Int>, _ v: SentenceView, denied: Bool, reported: Bool = false) -> (Modality, deontic: Bool) {
        var lo = max(subjectEnd, v.start)
        var k = trigger.lowerBound - 1
        while k >= lo {
            let n = v.norm(k)
            if n == ";" || ((n == "and" || n == "but") && v.norm(k - 1) == ",") { lo = k + 1; break }
            k -= 1
        }
        var intent = false, hypo = false, neg = false, deontic = false
        var i = lo
        while i < trigger.lowerBound {
            switch role(i, v) {
            case .intent: intent = true
            // "They said they would blockade Paris": in reported speech "would" is the reported "will".
            case .hypothetical where reported && v.norm(i) == "would": intent = true
            case .hypothetical: hypo = true
            case .negation: neg = true
            case .deontic: deontic = true
            default: break
            }
            i += 1
        }
        // "If China attacks …": a conditional just before the subject.
        let ifHi = max(v.start, min(subjectEnd, trigger.lowerBound))
        let ifLo = min(ifHi, max(v.start, subjectEnd - 8))
        for j in ifLo..<ifHi where v.norm(j) == "if" || v.norm(j) == "unless" { hypo = true }
        if denied { return (.denied, deontic) }
        if neg { return (.negated, deontic) }
        if hypo { return (.hypothetical, deontic) }
        if intent { return (.intended, deontic) }
        return (.asserted, deontic)
    }

    /// The pattern's codes, or a class variant's when a class word is the nearest after the trigger.
    func codes(for p: EventPattern, trigger: Range<Int>, source: ActorRef?, _ v: SentenceView) -> (CAMEOCode, CAMEOCode) {
        guard !p.variants.isEmpty else { return (p.act, p.intent) }
        var i = trigger.lowerBound
        while i < v.end {
            for (cname, a, b) in p.variants where patterns.classMatch(cname, at: i, in: v.tokens) != nil { return (a, b) }
            i += 1
        }
        if let sector = source?.sector {
            let cls = ["MIL": "MILITARY", "JUD": "JUDICIAL", "SPY": "INTEL", "BUS": "ECONOMIC"][sector]
            if let cls, let variant = p.variants.first(where: { $0.0 == cls }) { return (variant.1, variant.2) }
        }
        return (p.act, p.intent)
    }

    static let locativePrepositions = CoderWords.builtIn[.locative]

    /// Roots whose place is their target when no other is named: the material acts (06–08, 14–20) and
    /// investigations (09, verbal conflict in `QuadClass`, but done somewhere).
    static let placeTargetRoots: Set<String> = ["06", "07", "08", "09", "14", "15", "16", "17", "18", "19", "20"]
    static let placePrepositions = CoderWords.builtIn[.placePreposition]
    static let compassWords = CoderWords.builtIn[.compass]
    /// Nouns for places that may stand between a preposition and the name: "in the town of Cizre".
    static let placeNouns = CoderWords.builtIn[.placeNoun]

    /// The state of the place a clause names after one of `placePrepositions` ("in", "into", "from", …),
    /// before the clause ends: a country, a region or city of one, or a seat of government taken as a place.
    func placeTarget(after t: Range<Int>, _ v: SentenceView) -> [ActorRef] {
        var k = t.upperBound
        var steps = 0
        while k < v.end && steps < 12 {
            if endsClause(k, v) || role(k, v) == .relative || v.norm(k) == "," || v.norm(k) == "that" { return [] }
            if let mi = v.mentionAt[k] { k = v.mentions[mi].tokens.upperBound; steps += 1; continue }
            if Self.placePrepositions.contains(v.norm(k)) {
                var j = k + 1
                while j < v.end, v.mentionAt[j] == nil,
                      Self.determiners.contains(v.norm(j)) || Self.placeNouns.contains(v.norm(j)) || Self.compassWords.contains(v.norm(j))
                        || (!v.tokens[j].isCapitalized && (v.tokens[j].upos == "ADJ" || v.tokens[j].xpos == "VBN" || v.tokens[j].text.contains("-"))) { j += 1 }
                // A nationality adjective names a place only before a place noun ("the Bosnian town of
                // Gorazde"), not before other nouns ("in the Palestinian uprising").
                if let mi = v.mentionAt[j], let place = placeActor(v.mentions[mi]) {
                    let after = v.mentions[mi].tokens.upperBound
                    let modifies = isAdjective(v.mentions[mi], v) && after < v.end && !v.tokens[after].isCapitalized && v.tokens[after].upos == "NOUN"
                    if !modifies || Self.placeNouns.contains(v.norm(after)) { return [place] }
                    return []
                }
            }
            k += 1
            steps += 1
        }
        return []
    }

    /// A one-word mention tagged as an adjective: a nationality ("Palestinian"), not a name ("Gondor").
    func isAdjective(_ m: ActorMention, _ v: SentenceView) -> Bool {
        m.tokens.count == 1 && (v.tokens[m.tokens.lowerBound].upos == "ADJ" || v.tokens[m.tokens.lowerBound].xpos == "JJ")
    }

    /// A mention that names a place (a country, a region or city of one, a seat of government), as its state.
    func placeActor(_ m: ActorMention) -> ActorRef? {
        guard m.actors.count == 1, let a = m.actors.first, a.name == nil, a.kbId?.hasPrefix("country:") == true,
              let code = a.code, a.country != nil else { return nil }
        if let seat = seatAsPlace(a) { return seat }
        guard a.sector == nil || a.sector == "CVL" else { return nil }
        return ActorRef(text: a.text, code: String(code.prefix(3)), country: a.country, sector: nil, kbId: a.kbId)
    }

    /// A seat of government ("Abidjan", "Kremlin") as the state it stands for, when taken as a place.
    func seatAsPlace(_ a: ActorRef) -> ActorRef? {
        guard a.sector == "GOV", a.name == nil, a.kbId?.hasPrefix("country:") == true, let code = a.code,
              !a.text.isEmpty, a.text.split(separator: " ").allSatisfy({ $0.first?.isUppercase == true }) else { return nil }
        return ActorRef(text: a.text, code: String(code.prefix(3)), country: a.country, sector: nil, kbId: a.kbId)
    }
    static let cooperativeRoots: Set<String> = ["03", "04", "05", "06", "07", "08"]

    func events(for m: TriggerMatch, in v: SentenceView, sentenceIndex: Int) -> [Event] {
        let p = patterns.patterns[m.pattern]
        if p.usesSlotRules { return slotEvents(for: m, in: v, sentenceIndex: sentenceIndex) }
        var subject = findSubject(m.tokens, v, nominal: p.nominal)
        let head = triggerHead(m.tokens, v)
        if v.tree.parsed, !p.nominal, let s = subject, insidePrepositionalPhrase(s, v) { subject = nil }
        // The parse names the subject the surface reading missed or found without a code: one far
        // from its verb, one whose actor is a modifier ("Serb forces", "security forces in Guinea").
        if v.tree.parsed, !p.nominal, subject.map({ !isCoded($0) }) ?? true,
           let (d, _) = dependencySubject(of: head, v), isCoded(d) {
            subject = d
        }
        // An infinitive of purpose ("blockade Paris from Monday to demand an end to …") belongs to the
        // subject of the clause it completes, not to the last actor before it, which the parse tells apart.
        if v.tree.parsed, !p.nominal, v.norm(m.tokens.lowerBound - 1) == "to", let s = subject, s.tokens.upperBound < m.tokens.lowerBound - 1,
           relation(head, v) == "advcl", let gov = parent(head, v), gov < s.tokens.lowerBound {
            // The governing verb's subject, from the parse, or read from the surface when it is a pronoun:
            // its subject, or the speaker it reports ("farmers said they would blockade …").
            let d = dependencySubject(of: head, v)?.0 ?? findSubject(gov..<gov + 1, v, nominal: false)
                ?? findSpeaker(from: clauseOpening(before: gov, v), trigger: gov..<gov + 1, v).0
            if let d, isCoded(d), d.tokens.upperBound <= s.tokens.lowerBound { subject = d }
        }
        // The speaker of an evaluation ("… pointed out that the US moves had a negative impact")
        // reports the whole clause, so look for it before the clause's opening word.
        let clauseStart = p.sourceIsSpeaker ? clauseOpening(before: m.tokens.lowerBound, v) : (subject?.tokens.lowerBound ?? m.tokens.lowerBound)
        var (speaker, denied) = findSpeaker(from: clauseStart, trigger: m.tokens, v)
        if speaker?.tokens == subject?.tokens { speaker = nil }
        // An act asked of the object of an appeal keeps the appeal's modality ("urged Iran to release" is not a release).
        let modalityStart = subject.map { s in
            s.tokens.upperBound == m.tokens.lowerBound - 1 && v.norm(m.tokens.lowerBound - 1) == "to" ? clauseOpening(before: s.tokens.lowerBound, v) : s.tokens.upperBound
        }
        let (modality, deontic) = modality(subjectEnd: modalityStart ?? clauseOpening(before: m.tokens.lowerBound, v),
                                           trigger: m.tokens, v, denied: denied, reported: speaker != nil)
        if p.deontic && !deontic { return [] }

        var sources: [ActorRef]
        var targets: [ActorRef]
        if p.sourceIsSpeaker {
            guard let speaker else { return [] }
            sources = speaker.actors
            targets = p.target == .subject ? findTargets(.subject, m.tokens, subject: nil, v)
                : (subject?.actors ?? findTargets(p.target, m.tokens, subject: subject, v))
            if p.deontic { targets = subject?.actors ?? [] }
            // An evaluation with nobody evaluated is not an event.
            if targets.isEmpty { return [] }
        } else if isPassive(m.tokens, v) {
            // "Germany was criticized by France": the by-phrase acts on the subject.
            sources = afterPreposition(["by"], from: m.tokens.upperBound, v)
            if sources.isEmpty, v.tree.parsed { sources = dependencyAgent(of: head, v)?.actors ?? [] }
            targets = subject?.actors ?? []
        } else {
            // "Egypt said it is willing to …": with no subject of its own, the clause's actor is the speaker.
            if subject == nil, let speaker, speaker.tokens.upperBound <= m.tokens.lowerBound { subject = speaker }
            sources = subject?.actors ?? []
            targets = findTargets(p.target, m.tokens, subject: subject, v)
            if targets.isEmpty, v.tree.parsed {
                targets = dependencyTargets(p.target, head: head, v).filter { t in !sources.contains { $0.identity == t.identity && $0.code == t.code } }
            }
        }
        if p.needsTarget && targets.isEmpty { return [] }
        // A material act with no target named is done to the place where it is done, when the
        // clause names one ("strengthened its forces in Lebanon", "a curfew in the town of Cizre").
        if targets.allSatisfy({ $0.code == nil && $0.country == nil }), !sources.isEmpty, !p.sourceIsSpeaker, p.target != .none,
           !(sources.count > 1 && p.mutual), Self.placeTargetRoots.contains(p.act.root) {
            let place = placeTarget(after: m.tokens, v)
            if !place.isEmpty { targets = place }
        }
        // With nobody acting, a place where it happened ("a device exploded on a bus in London") is
        // no participant: such an event has no actor at all.
        if sources.isEmpty, case .preposition(let preps) = p.target, preps.isSubset(of: Self.locativePrepositions) { return [] }
        let sourceForCodes = sources.first
        let (act, intent) = codes(for: p, trigger: m.tokens, source: sourceForCodes, v)
        var code = (modality == .intended && !p.deontic) ? intent : act
        // "Sudan must release the pilots" is asked for, not done.
        var finalModality: Modality = p.deontic ? .asserted : (deontic && modality == .asserted ? .hypothetical : modality)
        if p.nominal, isCause(m.tokens, v) {
            code = act
            finalModality = .asserted
        }
        // A yield that is not made ("will not lift the ban") is CAMEO's refusal to yield, which did happen.
        if finalModality == .negated, !p.literal, let refusal = cameo.refusal(of: code) {
            code = refusal
            finalModality = .asserted
        }
        // A hostile act held out on a condition ("may halt mediation if …", "will shell the towns
        // unless …") is a threat: the pattern's threat code, intended.
        if !p.literal, finalModality == .hypothetical || finalModality == .intended, intent.root == "13", act.root != "13",
           conditionFollows(m.tokens, v) {
            code = intent
            finalModality = .intended
        }
        if p.noEvent { return [] }

        let coded = { (a: ActorRef?) -> Bool in a?.code != nil || a?.country != nil }
        var pairs: [(ActorRef?, ActorRef?)] = []
        let srcList: [ActorRef?] = sources.isEmpty ? [nil] : sources
        for s in srcList {
            var ts: [ActorRef?] = targets.isEmpty ? [nil] : targets
            // A joint actor of a cooperative act, or of a mutual one ("X and Y failed to reach
            // agreement"), with no other target acts on its own members.
            if targets.isEmpty, sources.count > 1, Self.cooperativeRoots.contains(code.root) || p.mutual, p.target != .none {
                ts = sources.filter { $0.identity != s?.identity }
            }
            for t in ts {
                // Actors of one state with different codes act on each other ("the government" and
                // "the Taliban", "police" and "the opposition"); the same actor, or an actor and its
                // own state as a whole ("the Canadian government" and "Canada"), do not, except:
                // a state named as a whole acting on a part of itself the text names as the target
                // ("Turkey will allow Turkish Kurd refugees to return") is a domestic event, and so is a
                // material act of an agent on its state, its only target ("the authorities imposed a
                // curfew in southeastern Turkey": TURGOV on TUR).
                // A seat of government named as the place of the act ("a curfew in Abidjan") is the state.
                var t = t
                if let s, let tt = t, s.code == tt.code, let place = seatAsPlace(tt) { t = place }
                let domestic = !targets.isEmpty && s?.code == s?.country && t?.code != t?.country
                let onOwnState = targets.count == 1 && Self.placeTargetRoots.contains(p.act.root) && t?.code == t?.country
                if let s, let t, s.identity == t.identity,
                   s.code == t.code || s.code == nil || t.code == nil || (s.code == s.country && !domestic) || (t.code == t.country && !onOwnState) {
                    // "Kostunica promised to democratize Serbia": the act stands, with no other actor as target.
                    if coded(s), targets.count == 1, !pairs.contains(where: { $0.0?.identity == s.identity && $0.1 == nil }) { pairs.append((s, nil)) }
                    continue
                }
                guard coded(s) || coded(t) else { continue }
                if !coded(s) && p.sourceIsSpeaker { continue }
                pairs.append((s, t))
            }
        }
        guard !pairs.isEmpty else { return [] }

        // Evidence: the words from the first to the last of subject, trigger and targets.
        let trig = v.tokens[m.tokens.lowerBound].start..<v.tokens[m.tokens.upperBound - 1].end
        var lo = trig.lowerBound, hi = trig.upperBound
        if let subject, !p.sourceIsSpeaker { lo = min(lo, subject.start); hi = max(hi, subject.end) }
        let triggerText = v.text.scalarSlice(trig.lowerBound - v.sentenceStart, trig.upperBound - v.sentenceStart)
        let evidence = Evidence(sentence: v.text, trigger: triggerText, charStart: lo, charEnd: hi, rule: p.id)
        return makeEvents(pairs.map { ($0.0, $0.1, code) }, sentenceIndex: sentenceIndex, modality: finalModality,
                          speaker: speaker, evidence: evidence, triggerTokens: m.tokens)
    }

    /// The events of (source, target, code) triples that share a sentence, modality, speaker and evidence.
    func makeEvents(_ triples: [(ActorRef?, ActorRef?, CAMEOCode)], sentenceIndex: Int, modality: Modality,
                    speaker: ActorMention?, evidence: Evidence, triggerTokens: Range<Int>) -> [Event] {
        triples.map { s, t, c in
            let (entry, unscored) = facts(of: c)
            var e = Event(sentenceIndex: sentenceIndex, source: s, target: t, cameo: c, goldstein: entry.goldstein,
                          quadClass: entry.quadClass, plover: entry.plover, modality: modality,
                          speaker: speaker.flatMap { $0.actors.count == 1 ? $0.actors[0] : jointSpeaker($0) },
                          evidence: evidence, triggerTokens: triggerTokens)
            e.unscored = unscored
            return e
        }
    }

    func isCoded(_ m: ActorMention) -> Bool { m.actors.contains { $0.code != nil || $0.country != nil } }

    /// Whether "if" or "unless" follows the trigger in its sentence.
    func conditionFollows(_ t: Range<Int>, _ v: SentenceView) -> Bool {
        var k = t.upperBound
        while k < v.end && k < t.upperBound + 16 {
            let n = v.norm(k)
            if n == "if" || n == "unless" { return true }
            if n == ";" || n == "." { return false }
            k += 1
        }
        return false
    }

    /// A joint speaker ("the joint statement" of two states) is reported as one actor naming both.
    func jointSpeaker(_ m: ActorMention) -> ActorRef? {
        guard let first = m.actors.first else { return nil }
        var r = first
        r.text = m.text
        r.name = m.actors.compactMap { $0.name ?? $0.country }.joined(separator: " and ")
        return r
    }
}

/// Merges events of the headline into the body events they restate.
enum HeadlineMerger {
    /// A headline event restates a body event with the same source and target states and CAMEO root;
    /// such body events are marked `inHeadline` and the headline copy dropped. The rest are kept.
    static func merge(headline: [Event], body: [Event]) -> [Event] {
        var body = body
        var extra: [Event] = []
        for h in headline {
            let same = body.indices.filter {
                body[$0].cameo.root == h.cameo.root && body[$0].source?.identity == h.source?.identity
                    && body[$0].target?.identity == h.target?.identity
            }
            if same.isEmpty { var e = h; e.inHeadline = true; extra.append(e) }
            for i in same { body[i].inHeadline = true }
        }
        return extra + body
    }
}
