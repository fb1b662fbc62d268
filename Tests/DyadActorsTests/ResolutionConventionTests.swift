import DyadActors
import DyadCore
import Testing

/// The first actor of the first mention of a text, as (code, sector, second sector).
func actor(_ s: String, date: String = "2024-05-16") -> (String?, String?, String?) {
    var doc = Document(id: "t", raw: s, publicationDate: CivilDate(iso: date))
    try! text.process(&doc)
    try! finder.process(&doc)
    let a = doc.mentions.first?.actors.first
    return (a?.code, a?.sector, a?.sector2)
}

@Test func defenceMinistry_isTheGovernmentFirstAndTheMilitarySecond() {
    let a = actor("Britain's Defence Ministry said it would respond.")
    #expect(a.0 == "GBRGOV")
    #expect(a.1 == "GOV" && a.2 == "MIL")
}

@Test func defenceMinisterInOffice_resolvesToTheGovernmentWithTheMilitarySecond() {
    // A deputy defence minister named with his military rank still resolves in the office's order.
    let a = actor("Colonel-General Andrei Kartapolov spoke.", date: "2020-01-01")
    #expect(a.0 == "RUSGOV" && a.2 == "MIL")
    #expect(actor("Andrei Kartapolov spoke.", date: "2023-01-01").0 == "RUSLEG")
}

@Test func titleOfANationalInstitution_takesTheInstitutionsSector() {
    #expect(actor("The president of the Riigikogu spoke.").0 == "ESTLEG")
    #expect(actor("The speaker of the Knesset spoke.").0 == "ISRLEG")
    #expect(actor("The President of the United States spoke.").0 == "USAGOV")
}

@Test func breakawayRegion_alone_isItsSovereignWithThePartiallyRecognisedSector() {
    let a = actor("Transnistria said it would hold talks.")
    #expect(a.0 == "MDA" && a.1 == "PRE")
    let b = actor("Abkhazia's authorities met.")
    #expect(b.0 == "GEOGOV" && b.2 == "PRE")
}

@Test func internationalOrganisation_takesTheFieldOfItsCAMEOCode() {
    let a = actor("The World Health Organization warned.")
    #expect(a.0 == "IGOUNOHLHWHO" && a.1 == "HLH")
    #expect(actor("NATO warned.").1 == nil)
}

@Test func paramilitaries_arePRMWithCAMEOsUAFCode() {
    let a = actor("Iraqi militias fired rockets.")
    #expect(a.0 == "IRQUAF" && a.1 == "PRM")
    let b = actor("A Somalia-based militia attacked.")
    #expect(b.0 == "SOMUAF" && b.1 == "PRM")
    #expect(actor("Unidentified gunmen attacked.").1 == "UAF")
}

@Test func membersOfAFaith_takeTheirReligionCode_clergyStayREL() {
    #expect(actor("Rakhine Buddhists protested.").0 == "MMRBUD")
    #expect(actor("French Muslim leaders protested.").0 == "FRAREL")
}

@Test func protesters_areCiviliansFirstAndOppositionSecond() {
    let a = actor("Belarusian protesters marched.")
    #expect(a.0 == "BLRCVL" && a.2 == "OPP")
    #expect(actor("Anti-government protesters marched.").1 == "OPP")
}

@Test func placeOfUnknownKind_isRejectedWithFileAndLine() {
    var k = try! KnowledgeBase.builtIn()
    #expect(throws: DataFileError(file: "places-mine.txt", line: 1, message: "unknown place kind 'town' (use city, region or breakaway)")) {
        try k.load(file: "places-mine.txt", contents: "Springfield | USA | town\n")
    }
}
