import DyadCore

/// Expressions that refer back to actors ("the two sides", "they"), from `anaphors.txt`.
public struct AnaphorTable: Sendable {
    public enum Kind: String, Sendable { case country, ownCountry = "own-country", pair, plural, person, statement }
    public let entries: [([String], Kind)]
    /// Entries by their first word, longest first.
    let byFirst: [String: [([String], Kind)]]

    public init(contents: String, name: String = "anaphors.txt") throws {
        var entries: [([String], Kind)] = []
        for row in try DataFileReader(name: name, contents: contents, minColumns: 2, maxColumns: 2).rows {
            guard let kind = Kind(rawValue: row[1]) else {
                throw DataFileError(file: name, line: row.line, message: "unknown anaphor kind '\(row[1])'")
            }
            entries.append((row[0].split(separator: " ").map { TextFolding.fold(String($0)) }, kind))
        }
        self.entries = entries.sorted { $0.0.count > $1.0.count }
        byFirst = Dictionary(grouping: self.entries, by: { $0.0[0] })
    }

    public static func builtIn() throws -> AnaphorTable { try AnaphorTable(contents: try ActorResources.load("anaphors.txt")) }

    /// The kind of anaphor the tokens are, when they are one anaphor and nothing else ("He", "they").
    public func kind(ofWhole tokens: ArraySlice<Token>) -> Kind? {
        let words = tokens.filter { $0.kind == .word }
        guard let first = words.first?.norm, let candidates = byFirst[first] else { return nil }
        return candidates.first { $0.0 == words.map(\.norm) }?.1
    }

    func match(at i: Int, in tokens: ArraySlice<Token>) -> (Int, Kind)? {
        guard let candidates = byFirst[tokens[i].norm] else { return nil }
        for (seq, kind) in candidates where i + seq.count <= tokens.endIndex {
            if zip(seq, tokens[i..<(i + seq.count)]).allSatisfy({ $0 == $1.norm }) { return (seq.count, kind) }
        }
        return nil
    }
}

/// The pipeline component that finds actor mentions and resolves them to CAMEO actor codes.
///
/// Per sentence: dictionary phrases are found with `ActorMatcher`; adjacent pieces combine into
/// one compound mention (country or organisation + agents + person: "Chinese Defense Ministry
/// spokesman Wu Qian"), where the highest-ranked agent gives the sector; a title followed by an
/// unknown capitalised name keeps that name; "A and B" becomes one joint mention; then anaphors
/// ("the country", "the two sides", "they", "the joint statement") are resolved against what the
/// document has named so far. People resolve to the office they held on the publication date.
public struct MentionFinder: PipelineComponent {
    public let name = "actors"
    public let requires: Set<Annotation> = [.tokens, .sentences]
    public let provides: Set<Annotation> = [.mentions]
    public let knowledgeBase: KnowledgeBase
    public let matcher: ActorMatcher
    public let anaphors: AnaphorTable

    public init(knowledgeBase: KnowledgeBase, matcher: ActorMatcher, anaphors: AnaphorTable) {
        self.knowledgeBase = knowledgeBase
        self.matcher = matcher
        self.anaphors = anaphors
    }

    public func process(_ document: inout Document) throws {
        var context = DiscourseContext()
        var mentions: [ActorMention] = []
        for s in document.sentences {
            mentions.append(contentsOf: find(in: document.tokens[s.tokens], text: document.text, date: document.publicationDate, context: &context))
        }
        document.mentions = mentions
        if let title = document.title, !document.titleTokens.isEmpty {
            var titleContext = DiscourseContext()
            document.titleMentions = find(in: document.titleTokens[...], text: title, date: document.publicationDate, context: &titleContext)
        }
    }

    /// What earlier sentences named, for resolving anaphors.
    public struct DiscourseContext: Sendable {
        var lastPerson: ActorRef?
        var lastCountry: ActorRef?
        var lastJoint: [ActorRef]?
        var lastNamedJoint: [ActorRef]?
        var statementAuthors: [ActorRef]?
        var recentCountries: [ActorRef] = []
        public init() {}
    }

    static let statementWords: Set<String> = ["statement", "declaration", "communique"]
    static let honorifics: Set<String> = ["mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"]
    static let nameStop: Set<String> = ["the", "a", "an", "and", "of", "in", "on", "said", "says", "told", "who"]

    struct Piece {
        var tokens: Range<Int>
        var entries: [ActorEntry]
        var unknownName: String?
    }

    /// Finds and resolves the mentions of one sentence.
    public func find(in tokens: ArraySlice<Token>, text: String, date: CivilDate?, context: inout DiscourseContext) -> [ActorMention] {
        // 1. Dictionary pieces, plus honorific + unknown name ("Mr. Ngo Khiem").
        var pieces: [Piece] = []
        var i = tokens.startIndex
        while i < tokens.endIndex {
            if let m = matcher.longest(at: i, in: tokens), !(m.ambiguous && !confirmsAmbiguous(m, tokens)) {
                var entries = m.entries
                // A single word that is both a person's short name and something else keeps the person last.
                entries.sort { rank($0) > rank($1) }
                if let date { entries = peopleByDate(entries, date) }
                pieces.append(Piece(tokens: m.tokens, entries: entries))
                i = m.tokens.upperBound
                continue
            }
            if Self.honorifics.contains(tokens[i].norm), let end = nameEnd(after: i + 1, tokens), end > i + 1 {
                pieces.append(Piece(tokens: i..<end, entries: [], unknownName: span(tokens, (i + 1)..<end)))
                i = end
                continue
            }
            // "Somalia-based", "US-led": a place of operation or a leading state gives the country, like an adjective.
            if let based = basedPlace(tokens[i]) {
                pieces.append(Piece(tokens: i..<(i + 1), entries: [based]))
                i += 1
                continue
            }
            // "Russia-China": a hyphenated pair of country names.
            if tokens[i].text.contains("-"), let joint = hyphenPair(tokens[i]) {
                pieces.append(Piece(tokens: i..<(i + 1), entries: joint))
                i += 1
                continue
            }
            i += 1
        }
        // 2. Compounds of adjacent pieces; a trailing unknown name after a title.
        var groups: [[Piece]] = []
        for p in pieces {
            if var g = groups.last, let last = g.last, canJoin(g, p, gap: last.tokens.upperBound..<p.tokens.lowerBound, tokens) {
                g.append(p)
                groups[groups.count - 1] = g
            } else {
                groups.append([p])
            }
        }
        var mentions: [ActorMention] = []
        for (gi, var g) in groups.enumerated() {
            // A trailing unknown name never runs into the next compound.
            let limit = gi + 1 < groups.count ? groups[gi + 1][0].tokens.lowerBound : tokens.endIndex
            if let last = g.last, last.unknownName == nil, !g.contains(where: { $0.entries.contains(where: isPerson) }),
               last.entries.contains(where: isAgent), let found = nameEnd(after: last.tokens.upperBound, tokens) {
                let end = min(found, limit)
                if end > last.tokens.upperBound {
                    g.append(Piece(tokens: last.tokens.upperBound..<end, entries: [], unknownName: span(tokens, last.tokens.upperBound..<end)))
                }
            }
            let range = g.first!.tokens.lowerBound..<g.last!.tokens.upperBound
            let actors = resolve(g, text: span(tokens, range), date: date)
            mentions.append(ActorMention(tokens: range, start: tokens[range.lowerBound].start, end: tokens[range.upperBound - 1].end,
                                         text: span(tokens, range), actors: actors))
        }
        // 3. Appositions, then coordination: "A and B", "A, B and C", "China, Russia".
        mentions = appositions(mentions, tokens)
        mentions = coordinate(mentions, tokens)
        // 4. Anaphors.
        var anaphoric: [ActorMention] = []
        var k = tokens.startIndex
        var occupied = Set<Int>()
        for m in mentions { for t in m.tokens { occupied.insert(t) } }
        while k < tokens.endIndex {
            guard let (len, kind) = anaphors.match(at: k, in: tokens),
                  !(k..<(k + len)).contains(where: occupied.contains) else { k += 1; continue }
            let r = k..<(k + len)
            let before = (mentions + anaphoric).filter { $0.tokens.upperBound <= k }.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
            let resolved = resolveAnaphor(kind, before: before, context: context)
            let text = span(tokens, r)
            if !resolved.isEmpty {
                let actors = resolved.map { a -> ActorRef in var a = a; a.text = text; return a }
                anaphoric.append(ActorMention(tokens: r, start: tokens[r.lowerBound].start, end: tokens[r.upperBound - 1].end,
                                              text: text, kind: .anaphor, actors: actors, anaphor: kind.rawValue))
            }
            k += len
        }
        let all = (mentions + anaphoric).sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        update(&context, with: all, tokens)
        return all
    }

    // MARK: - Pieces and compounds

    func rank(_ e: ActorEntry) -> Int {
        switch e {
        case .person: return 1
        case .organisation: return 3
        case .country(_, _, let form): return form == .name ? 4 : (form == .place ? 1 : 2)
        case .agent: return 0
        }
    }

    /// People who share a name ("George Bush", "Assad") in the order of who held an office nearest
    /// the date: one in office on it first, then by days to the nearest office; the first listed
    /// on a tie. Other entries keep their places.
    func peopleByDate(_ entries: [ActorEntry], _ date: CivilDate) -> [ActorEntry] {
        let slots = entries.indices.filter { isPerson(entries[$0]) }
        guard slots.count > 1 else { return entries }
        let day = date.dayNumber
        func distance(_ e: ActorEntry) -> Int {
            guard case .person(let id) = e, let p = knowledgeBase.people[id], !p.offices.isEmpty else { return .max }
            var best = Int.max
            for o in p.offices {
                if o.isHeld(on: date) { return 0 }
                if let s = o.start, date < s { best = min(best, s.dayNumber - day) }
                if let e = o.end, e < date { best = min(best, day - e.dayNumber) }
            }
            return best
        }
        let people = slots.map { entries[$0] }
        let ordered = people.enumerated().sorted { a, b in
            let (da, db) = (distance(a.element), distance(b.element))
            return da != db ? da < db : a.offset < b.offset
        }.map(\.element)
        var out = entries
        for (k, i) in slots.enumerated() { out[i] = ordered[k] }
        return out
    }

    func isPerson(_ e: ActorEntry) -> Bool { if case .person = e { return true }; return false }
    func isAgent(_ e: ActorEntry) -> Bool { if case .agent = e { return true }; return false }
    func isPlace(_ e: ActorEntry) -> Bool {
        switch e {
        case .country, .organisation: return true
        default: return false
        }
    }

    /// An ambiguous name ("Georgia", "Jordan", "Washington") counts unless it sits inside a longer
    /// name ("Michael Jordan", "Washington Post") or after a place ("Atlanta, Georgia").
    func confirmsAmbiguous(_ m: ActorMatcher.Match, _ tokens: ArraySlice<Token>) -> Bool {
        let after = m.tokens.upperBound
        let before = m.tokens.lowerBound - 1
        if after < tokens.endIndex, tokens[after].kind == .word, tokens[after].isCapitalized { return false }
        if before >= tokens.startIndex, tokens[before].kind == .word, tokens[before].isCapitalized,
           !["the", "in", "on", "at", "for", "and", "but", "with", "from", "to", "by", "of", "as"].contains(tokens[before].norm) { return false }
        if before - 1 >= tokens.startIndex, tokens[before].norm == ",", tokens[before - 1].isCapitalized { return false }
        if after < tokens.endIndex, tokens[after].norm == "state" { return false }
        return true
    }

    func canJoin(_ group: [Piece], _ p: Piece, gap: Range<Int>, _ tokens: ArraySlice<Token>) -> Bool {
        let gapNorms = gap.map { tokens[$0].norm }
        let groupHasPlace = group.contains { $0.entries.first.map(isPlace) ?? false }
        let groupHasPerson = group.contains { $0.unknownName != nil || ($0.entries.first.map(isPerson) ?? false) }
        let pIsPlace = p.entries.first.map(isPlace) ?? false
        let pIsPerson = p.unknownName != nil || (p.entries.first.map(isPerson) ?? false)
        if groupHasPerson { return false }
        // "Bosnian Serbs", "Kosovo Albanians": a people named by the state they live in, which comes first.
        if gap.isEmpty, group.count == 1, case .country(_, _, let f)? = group[0].entries.first, f == .adjective || f == .name,
           case .country(_, _, .adjective)? = p.entries.first, p.tokens.count == 1, tokens[p.tokens.lowerBound].norm.hasSuffix("s"),
           tokens[p.tokens.lowerBound].isCapitalized { return true }
        if pIsPlace && groupHasPlace { return false }
        if gapNorms.isEmpty {
            // "Chinese Defense Ministry", "Defense Ministry spokesman", "spokesman Wu Qian".
            // A place only opens a compound ("Chinese Defense Ministry"), it never extends one.
            return !pIsPlace
        }
        if gapNorms == ["'s"] || gapNorms == ["'"] { return !pIsPlace || pIsPerson }
        // "President Omar El Bashir": a title, a first name the knowledge base does not list, the person.
        if gap.count <= 2, p.entries.first.map(isPerson) ?? false, group.allSatisfy({ $0.entries.first.map(isAgent) ?? false }),
           gap.allSatisfy({ tokens[$0].kind == .word && tokens[$0].isCapitalized && !Self.nameStop.contains(tokens[$0].norm) }) { return true }
        // "Bangladeshi peacekeeping troops", "French paper workers": a nationality, one or two words that
        // qualify the agent, and the agent.
        if group.count == 1, case .country(_, _, .adjective)? = group[0].entries.first, p.entries.first.map(isAgent) ?? false,
           gap.count <= 2, gap.allSatisfy({ i in
               tokens[i].kind == .word && !tokens[i].isCapitalized && !Self.modifierStop.contains(tokens[i].norm)
                   && (tokens[i].upos.map { ["ADJ", "NOUN"].contains($0) || tokens[i].xpos == "VBG" } ?? true)
           }) { return true }
        // "the leaders of China", "the President of the United States", "speaker of the Knesset": an agent of a
        // place or an institution.
        if gapNorms == ["of"] || gapNorms == ["of", "the"] { return pIsPlace && group.allSatisfy { $0.entries.first.map(isAgent) ?? false } }
        return false
    }

    /// Words that never qualify an agent between a nationality and the agent noun.
    static let modifierStop: Set<String> = nameStop.union(["or", "to", "at", "for", "with", "by", "from",
                                                            "say", "which", "that", "as", "but", "not", "no"])

    /// The end of a run of capitalised words that make a name (at most four).
    func nameEnd(after i: Int, _ tokens: ArraySlice<Token>) -> Int? {
        var j = i
        while j < tokens.endIndex, j - i < 4, tokens[j].kind == .word, tokens[j].isCapitalized, !Self.nameStop.contains(tokens[j].norm),
              matcher.longest(at: j, in: tokens) == nil || j > i {
            j += 1
        }
        return j > i ? j : nil
    }

    /// "Somalia-based", "Kyiv-based": the country of the place a group is based in; "Vietnamese-led",
    /// "US-led": the country that leads a force or coalition.
    func basedPlace(_ t: Token) -> ActorEntry? {
        guard let suffix = ["-based", "-led"].first(where: { t.norm.hasSuffix($0) }), t.norm.count > suffix.count else { return nil }
        let part = String(t.text.dropLast(suffix.count))
        let tok = Token(start: 0, end: part.unicodeScalars.count, text: part, kind: .word, norm: TextFolding.fold(part))
        guard let m = matcher.longest(at: 0, in: [tok][...]),
              let e = m.entries.first(where: { if case .country = $0 { return true }; return false }),
              case let .country(iso3, _, _) = e else { return nil }
        return .country(iso3: iso3, sector: nil, form: .adjective)
    }

    func hyphenPair(_ t: Token) -> [ActorEntry]? {
        let parts = t.text.split(separator: "-").map(String.init)
        guard parts.count == 2 else { return nil }
        var out: [ActorEntry] = []
        for part in parts {
            let tok = Token(start: 0, end: part.unicodeScalars.count, text: part, kind: .word, norm: TextFolding.fold(part))
            guard let m = matcher.longest(at: 0, in: [tok][...]), let e = m.entries.first(where: { if case .country = $0 { return true }; return false }) else { return nil }
            out.append(e)
        }
        return out
    }

    /// Resolves a compound to actors: country from a place or the person's office, sector from the
    /// highest-ranked agent (institutions beat titles), else the office's or the seat's.
    ///
    /// Conventions (docs/DICTIONARIES.md): a title "of" a national institution takes the institution's
    /// sector ("president of the Riigikogu" → LEG); a civilian post over the military (a defence minister
    /// or secretary) is GOV first with MIL second; a person out of office on the date given is a former
    /// official (ELI), and without a date takes their latest office; an international organisation's sector is
    /// the field in its CAMEO code (WHO → HLH); a breakaway region adds PRE.
    func resolve(_ group: [Piece], text: String, date: CivilDate?) -> [ActorRef] {
        // A hyphenated pair is a joint mention of two countries.
        if group.count == 1, group[0].entries.count == 2, group[0].entries.allSatisfy({ if case .country = $0 { return true }; return false }) {
            return group[0].entries.compactMap { e in
                guard case let .country(iso3, _, _) = e else { return nil }
                return ActorRef(text: text, code: knowledgeBase.cameo(country: iso3), country: iso3, sector: nil, kbId: "country:\(iso3)")
            }
        }
        var country: String?, seatSector: String?, org: Organisation?, person: Person?, name: String?
        var bestAgent: (String, Int)?
        var agentSectors: [String] = []
        // "president of the Riigikogu", "spokesman of the Pentagon": a title belongs to the national
        // institution named after it, which gives the sector.
        var institutionSector: String?
        for p in group {
            if let n = p.unknownName { name = n; continue }
            guard let e = p.entries.first else { continue }
            switch e {
            case let .country(iso3, sector, form):
                if country == nil { country = iso3; seatSector = sector }
                if bestAgent != nil, form == .seat, let sector { institutionSector = sector }
            case .organisation(let id):
                org = knowledgeBase.organisations[id]
                if bestAgent != nil, let o = org, o.country != nil, let sector = o.sector { institutionSector = sector }
            case let .agent(sector, r, also):
                agentSectors.append(sector)
                if let also { agentSectors.append(also) }
                if bestAgent == nil || r > bestAgent!.1 { bestAgent = (sector, r) }
            case .person(let id): person = knowledgeBase.people[id]; name = person?.names.first
            }
        }
        var office = person?.office(on: date)
        var former = false
        if let person, office == nil, let date {
            // Out of office on the date: the last office held before it makes a former official (ELI)
            // of its state; after an international office, of the state of their last national one
            // (a former UN High Commissioner who was President of Chile is a Chilean elite).
            let past = person.offices.filter { $0.end.map { $0 < date } ?? false }
            office = past.max { $0.end! < $1.end! }
            if office?.country == nil, office?.code == nil, let national = past.filter({ $0.country != nil }).max(by: { $0.end! < $1.end! }) {
                office = national
            }
            former = office != nil
        }
        // A defence minister or secretary is a member of the government whose field is the military.
        var officeSector = office?.sector, officeSector2: String?
        if let o = office, o.sector == "MIL", Self.civilianTitleWords.contains(where: { o.title.contains($0) }) {
            officeSector = "GOV"
            officeSector2 = "MIL"
        }
        // Before any office of theirs, a person still belongs to the one state all their offices are in.
        var personCountry: String?
        if let person, office == nil {
            let states = Set(person.offices.compactMap(\.country))
            if states.count == 1 { personCountry = states.first }
        }
        let resolvedCountry = country ?? org?.country ?? office?.country ?? personCountry
        var sector: String?
        if let s = institutionSector, bestAgent!.1 <= 2 { sector = s }
        else if let (s, r) = bestAgent, r >= 2, !former, let o = officeSector, s == o || s == officeSector2 {
            // A title that agrees with the office held ("Colonel-General" for a deputy defence minister): the office's order.
            sector = o
        }
        // Out of office, a title that names the office they held ("former president", "President
        // Bush" in 2020) makes them a former official too.
        else if former, let (s, r) = bestAgent, r >= 2, s == officeSector || s == officeSector2 { sector = "ELI" }
        else if let (s, r) = bestAgent, r >= 2 { sector = s }
        else if former { sector = "ELI" }
        else if let s = officeSector { sector = s }
        else if let (s, _) = bestAgent { sector = s }
        else if let s = seatSector { sector = s }
        else if org?.country != nil { sector = org?.sector }
        else if let org { sector = knowledgeBase.functionalSector(of: org) }
        var code: String?
        var kbId: String?
        if let person, let direct = office?.code {
            // A directly coded actor (PETRARCH dictionary): its code names country and agent.
            let c3 = String(direct.prefix(3))
            let iso = knowledgeBase.countryByCAMEO[c3]
            return [ActorRef(text: text, code: country.map { knowledgeBase.cameo(country: $0) + (bestAgent?.0 ?? "") } ?? direct,
                             country: country ?? iso, sector: bestAgent?.0 ?? (iso != nil && direct.count > 3 ? String(direct.dropFirst(3).prefix(3)) : nil),
                             name: name, kbId: "person:\(person.id)")]
        }
        if let org, country == nil {
            code = org.cameo
            kbId = "org:\(org.id)"
        } else if let c = resolvedCountry {
            code = knowledgeBase.cameo(country: c, sector: sector)
            kbId = person.map { "person:\($0.id)" } ?? "country:\(c)"
        } else if person != nil, let o = office, o.country == nil, let t = o.title.split(separator: "(").last, t.hasSuffix(")") {
            code = String(t.dropLast())  // an international official: "Secretary-General (IGOUNO)"
            kbId = "person:\(person!.id)"
        }
        if let person, kbId == nil { kbId = "person:\(person.id)" }
        // A place on its own (a city, a region) stands for the people there; a breakaway region for its authorities.
        if group.count == 1, case .country(_, _, .place)? = group[0].entries.first, let c = resolvedCountry {
            sector = seatSector ?? "CVL"
            code = knowledgeBase.cameo(country: c, sector: sector)
        }
        var extra = agentSectors + [officeSector2, office?.sector, seatSector].compactMap { $0 }
        if let s = institutionSector { extra.append(s) }
        let sector2 = extra.first { $0 != sector }
        return [ActorRef(text: text, code: code, country: resolvedCountry, sector: sector, name: name, kbId: kbId, sector2: sector2)]
    }

    /// Words of an office title that make a military office a civilian post over the military.
    static let civilianTitleWords = ["Minister", "Secretary", "minister", "secretary"]

    /// "Harry Tseng, Taiwan's deputy foreign minister" and "Taiwan's deputy foreign minister, Harry Tseng":
    /// an unknown name set beside a titled compound by a comma is that compound's person.
    func appositions(_ mentions: [ActorMention], _ tokens: ArraySlice<Token>) -> [ActorMention] {
        var out: [ActorMention] = []
        let starts = Set(mentions.map(\.tokens.lowerBound)), ends = Set(mentions.map(\.tokens.upperBound))
        for var m in mentions {
            guard m.actors.count == 1, m.actors[0].name == nil, m.actors[0].country != nil, m.actors[0].sector != nil else { out.append(m); continue }
            // A name before: capitalised words, then a comma, then the compound.
            let comma = m.tokens.lowerBound - 1
            if comma > tokens.startIndex, tokens[comma].norm == ",", !ends.contains(comma) {
                var k = comma
                while k - 1 >= tokens.startIndex, comma - (k - 1) <= 4, tokens[k - 1].kind == .word, tokens[k - 1].isCapitalized,
                      !Self.nameStop.contains(tokens[k - 1].norm), !ends.contains(k) { k -= 1 }
                if k < comma && comma - k >= 2 && !(out.last.map { $0.tokens.upperBound > k } ?? false) {
                    m.actors[0].name = span(tokens, k..<comma)
                    m.tokens = k..<m.tokens.upperBound
                    m.start = tokens[k].start
                    m.text = span(tokens, m.tokens)
                    m.actors[0].text = m.text
                    out.append(m)
                    continue
                }
            }
            // A name after: the compound, a comma, capitalised words, then a comma or the end.
            let after = m.tokens.upperBound
            if after < tokens.endIndex, tokens[after].norm == ",", !starts.contains(after + 1), let end = nameEnd(after: after + 1, tokens),
               end - (after + 1) >= 2, end >= tokens.endIndex || [",", ".", "said", "says", "told"].contains(tokens[end].norm),
               !mentions.contains(where: { $0.tokens.overlaps((after + 1)..<end) }) {
                m.actors[0].name = span(tokens, (after + 1)..<end)
                m.tokens = m.tokens.lowerBound..<end
                m.end = tokens[end - 1].end
                m.text = span(tokens, m.tokens)
                m.actors[0].text = m.text
            }
            out.append(m)
        }
        return out
    }

    func coordinate(_ mentions: [ActorMention], _ tokens: ArraySlice<Token>) -> [ActorMention] {
        var out: [ActorMention] = []
        for m in mentions {
            guard var last = out.last else { out.append(m); continue }
            guard last.tokens.upperBound <= m.tokens.lowerBound else { out.append(m); continue }
            let gap = (last.tokens.upperBound..<m.tokens.lowerBound).map { tokens[$0].norm }
            // "China, Russia committed …": a comma joins two states only at the start of a headline-like sentence.
            let joins = gap == ["and"] || gap == [",", "and"] || gap == ["&"] || gap == ["and", "the"] || gap == [",", "and", "the"]
                || (gap == [","] && last.tokens.lowerBound == tokens.startIndex && last.actors.count == 1
                    && last.actors.allSatisfy { $0.country != nil && $0.sector == nil } && m.actors.allSatisfy { $0.country != nil && $0.sector == nil }
                    && (m.tokens.upperBound >= tokens.endIndex || tokens[m.tokens.upperBound].norm != ","))
            let coded = m.actors.allSatisfy { $0.code != nil } && last.actors.allSatisfy { $0.code != nil }
            if joins && coded && !Set(last.actors.map(\.identity)).isSuperset(of: m.actors.map(\.identity)) {
                var added = m.actors
                // "the leaders of China and Russia": the agent applies to both states.
                if last.actors.count == 1, let sector = last.actors[0].sector, last.text.contains(" of "),
                   added.count == 1, added[0].sector == nil, let c = added[0].country {
                    added[0].sector = sector
                    added[0].code = knowledgeBase.cameo(country: c, sector: sector)
                }
                last.actors += added
                last.tokens = last.tokens.lowerBound..<m.tokens.upperBound
                last.end = m.end
                last.text = span(tokens, last.tokens)
                out[out.count - 1] = last
            } else {
                out.append(m)
            }
        }
        return out
    }

    // MARK: - Anaphors

    func resolveAnaphor(_ kind: AnaphorTable.Kind, before: [ActorMention], context: DiscourseContext) -> [ActorRef] {
        let named = before.filter { $0.actors.contains { $0.code != nil } }
        switch kind {
        case .country:
            if let m = named.last(where: { $0.actors.count == 1 && $0.actors[0].country != nil }) { return m.actors }
            return context.lastCountry.map { [$0] } ?? []
        case .ownCountry:
            let person = named.last(where: { $0.actors.count == 1 && $0.actors[0].name != nil })?.actors[0] ?? context.lastPerson
            guard let c = person?.country else { return [] }
            return [ActorRef(text: "", code: knowledgeBase.cameo(country: c), country: c, sector: nil, kbId: "country:\(c)")]
        case .pair:
            if let j = named.last(where: { $0.isJoint }) { return j.actors.map(countryOnly) }
            var countries: [ActorRef] = []
            for m in named { for a in m.actors where a.country != nil && !countries.contains(where: { $0.country == a.country }) { countries.append(a) } }
            if countries.count >= 2 { return Array(countries.suffix(2)).map(countryOnly) }
            if let j = context.lastJoint, j.count >= 2 { return j.map(countryOnly) }
            return context.recentCountries.count >= 2 ? Array(context.recentCountries.suffix(2)) : []
        case .plural:
            if let j = named.last(where: { $0.isJoint }) { return j.actors }
            return context.lastNamedJoint ?? context.lastJoint ?? []
        case .person:
            if let m = named.last(where: { $0.actors.count == 1 && $0.actors[0].kbId?.hasPrefix("person:") == true }) { return m.actors }
            return context.lastPerson.map { [$0] } ?? []
        case .statement:
            return context.statementAuthors ?? context.lastJoint ?? context.lastCountry.map { [$0] } ?? []
        }
    }

    func countryOnly(_ a: ActorRef) -> ActorRef {
        guard let c = a.country else { return a }
        return ActorRef(text: a.text, code: knowledgeBase.cameo(country: c), country: c, sector: nil, kbId: "country:\(c)")
    }

    func update(_ c: inout DiscourseContext, with mentions: [ActorMention], _ tokens: ArraySlice<Token>) {
        let mentionsStatement = mentions.contains { $0.isJoint } && tokens.contains { Self.statementWords.contains($0.norm) }
        for m in mentions {
            if m.isJoint {
                c.lastJoint = m.actors
                if m.kind == .named {
                    c.lastNamedJoint = m.actors
                    if mentionsStatement && m.actors.allSatisfy({ $0.country != nil }) && c.statementAuthors == nil {
                        c.statementAuthors = m.actors.map(countryOnly)
                    }
                }
            } else if let a = m.actors.first {
                if a.kbId?.hasPrefix("person:") == true || a.name != nil { c.lastPerson = a }
                if a.country != nil {
                    c.lastCountry = a
                    c.recentCountries.removeAll { $0.country == a.country }
                    c.recentCountries.append(countryOnly(a))
                }
            }
        }
    }

    func span(_ tokens: ArraySlice<Token>, _ r: Range<Int>) -> String {
        var s = ""
        for i in r {
            if i > r.lowerBound && tokens[i].start > tokens[i - 1].end { s += " " }
            s += tokens[i].text
        }
        return s
    }
}
