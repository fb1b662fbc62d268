import Dyad
import DyadCore
import Foundation
import Testing

let engine = try! DyadEngine()

/// Codes a short text written for these tests; returns its events.
func events(_ text: String, date: String = "2024-05-16", title: String? = nil) -> [Event] {
    try! engine.code(Document(id: "t", raw: text, title: title, publicationDate: CivilDate(iso: date))).events
}

/// "SRC CODE TGT modality" for each event, e.g. "FRA 111 DEU asserted".
func summary(_ text: String, date: String = "2024-05-16") -> [String] {
    events(text, date: date).map { "\($0.source?.code ?? "-") \($0.cameo) \($0.target?.code ?? "-") \($0.modality.rawValue)" }
}

@Test func activeVoice_subjectActsOnObject() {
    #expect(summary("France criticized Germany over the budget.") == ["FRA 111 DEU asserted"])
}

@Test func passiveVoice_swapsSourceAndTarget() {
    #expect(summary("Germany was criticized by France over the budget.") == ["FRA 111 DEU asserted"])
}

@Test func will_makesAnIntention_withThe03Code() {
    #expect(summary("Spain will send aid to Morocco.") == ["ESP 033 MAR intended"])
    #expect(summary("Spain sent aid to Morocco.") == ["ESP 070 MAR asserted"])
}

@Test func negation_isNeverAsserted() {
    #expect(summary("Japan did not attack China.") == ["JPN 190 CHN negated"])
}

@Test func conditional_isHypothetical() {
    #expect(summary("If Iran attacks Israel, the region will suffer.") == ["IRN 190 ISR hypothetical"])
}

@Test func reportedSpeech_keepsTheSpeakerApartFromTheActor() throws {
    let e = try #require(events("Canada said Mexico will cooperate with Brazil on trade.").first)
    #expect(e.speaker?.code == "CAN")
    #expect(e.source?.code == "MEX")
    #expect(e.target?.code == "BRA")
    #expect(e.cameo.rawValue == "0311")
    #expect(e.modality == .intended)
}

@Test func speakerWithoutOwnSubject_isTheActor() {
    #expect(summary("Egypt said it is willing to work with Jordan.") == ["EGY 030 JOR intended"])
}

@Test func jointActor_givesOneEventPerMember_andActsOnEachOther() {
    #expect(summary("Peru and Chile signed a trade agreement.") == ["PER 057 CHL asserted", "CHL 057 PER asserted"])
    #expect(Set(summary("Peru and Chile criticized Bolivia.")) == ["PER 111 BOL asserted", "CHL 111 BOL asserted"])
}

@Test func coordinatedVerbs_shareTheirSubject() {
    #expect(summary("Greece praised Cyprus and criticized Turkey.") == ["GRC 051 CYP asserted", "GRC 111 TUR asserted"])
}

@Test func participleClause_takesTheMainSubject() {
    #expect(summary("Poland closed the border, accusing Belarus of provocations.") == ["POL 1123 BLR asserted"])
}

@Test func relativeClause_takesItsAntecedent() {
    #expect(summary("They welcomed Vladimir Putin, who is on a state visit to India.").contains("RUSGOV 042 IND asserted"))
}

@Test func withPartner_isTheTarget() {
    #expect(summary("India will work with Japan on defense.") == ["IND 0312 JPN intended"])
}

@Test func noTargetNamed_givesANullTarget() {
    #expect(summary("Russia criticized the decision.") == ["RUS 111 - asserted"])
}

@Test func topicIsNotATarget() {
    #expect(summary("Xi Jinping and Vladimir Putin had an exchange of views on Ukraine.") == ["CHNGOV 040 RUSGOV asserted", "RUSGOV 040 CHNGOV asserted"])
}

@Test func evaluationBySpeaker_targetsTheSubjectOfTheClause() {
    #expect(Set(summary("Brazil said that the Argentine and Uruguayan policies had a negative impact on trade.")) == ["BRA 111 ARG asserted", "BRA 111 URY asserted"])
}

@Test func oneEventPerPairAndCode_perSentence() {
    #expect(summary("Chile criticized Peru and condemned Peru again.") == ["CHL 111 PER asserted"])
}

@Test func headlineRestatingABodyEvent_isMergedIntoIt() {
    let es = events("Norway praised Sweden for its help on Monday.", title: "Norway praises Sweden")
    #expect(es.count == 1)
    #expect(es[0].inHeadline)
    #expect(es[0].sentenceIndex == 0)
}

@Test func eventIds_areStableAndDistinct() {
    let a = events("Peru and Chile signed a trade agreement.")
    let b = events("Peru and Chile signed a trade agreement.")
    #expect(a.map(\.id) == b.map(\.id))
    #expect(Set(a.map(\.id)).count == a.count)
}

@Test func eventDates_comeFromTheSentence() {
    let e = events("On March 3, Chile criticized Peru.", date: "2024-05-16")
    #expect(e.first?.date?.description == "2024-03-03")
    let f = events("Chile criticized Peru.", date: "2024-05-16")
    #expect(f.first?.date?.description == "2024-05-16")
}

@Test func everyEvent_carriesCodesAndEvidenceThatPointIntoTheText() throws {
    let text = "Beijing and Moscow will deepen military cooperation."
    let doc = try engine.code(Document(id: "t", raw: text, publicationDate: CivilDate(iso: "2024-05-16")))
    for e in doc.events {
        #expect(e.goldstein > 0)
        #expect(e.quadClass == .verbalCooperation)
        #expect(e.plover?.event == "AGREE")
        #expect(e.plover?.context == ["military"])
        #expect(doc.text.scalarSlice(e.evidence.charStart, e.evidence.charEnd).hasPrefix("Beijing and Moscow"))
        #expect(e.evidence.rule == "coop.strengthen")
    }
}

@Test func userPatternFile_errorsNameTheFileAndLine() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-patterns-\(UUID().uuidString).txt").path
    try "# mine\nmine.ok | 111 | +scold | to=object\nmine.bad | 9?9 | +scold\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
        _ = try DyadEngine(options: EngineOptions(verbFiles: [path]))
        Issue.record("a bad pattern file was accepted")
    } catch {
        #expect("\(error)".contains("\(path):3:"))
    }
    #expect(throws: EngineError.self) { try DyadEngine(options: EngineOptions(verbFiles: ["/nonexistent/patterns.txt"])) }
}

@Test func userPatternFile_addsAnEvent() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("patterns-\(UUID().uuidString).txt").path
    try "mine.upbraid | 111 | +upbraid | to=object\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let mine = try DyadEngine(options: EngineOptions(verbFiles: [path]))
    let doc = try mine.code(Document(id: "t", raw: "Chile upbraided Peru.", publicationDate: CivilDate(iso: "2024-05-16")))
    #expect(doc.events.map(\.evidence.rule) == ["mine.upbraid"])
    #expect(events("Chile upbraided Peru.").isEmpty)
}

@Test func accusationOfAnAct_targetsTheAccused() {
    #expect(summary("Chile accused Peru of breaking the treaty.") == ["CHL 112 PER asserted"])
}

@Test func actAskedOfTheAppealedTo_isTheirs_andNotAsserted() {
    let s = summary("France urged Germany to release the prisoners.")
    #expect(s.contains("DEU 0841 - hypothetical"))
    #expect(!s.contains { $0.hasPrefix("FRA 0841") })
}

@Test func byPhraseOfANominalTrigger_namesItsActor() {
    #expect(summary("Kenya condemned the attack on Uganda by Somalia.").contains("SOM 190 UGA asserted"))
    #expect(summary("Five soldiers died in a bombing by Somalia.") == ["SOM 183 - asserted"])
}

@Test func hostingWithoutAGuest_isNoEvent() {
    #expect(summary("Turkey hosted talks on Monday.").isEmpty)
    #expect(summary("Turkey hosted Greece on Monday.") == ["TUR 043 GRC asserted"])
}

@Test func releaseOfANamedActor_isAYield_butAReportIsNot() {
    #expect(summary("Kenya released Ugandan President Yoweri Museveni.") == ["KEN 0841 UGAGOV asserted"])
    #expect(summary("Kenya released a report.").isEmpty)
}

@Test func actorsOfOneStateWithDifferentRoles_actOnEachOther_butNotOnTheirOwnState() {
    #expect(summary("The Afghan government declared a ceasefire with the Taliban.") == ["AFGGOV 0871 AFGGOVTAL asserted"])
    // A verbal act on its own state is still the government's act, with no other actor as its target.
    #expect(summary("The Canadian government praised Canada.") == ["CANGOV 051 - asserted"])
}

@Test func yieldThatIsNotMade_isARefusalToYield() {
    #expect(summary("Britain will not lift the ban on Chile.") == ["GBR 1241 CHL asserted"])
}

@Test func mustInReportedSpeech_isTheSpeakersDemand_notTheSubjectsAct() {
    #expect(summary("Russia said Sudan must release the pilots.") == ["RUS 1053 SDN asserted"])
    #expect(summary("Sudan released the pilots.") == ["SDN 0841 - asserted"])
}

@Test func verbAndNounTriggersOfEqualLength_theVerbGovernsTheNoun() {
    #expect(summary("Canada suspended aid to Peru.") == ["CAN 162 PER asserted"])
}

@Test func quantityBeforeTheObject_doesNotHideIt() {
    #expect(summary("Chilean soldiers tortured scores of Peruvian refugees.") == ["CHLMIL 1822 PERREF asserted"])
}

@Test func actUnderConsideration_isHypothetical() {
    #expect(summary("Japan is considering sending aid to Peru.") == ["JPN 014 - asserted", "JPN 070 PER hypothetical"])
}

@Test func membersOfABody_actAsThatBody() {
    #expect(summary("Members of the Security Council condemned Peru.") == ["IGOUNOSEC 111 PER asserted"])
}

@Test func denial_isItsOwnModality() {
    #expect(summary("Iran denied that it had attacked Iraq.") == ["IRN 190 IRQ denied"])
}

@Test func appositionWithATitle_givesThePersonsOffice() {
    #expect(summary("Sergey Lavrov, the Russian foreign minister, met Wang Yi in Beijing.") == ["RUSGOV 040 CHNGOV asserted"])
}

@Test func coordinatedTargets_giveOneEventEach() {
    #expect(summary("Chile criticized Peru and Bolivia over the border.") == ["CHL 111 PER asserted", "CHL 111 BOL asserted"])
}

@Test func raising_readyToWorkWith_isAnIntentionOfTheSubject() {
    #expect(summary("China appears ready to work with Russia.") == ["CHN 030 RUS intended"])
}

@Test func placeOfAMaterialAct_isItsTarget_whenNoneIsNamed() {
    // A town named by its kind and its region: the state it is in.
    #expect(summary("Kenyan police imposed a curfew in the town of Kisumu in western Kenya.") == ["KENCOP 1723 KEN asserted"])
    #expect(summary("The Peruvian army strengthened its forces in Bolivia.") == ["PERMIL 154 BOL asserted"])
    // A seat of government taken as a place is its state, not the government acting on itself.
    #expect(summary("President Ruto will extend the curfew in Nairobi.") == ["KENGOV 137 KEN intended"])
    // No place named: no target guessed; a nationality before another noun is no place.
    #expect(summary("Kenya imposed a curfew in response to recent unrest in the capital.") == ["KEN 1723 - asserted"])
    #expect(summary("Kenyan police arrested protesters in the Palestinian uprising.") == ["KENCOP 173 - asserted"])
}

@Test func peopleOfAnotherState_areAnEthnicGroupOfThatState() {
    #expect(summary("The Hungarians of northern Romania are demanding autonomy from Romanian authorities.") == ["ROMETH 100 ROMGOV asserted"])
}

@Test func engagedIn_isNoPassive() {
    #expect(summary("Chilean troops were engaged in fighting in Argentina.") == ["CHLMIL 190 ARG asserted"])
}

@Test func jointActorOfAWithPartnerVerb_actsOnItsMembers() {
    #expect(summary("Chile and the Argentines failed to reach agreement on the border.") == ["CHL 164 ARG asserted", "ARG 164 CHL asserted"])
}

@Test func reporterAfterAComma_isNoObject() {
    #expect(summary("Peruvian troops shelled the town, killing 12, Bolivian military sources said.") == ["PERMIL 194 - asserted", "PERMIL 18 - asserted"])
}

@Test func possessorBeforeTheActor_doesNotHideIt() {
    #expect(summary("Activists from the Kenyan opposition staged rallies in Nairobi against the party's leader William Ruto.").contains("KENCVL 141 KENGOV asserted"))
}

@Test func agentLoyalToAState_actsForIt() {
    // A paramilitary's CAMEO role is UAF (PRM is the PLOVER sector), as the knowledge base codes "Chilean militias".
    #expect(summary("Militias loyal to Chile attacked Peruvian troops.") == ["CHLUAF 190 PERMIL asserted"])
}

@Test func threatenedAct_isAThreat_andTheCauseHasNoActorFromTheClause() {
    // "threatened to shell" is a threat, not a shelling; the air raid it answers happened, by nobody named.
    #expect(summary("Peru threatened to shell Chilean towns in retaliation for an air raid on Lima.") == ["PER 138 CHL asserted", "- 195 PERGOV asserted"])
}

@Test func rejectedProposal_targetsWhoeverMadeIt() {
    #expect(summary("Chile rejected calls by Peru for economic aid.") == ["CHL 1221 PER asserted"])
    #expect(summary("Chile refused to respond to a demand from the Peruvian president.") == ["CHL 120 PERGOV asserted"])
    #expect(summary("Bolivia received a mission of observers from the OSCE.") == ["BOL 0862 IGOEURSCE asserted"])
}

@Test func uncodedObject_takesTheBodyNamedAfterIt() {
    #expect(summary("Chilean authorities pressured workers of the National Bus Company of Peru to end the strike.").first == "CHLGOV 1052 PERLAB asserted")
}

@Test func protestAndDisapproval_nameWhatTheyAreAgainst() {
    #expect(summary("Demonstrators blocked a road to show their disapproval of Chile.") == ["- 111 CHL asserted"])
    #expect(summary("Protesters blocked streets in Lima in defiance of Chilean authorities.").contains("- 140 CHLGOV asserted"))
    #expect(summary("President Boric reneged on his promise to the Chilean people.") == ["CHLGOV 120 CHLCVL asserted"])
}

@Test func whereClauseAndNounRiots_giveNoActorsFromTheMainClause() {
    // The killings in the "where" clause are not Chile's, and "riots" after an adjective is a noun.
    #expect(summary("Chile lifted the curfew in Peru where 28 people have been killed in ethnic riots this year.") == ["CHL 0813 PER asserted"])
}

@Test func reporterWithAParenthesisOrAPlace_isNoObject() {
    #expect(summary("Chilean troops tortured Peruvian refugees, whom officials blame for the violence, Human Rights Watch (HRW) said.")
        == ["CHLMIL 1822 PERREF asserted", "CHLMIL 112 - asserted"])
    #expect(summary("Peruvian rebels shelled the capital, killing 20 people, relief officials in Santiago said.")
        == ["PERREB 194 - asserted", "PERREB 18 - asserted"])
}

@Test func infinitiveOfPurpose_isTheClauseSubjectsAct() {
    // "to demand" completes "would blockade", whose subject reports it: not Lima's demand.
    #expect(summary("Radical Chilean farmers said on Friday they would blockade Lima from Monday night to demand an end to Peruvian tariffs.")
        == ["CHLAGR 1381 PERGOV intended", "CHLAGR 100 - hypothetical"])
}

@Test func infinitiveClosingARelativeClause_completesTheVerb() {
    // The parser may hang "to return" on "lived", inside the relative clause; it completes "allow".
    #expect(summary("Chile will allow 5,000 Peruvian refugees who have lived in Bolivia for over a decade to return home.")
        == ["CHL 0343 PERREF intended"])
    #expect(summary("Bolivia allowed the miners who had fled to Chile last year to return.") == ["BOL 081 - asserted"])
}

@Test func agentBasedInAState_actsForIt_andACapitalCityIsAPlace() {
    #expect(summary("Rebels based in Chile attacked Peruvian troops.") == ["CHLREB 190 PERMIL asserted"])
    #expect(summary("Chilean farmers blocked roads in the capital city of Lima.") == ["CHLAGR 144 PER asserted"])
}

@Test func ethnicGroup_isAMinorityOfTheStateTheSentenceNames() {
    #expect(summary("Chilean troops killed three ethnic Peruvians in a gunbattle in northern Bolivia.") == ["CHLMIL 18 BOLETH asserted"])
    #expect(summary("Ethnic Hungarians protested against Romanian authorities.") == ["ROMETH 141 ROMGOV asserted"])
}

@Test func nationalityAndAgent_joinAcrossAQualifyingWord() {
    #expect(summary("Bangladeshi peacekeeping troops arrived in Sierra Leone.") == ["BGDMIL 042 SLE asserted"])
}

@Test func agentAfterAPossessive_belongsToTheActorNamedBefore() {
    #expect(summary("Chile said its troops attacked Peruvian rebels.") == ["CHLMIL 190 PERREB asserted"])
    // "Bosnian Serbs" are a people of Bosnia; "their forces" are theirs.
    #expect(summary("Bosnian Serbs said their forces had completed their withdrawal from Gorazde.") == ["BIHMIL 0874 - asserted"])
}

@Test func unknownNamedPerson_isStillTheSubject() {
    // Nobody the knowledge base knows expelled them: no actor from further back is taken for the expulsion.
    #expect(summary("Chile paid compensation to Peruvian nationals for assets they lost when former dictator Juan Perales expelled them.")
        == ["CHL 080 PER asserted"])
}

@Test func orderToAppear_isADemand_butInOrderToIsNot() {
    #expect(summary("A Chilean judge ordered former president Carlos Menem to appear for questioning.", date: "2010-05-16")
        == ["CHLJUD 100 ARGELI asserted"])
    #expect(!summary("Chile sent troops in order to help Peru.").contains { $0.contains(" 100 ") })
}

@Test func titleAndAFirstNameTheKnowledgeBaseLacks_joinTheKnownPerson() {
    let e = events("President Omar El Bashir lifted the curfew.", date: "2010-05-16")
    #expect(e.map { "\($0.source?.code ?? "-") \($0.cameo)" } == ["SDNGOV 0813"])
    #expect(e.first?.source?.name == "Omar al-Bashir")
}

@Test func nationalsInAnotherState_keepTheirState() {
    #expect(summary("Americans in Iraq protested against the Iraqi government.") == ["USA 141 IRQGOV asserted"])
}

@Test func sportsStory_givesNoEvents_butOneSportsWordChangesNothing() {
    // Three different words of off-topic.txt: a match report, whose "beat" and "attacked" are games.
    #expect(summary("Chile beat Peru 2-1 in the World Cup quarter-final. The Chilean striker attacked from the left.").isEmpty)
    #expect(summary("Chile criticized Peru over the World Cup.") == ["CHL 111 PER asserted"])
}

@Test func phoning_needsSomeoneCalled() {
    #expect(summary("Chileans lose their mobile phones more often than Peruvians.").isEmpty)
    #expect(summary("Chile phoned Peru on Monday.") == ["CHL 041 PER asserted"])
}
