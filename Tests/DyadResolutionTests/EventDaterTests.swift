import DyadCore
import DyadResolution
import Testing

func toks(_ words: [String]) -> ArraySlice<Token> {
    var out: [Token] = []
    var pos = 0
    for w in words {
        let isNumber = w.allSatisfy { $0.isNumber || $0 == "/" }
        out.append(Token(start: pos, end: pos + w.count, text: w, kind: isNumber ? .number : .word, norm: TextFolding.fold(w)))
        pos += w.count + 1
    }
    return out[...]
}

let dater = EventDater()
let published = CivilDate(iso: "2023-12-29")!

func date(_ s: String, trigger: Int = 99) -> String? {
    let t = toks(s.split(separator: " ").map(String.init))
    return dater.date(in: t, trigger: trigger..<(trigger + 1), published: published)?.description
}

@Test func monthAndDay_takesThePublicationYear() {
    #expect(date("On December 28 , at a press conference") == "2023-12-28")
}

@Test func monthAndDay_afterPublication_isLastYear() {
    #expect(dater.date(in: toks(["On", "December", "28"]), trigger: 9..<10, published: CivilDate(iso: "2024-01-03")!)?.description == "2023-12-28")
}

@Test func fullDates_inBothOrders() {
    #expect(date("on February 2 , 2019 , alleging") == "2019-02-02")
    #expect(date("On 2 August 2019 Russia") == "2019-08-02")
}

@Test func relativeExpressions_resolveAgainstPublication() {
    #expect(date("Earlier this month , Putin") == "2023-12")
    #expect(date("last year the talks") == "2022")
    #expect(date("last month") == "2023-11")
    #expect(date("yesterday") == "2023-12-28")
    // 2023-12-29 was a Friday; "Tuesday" is the Tuesday before it.
    #expect(date("on Tuesday") == "2023-12-26")
    #expect(date("on Friday") == "2023-12-29")
    #expect(date("in 2019") == "2019")
}

@Test func nearestExpressionBeforeTheTrigger_wins() {
    // "In 2019 … on March 3 [trigger]"
    #expect(date("In 2019 they met and on March 3 signed", trigger: 8) == "2023-03-03")
}

@Test func noExpression_givesNil() {
    #expect(date("The two sides met") == nil)
}

@Test func expressionAtTheStartOfALaterSentence_isReadWithoutLookingBeforeIt() {
    // A sentence that starts with a year: the look-back for "in 2019" must stay inside the sentence.
    let all = toks(["He", "left", ".", "2019", "was", "hard", "in", "March"])
    let sentence = all[3..<8]
    #expect(dater.date(in: sentence, trigger: 4..<5, published: published) != nil)
}
