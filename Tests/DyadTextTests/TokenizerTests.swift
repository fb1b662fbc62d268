import DyadCore
import DyadText
import Testing

let analyzer = try! TextAnalyzer.builtIn()

func tokens(_ s: String) -> [String] { analyzer.tokenizer.tokenize(s).map(\.text) }

func sentences(_ s: String) -> [String] {
    let toks = analyzer.tokenizer.tokenize(s)
    return analyzer.splitter.split(toks, in: s).map { s.scalarSlice($0.start, $0.end) }
}

@Test func tokenizer_keepsAbbreviationsInitialsAndNumbersWhole() {
    #expect(tokens("The U.S. Gen. Smith met J. Doe on Dec. 5.") == ["The", "U.S.", "Gen.", "Smith", "met", "J.", "Doe", "on", "Dec.", "5", "."])
    #expect(tokens("It cost $1,200.50 on 29/12/2023 at 10:30") == ["It", "cost", "$", "1,200.50", "on", "29/12/2023", "at", "10:30"])
    #expect(tokens("the 9M729 missile, No. 3") == ["the", "9M729", "missile", ",", "No.", "3"])
}

@Test func tokenizer_splitsPossessivesAndNegationsButKeepsNamesWhole() {
    #expect(tokens("China’s and NATO's moves") == ["China", "’s", "and", "NATO", "'s", "moves"])
    #expect(tokens("They don't agree") == ["They", "do", "n't", "agree"])
    #expect(tokens("Jean-Claude Erdoğan and O'Brien of Côte d'Ivoire") == ["Jean-Claude", "Erdoğan", "and", "O'Brien", "of", "Côte", "d'Ivoire"])
    #expect(tokens("a two-day visit — “quoted” (aside)") == ["a", "two-day", "visit", "—", "“", "quoted", "”", "(", "aside", ")"])
}

@Test func tokenizer_offsetsMapBackToTheText() {
    let text = "Xi Jinping hosted Vladimir Putin in Zhongnanhai, “a compound” — said Hua Chunying’s office. Erdoğan"
    for t in analyzer.tokenizer.tokenize(text) {
        #expect(text.scalarSlice(t.start, t.end) == t.text)
    }
}

@Test func splitter_doesNotBreakAfterTitlesOrInitials() {
    #expect(sentences("Gen. Smith met Mr. J. Doe in Washington. Then he left.") == ["Gen. Smith met Mr. J. Doe in Washington.", "Then he left."])
}

@Test func splitter_breaksAfterAmbiguousAbbreviationOnlyBeforeAnOpener() {
    #expect(sentences("Troops left the U.S. The talks ended.") == ["Troops left the U.S.", "The talks ended."])
    #expect(sentences("The U.S. Navy sailed.") == ["The U.S. Navy sailed."])
}

@Test func splitter_keepsClosingQuotesWithTheSentence() {
    let s = "He said: “This will fail. China opposes it.” Then Russia spoke."
    #expect(sentences(s) == ["He said: “This will fail.", "China opposes it.”", "Then Russia spoke."])
}

@Test func splitter_breaksAtParagraphsButJoinsWrappedLines() {
    #expect(sentences("A headline with no stop\nThe body starts here.") == ["A headline with no stop", "The body starts here."])
    #expect(sentences("the talks were held in\nthe capital on Monday.") == ["the talks were held in\nthe capital on Monday."])
}

@Test func splitter_handlesEmptyAndOneTokenTexts() {
    #expect(sentences("") == [])
    #expect(sentences("Hello") == ["Hello"])
}

@Test func phraseWords_splitLikeTheTokenizer() {
    for phrase in ["United States", "Asia-Pacific region", "People's Republic of China", "U.S. Navy", "Côte d'Ivoire", "Guinea-Bissau",
                   "Washington, D.C.", "Erdoğan", "anti- war", "Number 10", "al-Qaeda in the Islamic Maghreb"] {
        #expect(analyzer.tokenizer.phraseWords(phrase) == tokens(phrase), "\(phrase)")
    }
}

@Test func splitter_cutsARunWithNoSentenceEnd_atAClauseBreakBelowTheLimit() {
    // 2,000 words and no full stop: a list, a page without punctuation, or hostile input.
    var words: [String] = []
    for i in 0..<2000 { words.append(i % 150 == 149 ? "word\(i)," : "word\(i)") }
    let s = words.joined(separator: " ")
    let toks = analyzer.tokenizer.tokenize(s)
    let cut = analyzer.splitter.split(toks, in: s)
    #expect(cut.allSatisfy { $0.tokens.count <= SentenceSplitter.maxTokens })
    #expect(cut.count >= toks.count / SentenceSplitter.maxTokens)
    // Contiguous, every token in one sentence, and cut after a comma where one was in reach.
    #expect(cut.first?.tokens.lowerBound == 0 && cut.last?.tokens.upperBound == toks.count)
    #expect(zip(cut, cut.dropFirst()).allSatisfy { $0.tokens.upperBound == $1.tokens.lowerBound })
    #expect(cut.dropLast().allSatisfy { toks[$0.tokens.upperBound - 1].text == "," })
    // Ordinary text is untouched.
    #expect(sentences("The minister met the envoy. They talked.").count == 2)
}

@Test func tokenizer_keepsWebAndMailAddressesWholeWithoutTheirClosingPunctuation() {
    #expect(tokens("See http://www.bbc.co.uk/news/world-123. Or www.example.com, or mail john_smith@example.org now")
            == ["See", "http://www.bbc.co.uk/news/world-123", ".", "Or", "www.example.com", ",", "or", "mail", "john_smith@example.org", "now"])
    #expect(tokens("(https://t.co/x?a=1&b=2)") == ["(", "https://t.co/x?a=1&b=2", ")"])
    // Not addresses: a word before "@" with no dotted host, a bare "www", dotted abbreviations.
    #expect(tokens("meet @ noon at www or the U.S.") == ["meet", "@", "noon", "at", "www", "or", "the", "U.S."])
    let text = "Write to press@un.org, today."
    for t in analyzer.tokenizer.tokenize(text) { #expect(text.scalarSlice(t.start, t.end) == t.text) }
}

@Test func tokenizer_keepsRunsOfMarksWholeAndTheSplitterEndsSentencesAfterThem() {
    #expect(tokens("No!!! Really?! Wait ... ****** ____ ==") == ["No", "!!!", "Really", "?!", "Wait", "...", "******", "____", "=="])
    #expect(sentences("They won!!! Then they left?! Nobody knew.") == ["They won!!!", "Then they left?!", "Nobody knew."])
}
