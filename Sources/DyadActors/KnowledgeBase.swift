import DyadCore
import Foundation

/// A state or territory.
public struct Country: Sendable, Hashable {
    public var iso3: String
    public var iso2: String
    public var cameo: String
    public var names: [String]
}

/// An international, regional or non-state organisation.
public struct Organisation: Sendable, Hashable {
    public var id: String
    public var cameo: String
    public var country: String?
    public var sector: String?
    public var names: [String]
}

/// One term of office: who held it for which state or organisation, from when to when.
public struct Office: Sendable, Hashable {
    public var country: String?
    public var sector: String?
    public var start: CivilDate?
    public var end: CivilDate?
    public var title: String
    /// A CAMEO actor code given directly (PETRARCH dictionaries), instead of country and sector.
    public var code: String?

    public init(country: String?, sector: String?, start: CivilDate?, end: CivilDate?, title: String, code: String? = nil) {
        self.country = country
        self.sector = sector
        self.start = start
        self.end = end
        self.title = title
        self.code = code
    }

    /// Whether the office was held on a date (open ends count as held).
    public func isHeld(on date: CivilDate) -> Bool {
        if let s = start, date < s.truncated(to: s.precision) { return false }
        if let e = end {
            // An end known only to the month or year covers that whole month or year.
            switch e.precision {
            case .day: if e < date { return false }
            case .month: if (e.year, e.month) < (date.year, date.month) { return false }
            case .year: if e.year < date.year { return false }
            }
        }
        return true
    }
}

/// A person with the offices they held.
public struct Person: Sendable, Hashable {
    public var id: String
    public var names: [String]
    public var offices: [Office]

    /// The office held on a date; the latest-starting one when several overlap, the first listed on a
    /// tie (so a head of state's own country wins over a co-principality). Without a date, the latest office.
    public func office(on date: CivilDate?) -> Office? {
        let candidates = date.map { d in offices.filter { $0.isHeld(on: d) } } ?? offices
        var best: Office?
        for o in candidates where best == nil || (best!.start ?? CivilDate(year: 1)) < (o.start ?? CivilDate(year: 1)) { best = o }
        return best
    }
}

/// What one dictionary phrase stands for.
public enum ActorEntry: Sendable, Hashable {
    /// A country's name ("China"), adjective or demonym ("Chinese"), or seat of government ("Kremlin" → GOV).
    case country(iso3: String, sector: String?, form: CountryForm)
    case organisation(id: String)
    /// A sector noun or title: "defense ministry" → MIL, rank 3; `also` a second agent code (GOV for a ministry).
    case agent(sector: String, rank: Int, also: String? = nil)
    case person(id: String)
}

public enum CountryForm: String, Sendable, Hashable { case name, adjective, seat, place }

/// A dictionary phrase as written, with whether it must match case exactly (acronyms).
public struct Phrase: Sendable, Hashable {
    public var text: String
    public var entry: ActorEntry
    /// Acronyms and short all-capital names ("US", "UN") match only in capitals.
    public var caseSensitive: Bool
    /// Marked `~` in the data: the name often means something else ("Georgia", "Jordan").
    public var ambiguous: Bool
    /// User dictionaries loaded with "prefer" get 1 and win over built-in entries (0) on the same words.
    public var priority: Int = 0
}

/// Dyad's actor knowledge base: countries, organisations, agents and people with their offices.
///
/// Loaded once from the data files described in `Resources/README.md` (and any user files) into
/// immutable values; `ActorMatcher` compiles its phrases into a token trie.
public struct KnowledgeBase: Sendable {
    public private(set) var countries: [String: Country] = [:]
    public private(set) var countryByCAMEO: [String: String] = [:]
    public private(set) var organisations: [String: Organisation] = [:]
    public private(set) var people: [String: Person] = [:]
    public private(set) var phrases: [Phrase] = []
    /// Every agent code the agent files use (GOV, MIL, HLH, …): the role codes an organisation's CAMEO code may carry.
    public private(set) var agentSectors: Set<String> = []
    /// Entries skipped while loading user dictionaries, with file and line (e.g. a date typo).
    public internal(set) var warnings: [DataFileError] = []

    public init() {}

    /// The knowledge base shipped with Dyad.
    public static func builtIn() throws -> KnowledgeBase {
        var kb = KnowledgeBase()
        for file in ["countries.txt", "places.txt", "organisations.txt", "agents.txt", "people.txt"] {
            try kb.load(file: file, contents: try ActorResources.load(file))
        }
        return kb
    }

    /// Priority given to the phrases being loaded (see `Phrase.priority`).
    var loadingPriority = 0

    /// Adds the entries of one data file; the file kind is told by its name or its header.
    /// PETRARCH/TABARI `.actors` and `.agents` files are recognised and read in their own format.
    /// - Parameter prefer: the file's entries win over built-in ones on the same words.
    /// - Throws: `DataFileError` with the file and line of a malformed entry.
    public mutating func load(file: String, contents: String, prefer: Bool = false) throws {
        loadingPriority = prefer ? 1 : 0
        defer { loadingPriority = 0 }
        let base = (file as NSString).lastPathComponent.lowercased()
        if PetrarchDictionary.looksLikePetrarch(name: base, contents: contents) {
            if base.contains("agent") { try PetrarchDictionary.loadAgents(into: &self, file: file, contents: contents, priority: loadingPriority) }
            else { try PetrarchDictionary.loadActors(into: &self, file: file, contents: contents, priority: loadingPriority) }
            return
        }
        if base.hasPrefix("countr") { try loadCountries(file, contents) }
        else if base.hasPrefix("place") { try loadPlaces(file, contents) }
        else if base.hasPrefix("organi") { try loadOrganisations(file, contents) }
        else if base.hasPrefix("agent") { try loadAgents(file, contents) }
        else if base.hasPrefix("people") || base.hasPrefix("person") { try loadPeople(file, contents) }
        else { try loadMixed(file, contents) }
    }

    mutating func loadCountries(_ file: String, _ contents: String) throws {
        for row in try DataFileReader(name: file, contents: contents, minColumns: 4, maxColumns: 6).rows {
            let iso3 = row[0].uppercased()
            guard iso3.count == 3 else { throw DataFileError(file: file, line: row.line, message: "iso3 must have three letters: '\(row[0])'") }
            let cameo = row[2].isEmpty ? iso3 : row[2].uppercased()
            let names = row.list(3)
            countries[iso3] = Country(iso3: iso3, iso2: row[1].uppercased(), cameo: cameo, names: names.map(Self.stripMarks))
            countryByCAMEO[cameo] = iso3
            for n in names { addPhrase(n, .country(iso3: iso3, sector: nil, form: .name)) }
            for a in row.list(4) { addPhrase(a, .country(iso3: iso3, sector: nil, form: .adjective)) }
            for s in row.list(5) {
                var name = s, sector = "GOV"
                if let eq = s.lastIndex(of: "=") {
                    name = String(s[..<eq]).trimmingWhitespace()
                    sector = String(s[s.index(after: eq)...]).trimmingWhitespace().uppercased()
                }
                addPhrase(name, .country(iso3: iso3, sector: sector, form: .seat))
            }
        }
    }

    /// `places.txt`: cities and regions that give their country to a compound ("Shanghai police").
    /// A place of kind `breakaway` (a partially recognised or unrecognised entity) carries the sector PRE.
    mutating func loadPlaces(_ file: String, _ contents: String) throws {
        for row in try DataFileReader(name: file, contents: contents, minColumns: 2, maxColumns: 3).rows {
            let iso3 = row[1].uppercased()
            guard countries[iso3] != nil else { throw DataFileError(file: file, line: row.line, message: "unknown country '\(row[1])'") }
            let kind = row[2].lowercased()
            guard ["city", "region", "breakaway", ""].contains(kind) else {
                throw DataFileError(file: file, line: row.line, message: "unknown place kind '\(row[2])' (use city, region or breakaway)")
            }
            let sector: String? = kind == "breakaway" ? "PRE" : nil
            for n in row.list(0) { addPhrase(n, .country(iso3: iso3, sector: sector, form: .place)) }
        }
    }

    /// Names for a state given by its CAMEO code (PETRARCH dictionaries); an unknown code becomes a new state.
    mutating func addCountryAlias(cameo: String, names: [String], priority: Int) {
        let iso3 = countryByCAMEO[cameo] ?? cameo
        if countries[iso3] == nil {
            countries[iso3] = Country(iso3: iso3, iso2: "", cameo: cameo, names: names)
            countryByCAMEO[cameo] = iso3
        }
        for n in names {
            phrases.append(Phrase(text: n, entry: .country(iso3: iso3, sector: nil, form: .name), caseSensitive: false, ambiguous: false, priority: priority))
        }
    }

    /// An actor with directly given, possibly dated codes (PETRARCH dictionaries).
    mutating func addCoded(id: String, names: [String], offices: [Office], priority: Int) {
        people[id] = Person(id: id, names: names, offices: offices)
        for n in names { phrases.append(Phrase(text: n, entry: .person(id: id), caseSensitive: false, ambiguous: false, priority: priority)) }
    }

    mutating func addAgentPhrase(_ text: String, sector: String, rank: Int, priority: Int) {
        phrases.append(Phrase(text: text, entry: .agent(sector: sector, rank: rank), caseSensitive: false, ambiguous: false, priority: priority))
    }

    mutating func loadOrganisations(_ file: String, _ contents: String) throws {
        for row in try DataFileReader(name: file, contents: contents, minColumns: 5, maxColumns: 5).rows {
            let id = row[0]
            guard !id.isEmpty, !row[1].isEmpty else { throw DataFileError(file: file, line: row.line, message: "an organisation needs an id and a CAMEO code") }
            organisations[id] = Organisation(id: id, cameo: row[1].uppercased(), country: row[2].isEmpty ? nil : row[2].uppercased(),
                                             sector: row[3].isEmpty ? nil : row[3].uppercased(), names: row.list(4).map(Self.stripMarks))
            for n in row.list(4) { addPhrase(n, .organisation(id: id)) }
        }
    }

    mutating func loadAgents(_ file: String, _ contents: String) throws {
        for row in try DataFileReader(name: file, contents: contents, minColumns: 3, maxColumns: 3).rows {
            guard let rank = Int(row[1]) else { throw DataFileError(file: file, line: row.line, message: "rank must be a number, not '\(row[1])'") }
            // "GOV/MIL": the first code, and a second one the words also give.
            let codes = row[0].uppercased().split(separator: "/").map(String.init)
            guard let first = codes.first else { throw DataFileError(file: file, line: row.line, message: "an agent line needs a sector") }
            agentSectors.formUnion(codes)
            for p in row.list(2) { addPhrase(p, .agent(sector: first, rank: rank, also: codes.count > 1 ? codes[1] : nil)) }
        }
    }

    mutating func loadPeople(_ file: String, _ contents: String) throws {
        for row in try DataFileReader(name: file, contents: contents, minColumns: 7, maxColumns: 7).rows {
            let id = row[0]
            guard !id.isEmpty else { throw DataFileError(file: file, line: row.line, message: "a person needs an id") }
            func date(_ s: String) throws -> CivilDate? {
                if s.isEmpty { return nil }
                guard let d = CivilDate(iso: s) else { throw DataFileError(file: file, line: row.line, message: "'\(s)' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") }
                return d
            }
            let office = Office(country: row[2].isEmpty ? nil : row[2].uppercased(), sector: row[3].isEmpty ? nil : row[3].uppercased(),
                                start: try date(row[4]), end: try date(row[5]), title: row[6])
            var person = people[id] ?? Person(id: id, names: [], offices: [])
            for n in row.list(1) where !person.names.contains(Self.stripMarks(n)) {
                person.names.append(Self.stripMarks(n))
                addPhrase(n, .person(id: id))
            }
            person.offices.append(office)
            people[id] = person
        }
    }

    /// A user file whose lines start with the kind: `country|organisation|agent|person | …`.
    mutating func loadMixed(_ file: String, _ contents: String) throws {
        var groups: [String: [String]] = [:]
        for (i, line) in contents.textLines().enumerated() {
            let t = line.trimmingWhitespace()
            guard !t.isEmpty, !t.hasPrefix("#"), let bar = t.firstIndex(of: "|") else {
                if !t.isEmpty && !t.hasPrefix("#") { throw DataFileError(file: file, line: i + 1, message: "expected 'kind | …' (kind: country, organisation, agent or person)") }
                continue
            }
            let kind = t[..<bar].trimmingWhitespace().lowercased()
            let rest = String(t[t.index(after: bar)...])
            guard ["country", "organisation", "organization", "agent", "person"].contains(kind) else {
                throw DataFileError(file: file, line: i + 1, message: "unknown kind '\(kind)' (use country, organisation, agent or person)")
            }
            groups[kind, default: []].append(rest)
        }
        if let g = groups["country"] { try loadCountries(file, g.joined(separator: "\n")) }
        let orgs = (groups["organisation"] ?? []) + (groups["organization"] ?? [])
        if !orgs.isEmpty { try loadOrganisations(file, orgs.joined(separator: "\n")) }
        if let g = groups["agent"] { try loadAgents(file, g.joined(separator: "\n")) }
        if let g = groups["person"] { try loadPeople(file, g.joined(separator: "\n")) }
    }

    mutating func addPhrase(_ raw: String, _ entry: ActorEntry) {
        let ambiguous = raw.hasPrefix("~")
        let text = Self.stripMarks(raw)
        guard !text.isEmpty else { return }
        // Acronyms (at most five letters, all capitals) match case-sensitively; stop counting at six letters.
        var letters = 0, upper = true
        for u in text.unicodeScalars {
            guard u.isUnicodeAlphabetic else { continue }
            letters += 1
            if letters > 5 { break }
            if !(u.isASCII ? (u.value >= 0x41 && u.value <= 0x5A) : u.properties.isUppercase) { upper = false }
        }
        let caseSensitive = letters <= 5 && letters > 0 && upper
        phrases.append(Phrase(text: text, entry: entry, caseSensitive: caseSensitive, ambiguous: ambiguous, priority: loadingPriority))
    }

    static func stripMarks(_ s: String) -> String { s.hasPrefix("~") ? String(s.dropFirst()).trimmingWhitespace() : s }

    /// The CAMEO code of a country on its own (e.g. `ROM` for Romania).
    public func cameo(country iso3: String) -> String { countries[iso3]?.cameo ?? iso3 }

    /// The CAMEO code of a state's actor in a sector: the country's code and the sector's CAMEO role.
    ///
    /// Three sectors are PLOVER's finer distinctions that CAMEO lacks: paramilitaries (PRM) are CAMEO's
    /// UAF, and a partially recognised entity (PRE) or an unidentified actor (UNK) adds no role code.
    public func cameo(country iso3: String, sector: String?) -> String {
        cameo(country: iso3) + ActorRef.cameoRole(sector)
    }

    /// The field of an international organisation, read from its CAMEO code: the first role code after
    /// the international prefix and region (`IGOUNOHLHWHO` → HLH); nil when the code names none.
    public func functionalSector(of org: Organisation) -> String? {
        guard org.country == nil else { return nil }
        let chars = Array(org.cameo)
        var k = 3
        while k + 3 <= chars.count {
            let chunk = String(chars[k..<(k + 3)])
            if chunk != "IGO", chunk != "GOV", agentSectors.contains(chunk) { return chunk }
            k += 3
        }
        return nil
    }
}

/// Loads DyadActors' bundled data files.
public enum ActorResources {
    public static func load(_ name: String) throws -> String {
        try BundledData.load(name, from: .module)
    }
}
