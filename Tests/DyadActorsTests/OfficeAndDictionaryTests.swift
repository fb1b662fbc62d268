import DyadActors
import DyadCore
import DyadText
import Foundation
import Testing

/// (code, office title) of a name on a date, through the mention finder.
func resolved(_ name: String, _ date: String) -> (String?, String?) {
    var doc = Document(id: "t", raw: "\(name) spoke.", publicationDate: CivilDate(iso: date))
    try! text.process(&doc)
    try! finder.process(&doc)
    let a = doc.mentions.first?.actors.first
    let id = a?.kbId.map { String($0.dropFirst("person:".count)) }
    let office = id.flatMap { kb.people[$0] }?.office(on: CivilDate(iso: date))?.title
    return (a?.code, office)
}

@Test(arguments: [
    // name, date before, (code, office) before, date after, (code, office) after
    ("Vladimir Putin", "2009-06-01", "RUSGOV", "Prime Minister", "2013-01-01", "RUSGOV", "President"),
    ("Dmitry Medvedev", "2010-01-01", "RUSGOV", "President", "2015-01-01", "RUSGOV", "Prime Minister"),
    ("Xi Jinping", "2010-01-01", "CHNGOV", "Vice President", "2014-01-01", "CHNGOV", "President"),
    ("Joe Biden", "2012-01-01", "USAGOV", "Vice President", "2022-01-01", "USAGOV", "President"),
    ("Donald Trump", "2018-01-01", "USAGOV", "President", "2022-01-01", "USAELI", nil),
    ("Narendra Modi", "2010-01-01", "INDGOV", "Chief Minister", "2015-01-01", "INDGOV", "Prime Minister"),
    ("Recep Tayyip Erdoğan", "2010-01-01", "TURGOV", "Prime Minister", "2016-01-01", "TURGOV", "President"),
    ("Angela Merkel", "2010-01-01", "DEUGOV", "Chancellor", "2022-06-01", "DEUELI", nil),
    ("Olaf Scholz", "2023-01-01", "DEUGOV", "Chancellor", "2025-06-01", "DEUELI", nil),
    ("Rishi Sunak", "2021-01-01", "GBRGOV", "Chancellor of the Exchequer", "2023-01-01", "GBRGOV", "Prime Minister"),
    ("Boris Johnson", "2017-01-01", "GBRGOV", "Foreign Secretary", "2020-01-01", "GBRGOV", "Prime Minister"),
    ("Fumio Kishida", "2015-01-01", "JPNGOV", "Minister for Foreign Affairs", "2022-01-01", "JPNGOV", "Prime Minister"),
    ("Shinzo Abe", "2010-01-01", "JPNELI", nil, "2015-01-01", "JPNGOV", "Prime Minister"),
    ("Luiz Inácio Lula da Silva", "2015-01-01", "BRAELI", nil, "2024-01-01", "BRAGOV", "President"),
    ("Jair Bolsonaro", "2020-01-01", "BRAGOV", "President", "2024-01-01", "BRAELI", nil),
    ("Benjamin Netanyahu", "2022-01-01", "ISRELI", nil, "2023-06-01", "ISRGOV", "Prime Minister"),
    ("Barack Obama", "2012-01-01", "USAGOV", "President", "2018-01-01", "USAELI", nil),
    ("Li Keqiang", "2015-01-01", "CHNGOV", "Premier", "2024-01-01", "CHNELI", nil),
] as [(String, String, String, String?, String, String, String?)])
func office_changesWithTheDate(_ c: (String, String, String, String?, String, String, String?)) {
    let before = resolved(c.0, c.1), after = resolved(c.0, c.4)
    #expect(before.0 == c.2, "\(c.0) on \(c.1)")
    if let title = c.3 { #expect(before.1?.hasPrefix(title) == true, "\(c.0) on \(c.1): \(before.1 ?? "none")") }
    #expect(after.0 == c.5, "\(c.0) on \(c.4)")
    if let title = c.6 { #expect(after.1?.hasPrefix(title) == true, "\(c.0) on \(c.4): \(after.1 ?? "none")") }
}

@Test func macron_isFrancesPresidentNotAndorras() {
    #expect(resolved("Emmanuel Macron", "2020-01-01").0 == "FRAGOV")
}

/// A PETRARCH-format dictionary written for these tests.
let petrarchActors = """
<!-- test dictionary -->
RURITANIA_ [RUR] # a made-up state
+RURITANIAN
FREEDONI  [FRD]
OLD_GENERAL_ZORN
+ZORN_
\t[RURMIL 800101-991231]
\t[RURELI > 000101]
NOBODY_ [---]
"""

let petrarchAgents = """
!PERSON! = MAN, MEN
BORDER_GUARD [~COP] # guards
CUSTOMS!PERSON! [~GOV]
"""

func kbWith(_ files: [(String, String)], prefer: Bool = false) throws -> MentionFinder {
    var k = try KnowledgeBase.builtIn()
    for (name, contents) in files { try k.load(file: name, contents: contents, prefer: prefer) }
    return MentionFinder(knowledgeBase: k, matcher: ActorMatcher(knowledgeBase: k) { text.tokenizer.tokenize($0).map(\.text) }, anaphors: try .builtIn())
}

func codes(_ f: MentionFinder, _ s: String, date: String) -> [String] {
    var doc = Document(id: "t", raw: s, publicationDate: CivilDate(iso: date))
    try! text.process(&doc)
    try! f.process(&doc)
    return doc.mentions.flatMap { $0.actors.map { $0.code ?? "nil" } }
}

@Test func petrarchActors_loadWithStemsSynonymsAndDatedCodes() throws {
    let f = try kbWith([("test.actors", petrarchActors), ("test.agents", petrarchAgents)])
    #expect(codes(f, "Ruritanian border guards met Freedonians.", date: "2020-01-01") == ["RURCOP", "FRD"])
    #expect(codes(f, "Zorn spoke.", date: "1990-01-01") == ["RURMIL"])
    #expect(codes(f, "Zorn spoke.", date: "2005-01-01") == ["RURELI"])
    #expect(codes(f, "Nobody came.", date: "2005-01-01") == [])
}

@Test func petrarchActors_badDateIsSkippedWithAWarningNamingTheLine() throws {
    var k = KnowledgeBase()
    try k.load(file: "bad.actors", contents: "ZORN_\n\t[RURMIL 9913-991231]\n\t[RURELI > 000101]\n")
    #expect(k.warnings == [DataFileError(file: "bad.actors", line: 2, message: "'9913' is not a YYMMDD or YYYYMMDD date")])
    #expect(k.people.values.first?.offices.map(\.code) == ["RURELI"])
}

@Test func actorFiles_saved_on_Windows_or_with_multiline_comments_readTheSame() throws {
    let crlf = { (s: String) in s.replacingOccurrences(of: "\n", with: "\r\n") }
    let plain = try kbWith([("test.actors", petrarchActors), ("test.agents", petrarchAgents)])
    let windows = try kbWith([("test.actors", crlf(petrarchActors)), ("test.agents", crlf(petrarchAgents))])
    for (s, date) in [("Ruritanian border guards met Freedonians.", "2020-01-01"), ("Zorn spoke.", "1990-01-01"), ("Zorn spoke.", "2005-01-01")] {
        #expect(codes(windows, s, date: date) == codes(plain, s, date: date))
    }
    #expect(codes(windows, "Zorn spoke.", date: "2005-01-01") == ["RURELI"])
    // A comment over several lines hides the entries inside it, and the line after it is read.
    var k = KnowledgeBase()
    try k.load(file: "c.actors", contents: "<!-- a note\nZORN_ [RURMIL]\n-->QUUX_ [RURGOV]\r\nBLORP_ [RURCOP] <!-- inline --> \n")
    #expect(k.warnings.isEmpty)
    let f = MentionFinder(knowledgeBase: k, matcher: ActorMatcher(knowledgeBase: k) { text.tokenizer.tokenize($0).map(\.text) }, anaphors: try .builtIn())
    #expect(codes(f, "Zorn met Quux and Blorp.", date: "2020-01-01") == ["RURGOV", "RURCOP"])
    // A user's own (Dyad-format) actor file with Windows line ends.
    let mine = try kbWith([("mine.txt", "person | mine-quux | Quux Blorp | RUS | SPY | 1975 | | Officer\r\nperson | mine-zorn | Zorn Quux | RUS | GOV | 1975 | | Minister\r\n")])
    #expect(codes(mine, "Zorn Quux met Quux Blorp.", date: "2020-01-01") == ["RUSGOV", "RUSSPY"])
}

@Test func userEntries_winOnlyWhenPreferred() throws {
    let mine = "person | mine-putin | Vladimir Putin | RUS | SPY | 1975 | | Intelligence officer\n"
    let plain = try kbWith([("mine.txt", mine)])
    let preferred = try kbWith([("mine.txt", mine)], prefer: true)
    #expect(codes(plain, "Vladimir Putin spoke.", date: "2020-01-01") == ["RUSGOV"])
    #expect(codes(preferred, "Vladimir Putin spoke.", date: "2020-01-01") == ["RUSSPY"])
}

let sharedDictionaries = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data").standardized

@Test(.enabled(if: FileManager.default.fileExists(atPath: sharedDictionaries.appendingPathComponent("phoenix-dictionaries").path)))
func phoenixAndValidationDictionaries_loadWithoutError() throws {
    var k = try KnowledgeBase.builtIn()
    let before = k.phrases.count
    for rel in ["phoenix-dictionaries/Phoenix.Countries.actors.txt", "phoenix-dictionaries/Phoenix.International.actors.txt",
                "phoenix-dictionaries/Phoenix.MilNonState.actors.txt", "phoenix-dictionaries/Phoenix.agents.txt",
                "petrarch-validation-dev/dictionaries/PETR.Validate.actors.txt", "petrarch-validation-dev/dictionaries/PETR.Validate.agents.txt"] {
        let url = sharedDictionaries.appendingPathComponent(rel)
        try k.load(file: url.lastPathComponent, contents: try String(contentsOf: url, encoding: .utf8))
    }
    #expect(k.phrases.count > before + 20_000)
}

@Test func personBeforeAnyOffice_keepsTheirState() {
    // Before the first office the knowledge base records, a person still belongs to its state.
    #expect(resolved("Barack Obama", "1995-01-01").0 == "USA")
    #expect(resolved("President Barack Obama", "1995-01-01").0 == "USAGOV")
}
