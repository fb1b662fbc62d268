@testable import DyadCoding
import DyadCore
import Testing

// A person named after a title of their state: which actor the phrase names when the parser heads
// it on the name. Built by hand, so that the test does not depend on how a model parses it.

/// "Valdoria Chancellor Orventis greeted …" parsed with the name as the head: "Valdoria
/// Chancellor" (one mention, VALGOV) is a compound of "Orventis" (a mention coded with the state
/// only, VAL).
private func titledView(nameSector: String? = nil, titleCountry: String = "VAL") -> EventCoder.SentenceView {
    let words: [(String, String, Int?, String)] = [
        ("Valdoria", "PROPN", 2, "compound"), ("Chancellor", "PROPN", 0, "flat"), ("Orventis", "PROPN", 3, "nsubj"),
        ("greeted", "VERB", nil, "root"), ("Kestria", "PROPN", 3, "obj"),
    ]
    var tokens: [Token] = []
    var offset = 0
    for (text, upos, head, deprel) in words {
        var t = Token(start: offset, end: offset + text.count, text: text, kind: .word, norm: text.lowercased())
        t.upos = upos
        t.head = head
        t.deprel = deprel
        tokens.append(t)
        offset += text.count + 1
    }
    let title = ActorMention(tokens: 0..<2, start: 0, end: 19, text: "Valdoria Chancellor",
                             actors: [ActorRef(text: "Valdoria Chancellor", code: titleCountry + "GOV", country: titleCountry, sector: "GOV")])
    let name = ActorMention(tokens: 2..<3, start: 20, end: 28, text: "Orventis",
                            actors: [ActorRef(text: "Orventis", code: nameSector.map { "VAL" + $0 } ?? "VAL", country: "VAL", sector: nameSector)])
    let target = ActorMention(tokens: 4..<5, start: 37, end: 44, text: "Kestria", actors: [ActorRef(text: "Kestria", code: "KES", country: "KES", sector: nil)])
    return EventCoder.SentenceView(tokens: tokens[...], mentions: [title, name, target], text: "Valdoria Chancellor Orventis greeted Kestria",
                                   sentenceStart: 0)
}

@Test func aTitleBeforeAStateOnlyName_givesTheSector() throws {
    let coder = EventCoder(patterns: try PatternDictionary.builtIn(), lexicon: try ClauseLexicon.builtIn(), cameo: try CAMEOTable.builtIn())
    let v = titledView()
    // Both ways the coder reads a subject phrase take the title's actor.
    #expect(coder.mention(headedBy: 2, v)?.actors.first?.code == "VALGOV")
    #expect(coder.actorOfPhrase(headedBy: 2, v)?.actors.first?.code == "VALGOV")
    // A name that already has a sector keeps it; a title of another state does not apply.
    #expect(coder.mention(headedBy: 2, titledView(nameSector: "MIL"))?.actors.first?.code == "VALMIL")
    #expect(coder.mention(headedBy: 2, titledView(titleCountry: "KES"))?.actors.first?.code == "VAL")
    // The target, with no title before it, is itself.
    #expect(coder.mention(headedBy: 4, v)?.actors.first?.code == "KES")
}
