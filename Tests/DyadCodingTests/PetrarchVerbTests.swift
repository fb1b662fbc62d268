import Dyad
import DyadCoding
import DyadCore
import Foundation
import Testing

// A small fictional PETRARCH verb dictionary and actor files, written for these tests.
let petrarchVerbs = """
    <!-- TEST VERBS DICTIONARY -->
    <!-- a comment
         over two lines -->
    &FRUIT
    +APPLE
    +PEAR
    +BLOOD ORANGE

    &SNACK_
    +&FRUIT
    +CRACKER

    --- GREET  [041] ---
    GREET    # the default code of the block
    HAIL {HAILED HAILING}
    +WAVE_AT {+WAVED_AT +WAVING_AT}
    - * WARMLY  [042]
    - * &SNACK  [91X]     # a code of the dictionary's own
    - NEVER_*  [---]
    - + WAS * BY $  [043]
    - % HAVE *  [044]

    --- SNUB  [120:121] ---
    SNUB
    - * BEFORE_THE_COURT  [:173]

    --- PONDER  [---] ---
    PONDER
    - * TRUCE  [036]
    """

let petrarchActors = """
    VALDORIA  [VAL]
    +VALDORIAN
    KESTRIA  [KES]
    ORVENTIS  [VAL]
    """

let petrarchAgents = """
    BAKER  [~BAK]
    CHANCELLOR  [~GOV]
    """

let petrarchEngine: DyadEngine = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-petrarch-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) -> String {
        let url = dir.appendingPathComponent(name)
        try! text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
    let verbs = write("Test.verbs.txt", petrarchVerbs)
    let actors = write("Test.actors.txt", petrarchActors)
    let agents = write("Test.agents.txt", petrarchAgents)
    let engine = try! DyadEngine(options: EngineOptions(actorFiles: [actors, agents], verbFiles: [verbs], onlyUserVerbs: true, onlyUserActors: true))
    try? FileManager.default.removeItem(at: dir)   // the engine has read them
    return engine
}()

/// "SRC CODE TGT" for each event coded with the test dictionaries.
func petrarchSummary(_ text: String) -> [String] {
    try! petrarchEngine.code(Document(id: "p", raw: text, publicationDate: CivilDate(iso: "2024-05-16"))).events
        .map { "\($0.source?.code ?? "-") \($0.cameo) \($0.target?.code ?? "-")" }
}

@Test func petrarchVerbFile_isRecognisedByContent() {
    #expect(PetrarchVerbs.looksLikePetrarchVerbs(petrarchVerbs))
    #expect(!PetrarchVerbs.looksLikePetrarchVerbs("@ALLY = ally; allies\ncoop.x | 060 | +cooperate | to=with\n"))
}

@Test func petrarchVerbFile_becomesDyadPatternsAndClasses() throws {
    var dict = try PatternDictionary.empty()
    let conv = try #require(try dict.addUserFile(contents: petrarchVerbs, name: "Test.verbs.txt"))
    #expect(conv.verbs == 5)
    #expect(conv.patterns == 7)
    #expect(conv.skipped.isEmpty)
    // Synsets become classes: phrases, regular plurals, a nested synset; no plurals for a name ending in "_".
    let fruit = try #require(dict.classes["&FRUIT"])
    #expect(fruit.contains(["blood", "orange"]) && fruit.contains(["pears"]))
    let snack = try #require(dict.classes["&SNACK"])
    #expect(snack.contains(["apple"]) && snack.contains(["cracker"]) && !snack.contains(["crackers"]))
    // Verb forms: regular ones generated, irregular ones from braces, a phrasal verb's forms.
    let verbs = try #require(dict.classes["VB1"])
    for form in [["greets"], ["greeting"], ["hailed"], ["wave", "at"], ["waved", "at"], ["waves", "at"]] { #expect(verbs.contains(form)) }
    let own = try #require(dict.patterns.first { $0.act.rawValue == "91X" })
    #expect(own.head == 0 && own.target == .first && own.literal)
    let slots = try #require(dict.patterns.first { $0.act.rawValue == "043" })
    #expect(slots.terms.first == .actor(.target) && slots.terms.last == .actor(.source))
    let paired = try #require(dict.patterns.first { $0.act.rawValue == "120" })
    #expect(paired.reverse?.rawValue == "121")
    #expect(dict.patterns.contains { $0.noEvent })
}

@Test func petrarchVerbs_codeTheBareVerbAndLongerPatterns() {
    #expect(petrarchSummary("Valdoria greeted Kestria on Monday.") == ["VAL 041 KES"])
    #expect(petrarchSummary("Valdoria greeted Kestria warmly.") == ["VAL 042 KES"])
    #expect(petrarchSummary("Valdoria waved at Kestria.") == ["VAL 041 KES"])
}

/// A person coded with a state only, named after a title of that state, acts as the title says
/// (the state's government), whichever word the parser makes the head of the phrase.
@Test func petrarchActors_aTitleBeforeANameGivesTheSector() {
    #expect(petrarchSummary("Valdoria Chancellor Orventis greeted Kestria on Monday.") == ["VALGOV 041 KES"])
    #expect(petrarchSummary("Orventis greeted Kestria on Monday.") == ["VAL 041 KES"])
}

@Test func petrarchVerbs_keepTheirOwnCodes_unscored() throws {
    let e = try #require(try petrarchEngine.code(Document(id: "p", raw: "Valdoria hailed Kestria with a blood orange.", publicationDate: nil)).events.first)
    #expect(e.cameo.rawValue == "91X" && e.source?.code == "VAL" && e.target?.code == "KES")
    #expect(e.unscored)
    let json = EventRecord.json(e, documentID: "p").serialized().replacingOccurrences(of: " ", with: "")
    #expect(json.contains("\"goldstein\":null") && json.contains("\"quad_class\":null") && json.contains("\"cameo\":\"91X\""))
}

@Test func petrarchVerbs_actorSlotsPlaceSourceAndTarget() {
    #expect(petrarchSummary("Kestria was hailed by Valdoria.") == ["VAL 043 KES"])
}

@Test func petrarchVerbs_nullCodeGivesNoEvent() {
    #expect(petrarchSummary("Valdoria never greeted Kestria.") == [])
    #expect(petrarchSummary("Valdoria pondered Kestria.") == [])
    #expect(petrarchSummary("Valdoria pondered a truce with Kestria.") == ["VAL 036 KES"])
}

@Test func petrarchVerbs_compoundActsOnItsMembers() {
    #expect(Set(petrarchSummary("Valdoria and Kestria have greeted.")) == ["VAL 044 KES", "KES 044 VAL"])
}

@Test func petrarchVerbs_pairedCodeGivesTheReverseEvent() {
    #expect(Set(petrarchSummary("Valdoria snubbed Kestria.")) == ["VAL 120 KES", "KES 121 VAL"])
    // Only the reverse event: the target acts on the subject.
    #expect(petrarchSummary("Valdoria snubbed Kestria before the court.") == ["KES 173 VAL"])
}

@Test func petrarchVerbs_agentWithoutStateIsCodedBesideAState() {
    #expect(petrarchSummary("Valdorian bakers greeted Kestria.") == ["VALBAK 041 KES"])
    #expect(petrarchSummary("Bakers greeted Kestria.") == ["---BAK 041 KES"])
    #expect(petrarchSummary("The bakers greeted.") == [])
}

@Test func dictionaries_saved_on_Windows_readAsOnUnix() throws {
    // Swift counts "\r\n" as one Character, so a file split at "\n" alone would read as one line.
    let crlf = { (s: String) in s.replacingOccurrences(of: "\n", with: "\r\n") }
    var unix = try PatternDictionary.empty(), windows = try PatternDictionary.empty()
    let a = try #require(try unix.addUserFile(contents: petrarchVerbs, name: "Test.verbs.txt"))
    let b = try #require(try windows.addUserFile(contents: crlf(petrarchVerbs), name: "Test.verbs.txt"))
    #expect(b.verbs == a.verbs && b.patterns == a.patterns && b.synsets == a.synsets && b.skipped.isEmpty)
    #expect(windows.patterns.count == unix.patterns.count && windows.classes == unix.classes)
    var own = try PatternDictionary.empty()
    try own.add(contents: "@GIFT = pear; blood orange\r\nt.gift | 91X | <target> *3 !+receive *8 @GIFT *4 <source> | literal\r\nt.none | --- | !+ignore | to=first\r\n", name: "own.txt")
    #expect(own.patterns.map(\.id) == ["t.gift", "t.none"])
    let split = { (s: String) in s.split(separator: " ").map(String.init) }
    var discards = DiscardList()
    try discards.add(contents: crlf("# sentence level\nCHESS MATCH\n+YACHT_RACE\n"), name: "d.txt", split: split)
    #expect(discards.sentencePhrases == [["chess", "match"]] && discards.storyPhrases == [["yacht", "race"]])
}

@Test func discards_skipCommentsOverSeveralLines() throws {
    let split = { (s: String) in s.split(separator: " ").map(String.init) }
    var d = DiscardList()
    try d.add(contents: "<!-- Discards\n  of a test, version 2\n-->\nCHESS MATCH <!-- a board game --> ; why\n+YACHT_RACE\n", name: "d.txt", split: split)
    #expect(d.sentencePhrases == [["chess", "match"]] && d.storyPhrases == [["yacht", "race"]])
}

@Test func dyadPatterns_takeSlotsHeadsAndOwnCodes() throws {
    var dict = try PatternDictionary.empty()
    try dict.add(contents: """
        @GIFT = pear; blood orange
        t.gift | 91X | <target> *3 !+receive *8 @GIFT *4 <source> | literal
        t.none | --- | !+ignore | to=first
        t.pair | 042:043 | !+salute | to=first verb
        t.rev | :173 | !+summon | to=first
        """, name: "own.txt")
    let rev = try #require(dict.patterns.first { $0.id == "t.rev" })
    #expect(rev.reverseOnly && rev.reverse?.rawValue == "173" && !rev.noEvent)
    let gift = try #require(dict.patterns.first { $0.id == "t.gift" })
    #expect(gift.head == 2 && gift.hasSlots && gift.terms[1] == .gap(max: 3))
    #expect(try #require(dict.patterns.first { $0.id == "t.none" }).noEvent)
    let pair = try #require(dict.patterns.first { $0.id == "t.pair" })
    #expect(pair.act.rawValue == "042" && pair.reverse?.rawValue == "043" && pair.headIsVerb && pair.target == .first)
    #expect(throws: DataFileError.self) { try dict.add(contents: "t.bad | 042 | <sauce> !+meet", name: "bad.txt") }
}

@Test func discards_dropASentenceOrAWholeStory() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-discards-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let verbs = dir.appendingPathComponent("Test.verbs.txt").path
    let actors = dir.appendingPathComponent("Test.actors.txt").path
    let discards = dir.appendingPathComponent("Test.discards.txt").path
    try petrarchVerbs.write(toFile: verbs, atomically: true, encoding: .utf8)
    try petrarchActors.write(toFile: actors, atomically: true, encoding: .utf8)
    try "# sentence level\nCHESS MATCH\n+YACHT_RACE   # story level\n".write(toFile: discards, atomically: true, encoding: .utf8)
    let engine = try DyadEngine(options: EngineOptions(actorFiles: [actors], verbFiles: [verbs], onlyUserVerbs: true, onlyUserActors: true,
                                                       discardFiles: [discards]))
    let codes = { (t: String) in try engine.code(Document(id: "d", raw: t, publicationDate: CivilDate(iso: "2024-05-16"))).events.map { "\($0.source?.code ?? "-") \($0.cameo) \($0.target?.code ?? "-")" } }
    // A sentence-level phrase drops its sentence only.
    #expect(try codes("Valdoria greeted Kestria after the chess match. Kestria greeted Valdoria.") == ["KES 041 VAL"])
    // A story-level phrase drops the whole document.
    #expect(try codes("Valdoria greeted Kestria. The yacht race starts on Monday.").isEmpty)
    #expect(try codes("Valdoria greeted Kestria.") == ["VAL 041 KES"])
}

@Test func coderWords_areReadFromTheirDataFile_andBadLinesAreNamed() throws {
    let w = CoderWords.builtIn
    #expect(w[.placeNoun].contains("town") && w[.compass].contains("northern") && w[.member].contains("delegation"))
    #expect(w.allegiance["loyal"] == "to" && w[.allegiance].contains("loyal"))
    #expect(Set(CoderWords.List.allCases).isSubset(of: Set(w.lists.keys)))
    let mine = try CoderWords(contents: "Hamlet | place-noun   # a user's addition\nsworn | allegiance | to\n", name: "mine.txt")
    #expect(mine[.placeNoun] == ["hamlet"] && mine.allegiance == ["sworn": "to"])
    #expect(throws: DataFileError(file: "w.txt", line: 2, message: "unknown list 'placenoun'; use one of member, quantity, allegiance, cause, stative, locative, place-preposition, compass, place-noun")) {
        try CoderWords(contents: "town | place-noun\ncity | placenoun\n", name: "w.txt")
    }
    #expect(throws: DataFileError.self) { try CoderWords(contents: "loyal | allegiance\n", name: "w.txt") }
    #expect(throws: DataFileError.self) { try CoderWords(contents: "town | place-noun | of\n", name: "w.txt") }
}
