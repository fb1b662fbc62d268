import DyadActors
import DyadCore
import DyadText
import Testing

let text = try! TextAnalyzer.builtIn()
let kb = try! KnowledgeBase.builtIn()
let finder = MentionFinder(knowledgeBase: kb, matcher: ActorMatcher(knowledgeBase: kb) { text.tokenizer.tokenize($0).map(\.text) },
                           anaphors: try! .builtIn())

/// The mentions of a short text, sentence by sentence, as (text, codes).
func mentions(_ s: String, date: String = "2024-05-16") -> [(String, [String])] {
    var doc = Document(id: "t", raw: s, publicationDate: CivilDate(iso: date))
    try! text.process(&doc)
    try! finder.process(&doc)
    return doc.mentions.map { ($0.text, $0.actors.map { $0.code ?? "nil" }) }
}

func codes(_ s: String, date: String = "2024-05-16") -> [String] { mentions(s, date: date).flatMap(\.1) }

@Test func countryNamesAdjectivesAndSeats_resolveToTheirState() {
    #expect(codes("China met Russian diplomats in the Kremlin.") == ["CHN", "RUSGOV", "RUSGOV"])
    #expect(codes("Russians and Emiratis met.") == ["RUS", "ARE"])
    #expect(codes("Zhongnanhai and the Pentagon replied.").sorted() == ["CHNGOV", "USAMIL"])
}

@Test func compoundMention_takesCountryFromAdjectiveAndSectorFromTheInstitution() {
    let m = mentions("Chinese Defense Ministry spokesman Wu Qian spoke.")
    #expect(m.count == 1)
    #expect(m[0].0 == "Chinese Defense Ministry spokesman Wu Qian")
    #expect(m[0].1 == ["CHNGOV"])
}

@Test func titleFollowedByUnknownName_keepsTheName() throws {
    var doc = Document(id: "t", raw: "Ruritanian Foreign Minister Anna Kovac spoke.", publicationDate: CivilDate(iso: "2024-01-01"))
    try text.process(&doc)
    try finder.process(&doc)
    #expect(doc.mentions.first?.actors.first?.name == "Anna Kovac")
    #expect(doc.mentions.first?.actors.first?.code == nil)
}

@Test func acronymsMatchOnlyInCapitals() {
    #expect(codes("The US and the UN spoke to us.") == ["USA", "IGOUNO"])
    #expect(!codes("Tell us about it.").contains("USA"))
    #expect(codes("NATO met.") == ["IGOWSTNAT"])
}

@Test func coordinatedActors_becomeOneJointMention() {
    let m = mentions("Beijing and Moscow will cooperate.")
    #expect(m.count == 1)
    #expect(m[0].1 == ["CHNGOV", "RUSGOV"])
    #expect(mentions("The U.S. and NATO responded.")[0].1 == ["USA", "IGOWSTNAT"])
}

@Test func theTwoSides_resolvesToTheLastPair() {
    let m = mentions("Xi Jinping and Vladimir Putin met. The two sides agreed.")
    #expect(m.last?.0 == "The two sides")
    #expect(m.last?.1.count == 2)
    #expect(Set(m.last!.1.map { String($0.prefix(3)) }) == ["CHN", "RUS"])
}

@Test func theCountry_resolvesToTheSpeakersState() {
    let m = mentions("Chinese Defense Ministry spokesman Wu Qian said the country is willing to talk.")
    #expect(m.last?.0 == "the country")
    #expect(m.last?.1 == ["CHNGOV"])
}

@Test func ambiguousNames_needContext() {
    #expect(!codes("Michael Jordan scored.").contains("JOR"))
    #expect(codes("Jordan's government said.") == ["JORGOV"])
    #expect(codes("Talks in Washington ended.") == ["USAGOV"])
    #expect(codes("The Washington Post reported.") == ["USAMED"])  // the newspaper, not the government
}

@Test func office_dependsOnTheDate() {
    #expect(codes("Trump spoke.", date: "2018-03-01") == ["USAGOV"])
    #expect(codes("Trump spoke.", date: "2022-03-01") == ["USAELI"])
    #expect(codes("Trump spoke.", date: "2025-03-01") == ["USAGOV"])
    #expect(codes("Putin spoke.", date: "2009-06-01") == ["RUSGOV"])
    #expect(mentions("Medvedev spoke.", date: "2010-01-01").first?.1 == ["RUSGOV"])
}

@Test func appositions_giveTheTitledCompoundItsPerson() throws {
    for sentence in ["Anna Kovac, Croatia's deputy foreign minister, arrived.", "Croatia's deputy foreign minister, Anna Kovac, arrived."] {
        var doc = Document(id: "t", raw: sentence, publicationDate: CivilDate(iso: "2024-01-01"))
        try text.process(&doc)
        try finder.process(&doc)
        #expect(doc.mentions.count == 1, "\(sentence)")
        #expect(doc.mentions.first?.actors.first?.name == "Anna Kovac", "\(sentence)")
        #expect(doc.mentions.first?.actors.first?.code == "HRVGOV", "\(sentence)")
    }
}

@Test func peopleSharingAName_areTheOneInOfficeNearestTheDate() {
    func who(_ s: String, _ date: String) -> [String] {
        var doc = Document(id: "t", raw: s, publicationDate: CivilDate(iso: date))
        try! text.process(&doc)
        try! finder.process(&doc)
        return doc.mentions.flatMap { $0.actors.compactMap(\.kbId) }
    }
    #expect(who("George Bush met Assad.", "1990-06-01") == ["person:bush_hw", "person:hafez_assad"])
    #expect(who("George Bush met Assad.", "2005-06-01") == ["person:bush_gw", "person:assad"])
    // Neither in office: the one whose office is nearer in time.
    #expect(who("Bush spoke.", "2016-03-01") == ["person:bush_gw"])
    #expect(who("Bush spoke.", "1995-03-01") == ["person:bush_hw"])
}

@Test func formerOfficials_areEliteOfTheirState_evenAfterAnInternationalPost() {
    // In office at the UN in 2020; out of every office in 2024, after being President of Chile.
    #expect(codes("Michelle Bachelet spoke.", date: "2020-06-01") == ["IGOUNOHRIHCH"])
    #expect(codes("Michelle Bachelet spoke.", date: "2024-05-01") == ["CHLELI"])
    #expect(codes("Former president Michelle Bachelet spoke.", date: "2024-05-01") == ["CHLELI"])
    // A title naming the office once held does not make them hold it again.
    #expect(codes("President Bush spoke.", date: "2020-01-01") == ["USAELI"])
    #expect(codes("President Bush spoke.", date: "2005-01-01") == ["USAGOV"])
}
