import Foundation
import DyadCore
import DyadText
import Testing
@testable import DyadSyntax

/// The committed models, loaded once for the whole suite.
let analyzer: SyntaxAnalyzer = try! SyntaxAnalyzer.builtIn()
let textAnalyzer: TextAnalyzer = try! TextAnalyzer.builtIn()

/// Runs the text stage and the syntax stage over a text.
func analyze(_ text: String) throws -> Document {
    var doc = Document(id: "test", raw: text)
    try textAnalyzer.process(&doc)
    try analyzer.process(&doc)
    return doc
}

/// A word of the analysed document by its text (the first one with it after `after`).
struct Word {
    let doc: Document
    let index: Int
    var token: Token { doc.tokens[index] }
    var head: String? { token.head.map { doc.tokens[$0].text } }
    var deprel: String? { token.deprel }
}

extension Document {
    func word(_ text: String) -> Word {
        Word(doc: self, index: tokens.firstIndex { $0.text == text }!)
    }
}

@Test func passive_subjectIsPassiveAndAgentAttachesToVerb() throws {
    let d = try analyze("The treaty was signed by Russia in 2019.")
    #expect(d.word("treaty").deprel == "nsubj:pass")
    #expect(d.word("treaty").head == "signed")
    #expect(d.word("was").deprel == "aux:pass")
    #expect(d.word("Russia").head == "signed")
    #expect(d.word("Russia").deprel?.hasPrefix("obl") == true)
    #expect(d.word("signed").deprel == "root")
    #expect(d.word("signed").token.lemma == "sign")
}

@Test func coordination_secondConjunctAttachesToFirst() throws {
    let d = try analyze("Russia and China signed a new agreement.")
    #expect(d.word("Russia").deprel == "nsubj")
    #expect(d.word("Russia").head == "signed")
    #expect(d.word("China").deprel == "conj")
    #expect(d.word("China").head == "Russia")
    #expect(d.word("and").deprel == "cc")
    #expect(d.word("agreement").deprel == "obj")
}

@Test func control_infinitiveIsOpenComplementOfAdjective() throws {
    let d = try analyze("China is willing to work with Russia.")
    #expect(d.word("willing").deprel == "root")
    #expect(d.word("China").head == "willing")
    #expect(d.word("China").deprel == "nsubj")
    #expect(d.word("work").head == "willing")
    #expect(d.word("work").deprel == "xcomp")
    #expect(d.word("Russia").head == "work")
    #expect(d.word("Russia").deprel == "obl")
}

@Test func relativeClause_attachesToItsNoun() throws {
    let d = try analyze("The envoy who led the talks said nothing.")
    #expect(d.word("led").deprel == "acl:relcl")
    #expect(d.word("led").head == "envoy")
    #expect(d.word("who").head == "led")
    #expect(d.word("who").deprel == "nsubj")
    // A garden path for the greedy parser: since the tag-pair and label features (docs/SYNTAX.md,
    // Limits) it takes "the talks" as the subject of "said". Remove the marker when a model gets it.
    withKnownIssue("greedy garden path: 'talks' taken as the subject of 'said'") {
        #expect(d.word("talks").head == "led")
    }
    #expect(d.word("envoy").deprel == "nsubj")
    #expect(d.word("envoy").head == "said")
    #expect(d.word("said").deprel == "root")
}

@Test func reportedSpeech_clauseIsComplementOfSaid() throws {
    let d = try analyze("The ministry said that Iran had attacked the tanker.")
    #expect(d.word("said").deprel == "root")
    #expect(d.word("said").token.lemma == "say")
    #expect(d.word("attacked").head == "said")
    #expect(d.word("attacked").deprel == "ccomp")
    #expect(d.word("Iran").head == "attacked")
    #expect(d.word("Iran").deprel == "nsubj")
    #expect(d.word("tanker").deprel == "obj")
}

@Test func longSentence_isOneTreeWithOneRoot() throws {
    let text = """
        The foreign ministers of France, Germany and the United Kingdom, who met in Brussels on Monday \
        after weeks of talks with their counterparts from Washington, said in a joint statement that \
        they would continue to support the negotiations and urged both sides to refrain from any action \
        that could escalate the crisis in the region.
        """
    let d = try analyze(text)
    #expect(d.sentences.count == 1)
    let tokens = d.tokens
    #expect(tokens.count > 50)
    #expect(tokens.filter { $0.deprel == "root" }.count == 1)
    #expect(tokens.filter { $0.head == nil }.count == 1)
    for (i, t) in tokens.enumerated() {
        // Following heads from any word reaches the root without a cycle.
        var h = t.head, steps = 0
        while let next = h, steps <= tokens.count { h = tokens[next].head; steps += 1 }
        #expect(steps <= tokens.count, "cycle through word \(i)")
        #expect(t.upos != nil && t.xpos != nil && t.lemma != nil && t.deprel != nil)
    }
    #expect(d.word("said").deprel == "root")
    #expect(d.word("ministers").head == "said")
    #expect(d.word("met").token.lemma == "meet")
}

@Test func oneTokenSentence_isItsOwnRoot() throws {
    let d = try analyze("Hello")
    #expect(d.tokens.count == 1)
    #expect(d.tokens[0].deprel == "root")
    #expect(d.tokens[0].head == nil)
    #expect(d.tokens[0].upos != nil)
}

@Test func emptyDocument_staysEmpty() throws {
    let d = try analyze("")
    #expect(d.tokens.isEmpty)
    #expect(analyzer.analyze([]) == AnalyzedSentence(upos: [], xpos: [], lemmas: [], heads: [], deprels: []))
}

/// Sentences go through the stages in batches of at most `batchWords` words; a longer sentence
/// goes alone.
@Test func batches_groupSentencesUpToTheWordLimit() {
    let limit = SyntaxAnalyzer.batchWords
    #expect(SyntaxAnalyzer.batches(wordCounts: []) == [])
    #expect(SyntaxAnalyzer.batches(wordCounts: [3, 0, 5]) == [0..<3])
    #expect(SyntaxAnalyzer.batches(wordCounts: [limit - 10, 10, 1]) == [0..<2, 2..<3])
    #expect(SyntaxAnalyzer.batches(wordCounts: [5, limit + 1, 5]) == [0..<1, 1..<2, 2..<3])
}

/// Tagging, then parsing, a whole batch stage by stage gives each sentence the analysis it gets
/// alone, in order, across batch boundaries and past empty sentences.
@Test func batch_givesEachSentenceTheAnalysisItGetsAlone() throws {
    let d = try analyze("The treaty was signed by Russia in 2019. Officials said they would meet again. Hello")
    let one = d.sentences.map { d.tokens[$0.tokens].map(\.text) }
    #expect(one.count == 3)
    var sentences: [[String]] = []
    while sentences.reduce(0, { $0 + $1.count }) <= SyntaxAnalyzer.batchWords { sentences += one + [[]] }
    #expect(SyntaxAnalyzer.batches(wordCounts: sentences.map(\.count)).count == 2)
    let batched = analyzer.analyze(batch: sentences)
    #expect(batched.count == sentences.count)
    for (words, a) in zip(sentences, batched) { #expect(a == analyzer.analyze(words)) }
    // The pipeline component gives the document what the batch gives its sentences.
    #expect(d.sentences.map { s in d.tokens[s.tokens].map { $0.deprel ?? "" } } == batched.prefix(3).map(\.deprels))
}

@Test(arguments: [
    ("said", "VERB", "VBD", "say"), ("met", "VERB", "VBD", "meet"), ("allies", "NOUN", "NNS", "ally"),
    ("crises", "NOUN", "NNS", "crisis"), ("was", "AUX", "VBD", "be"), ("countries", "NOUN", "NNS", "country"),
    ("attacked", "VERB", "VBD", "attack"), ("stopped", "VERB", "VBD", "stop"), ("moving", "VERB", "VBG", "move"),
    ("Talks", "NOUN", "NNS", "talk"), ("fled", "VERB", "VBD", "flee"), ("bigger", "ADJ", "JJR", "big"),
    ("Ukrainians", "PROPN", "NNPS", "Ukrainian"), ("Brussels", "PROPN", "NNP", "Brussels"), ("n't", "PART", "RB", "not"),
])
func lemma_irregularAndRegularForms(form: String, upos: String, xpos: String, lemma: String) {
    #expect(analyzer.tagger.lemmatizer.lemma(form, upos: upos, xpos: xpos) == lemma)
}

@Test func lemma_inContext() throws {
    let d = try analyze("The allies met in Geneva and said the crises were over.")
    #expect(d.word("allies").token.lemma == "ally")
    #expect(d.word("met").token.lemma == "meet")
    #expect(d.word("said").token.lemma == "say")
    #expect(d.word("crises").token.lemma == "crisis")
    #expect(d.word("were").token.lemma == "be")
    #expect(d.word("Geneva").token.lemma == "Geneva")
}

@Test func models_roundTripGivesIdenticalBytesAndPredictions() throws {
    let taggerBytes = analyzer.tagger.serialized()
    let parserBytes = analyzer.parser.serialized()
    let tagger = try POSTagger(bytes: taggerBytes, name: "tagger")
    let parser = try DependencyParser(bytes: parserBytes, name: "parser")
    #expect(tagger.serialized() == taggerBytes)
    #expect(parser.serialized() == parserBytes)
    let copy = SyntaxAnalyzer(tagger: tagger.with(lemmatizer: analyzer.tagger.lemmatizer), parser: parser)
    for s in ["Iran denied that it had seized the ship.", "NATO allies pledged more aid to Kyiv on Tuesday.", "Hello"] {
        let words = textAnalyzer.tokenizer.tokenize(s).map(\.text)
        #expect(copy.analyze(words) == analyzer.analyze(words))
    }
}

@Test func modelFiles_areMappedAndReadAsTheirBytes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-model-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let taggerBytes = analyzer.tagger.serialized(), parserBytes = analyzer.parser.serialized()
    let taggerPath = dir.appendingPathComponent("tagger.model").path, parserPath = dir.appendingPathComponent("parser.model").path
    #expect(FileManager.default.createFile(atPath: taggerPath, contents: Data(taggerBytes)))
    #expect(FileManager.default.createFile(atPath: parserPath, contents: Data(parserBytes)))
    // The mapped file gives back every byte, and the models read from paths are the same models.
    let mapped = try ModelBytes(path: parserPath)
    withExtendedLifetime(mapped) { #expect(Array(mapped.buffer) == parserBytes) }
    let loaded = try SyntaxAnalyzer.load(taggerPath: taggerPath, parserPath: parserPath)
    #expect(loaded.tagger.serialized() == taggerBytes)
    #expect(loaded.parser.serialized() == parserBytes)
    // Missing, empty and cut files are refused with the file's name.
    #expect(throws: SyntaxError.unreadable(path: dir.appendingPathComponent("none").path)) {
        try DependencyParser(path: dir.appendingPathComponent("none").path)
    }
    let empty = dir.appendingPathComponent("empty.model").path
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    #expect(try ModelBytes(path: empty).buffer.count == 0)
    #expect(throws: SyntaxError.badModel(file: empty, reason: "file ends early")) { try POSTagger(path: empty) }
    let cut = dir.appendingPathComponent("cut.model").path
    #expect(FileManager.default.createFile(atPath: cut, contents: Data(parserBytes.prefix(parserBytes.count / 2))))
    do {
        _ = try DependencyParser(path: cut)
        Issue.record("a cut model file was accepted")
    } catch let SyntaxError.badModel(file, _) {
        #expect(file == cut)
    }
}

@Test func modelsLoadedByPath_takeTheBundledLemmaExceptions() throws {
    // The shipped model files, given by path, lemmatize as the built-in models do: "swore" and
    // "bases" come from lemma-exceptions.txt, not from the lexicon learned from the treebank.
    let byPath = try SyntaxAnalyzer.load(taggerPath: SyntaxAnalyzer.resourcePath("tagger.model"),
                                         parserPath: SyntaxAnalyzer.resourcePath("parser.model"))
    let words = ["The", "minister", "swore", "that", "the", "bases", "would", "close", "."]
    let built = analyzer.analyze(words)
    #expect(built.lemmas[2] == "swear" && built.lemmas[5] == "base")
    #expect(byPath.analyze(words) == built)
}

@Test func damagedModel_isRejectedWithAReason() {
    var bytes = analyzer.parser.serialized()
    bytes.removeLast(bytes.count / 2)
    #expect(throws: SyntaxError.self) { try DependencyParser(bytes: bytes, name: "parser.model") }
    #expect(throws: SyntaxError.self) { try POSTagger(bytes: Array("not a model".utf8), name: "x") }
}

@Test func component_declaresSyntaxAndHeadsIndexTheDocument() throws {
    #expect(analyzer.requires == [.tokens, .sentences])
    #expect(analyzer.provides == [.syntax])
    let d = try analyze("Iran protested. Germany summoned the ambassador.")
    #expect(d.sentences.count == 2)
    let summoned = d.tokens.firstIndex { $0.text == "summoned" }!
    #expect(d.word("Germany").token.head == summoned)
    #expect(d.word("ambassador").token.head == summoned)
}

@Test func conllu_skipsMultiwordTokensAndEmptyNodes() throws {
    let text = """
        # text = Don't go
        1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
        1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_
        2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_
        2.1\tx\tx\tX\tX\t_\t_\t_\t_\t_
        3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_

        """
    let s = try CoNLLU.parse(text)
    #expect(s.count == 1)
    #expect(s[0].forms == ["Do", "n't", "go"])
    #expect(s[0].heads == [3, 3, 0])
    #expect(s[0].comments == ["# text = Don't go"])
    #expect(throws: SyntaxError.self) { try CoNLLU.parse("1\tbad line\n") }
    // The same file saved with Windows line ends reads the same (not as one long line).
    let w = try CoNLLU.parse(text.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(w.count == 1 && w[0].forms == s[0].forms && w[0].heads == s[0].heads && w[0].deprels == s[0].deprels && w[0].comments == s[0].comments)
}

/// A three-sentence treebank small enough to train on inside a test.
let tinyTreebank = """
    1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
    2\tseized\tseize\tVERB\tVBD\t_\t0\troot\t_\t_
    3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
    4\tship\tship\tNOUN\tNN\t_\t2\tobj\t_\t_
    5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

    1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
    2\tenvoy\tenvoy\tNOUN\tNN\t_\t3\tnsubj\t_\t_
    3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
    4\tRussia\tRussia\tPROPN\tNNP\t_\t3\tobj\t_\t_
    5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

    1\tChina\tChina\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
    2\tsigned\tsign\tVERB\tVBD\t_\t0\troot\t_\t_
    3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
    4\tdeal\tdeal\tNOUN\tNN\t_\t2\tobj\t_\t_
    5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

    """

@Test func training_severalRunsWithOneSeedGiveIdenticalModelsThatFitTheData() throws {
    let sentences = try CoNLLU.parse(tinyTreebank)
    let tagOptions = POSTagger.TrainingOptions(epochs: 5, seed: 3, prune: 1, runs: 2)
    let tagger = POSTagger.train(sentences, options: tagOptions)
    #expect(POSTagger.train(sentences, options: tagOptions).serialized() == tagger.serialized())
    let tags = SyntaxTraining.jackknifedTags(sentences, folds: 1, options: tagOptions)
    #expect(tags[0] == ["PROPN\tNNP", "VERB\tVBD", "DET\tDT", "NOUN\tNN", "PUNCT\t."])
    let parseOptions = DependencyParser.TrainingOptions(epochs: 8, seed: 3, prune: 1, runs: 3)
    let parser = DependencyParser.train(sentences, tags: tags, options: parseOptions)
    #expect(DependencyParser.train(sentences, tags: tags, options: parseOptions).serialized() == parser.serialized())
    let model = SyntaxAnalyzer(tagger: tagger, parser: parser)
    for s in sentences {
        let a = model.analyze(s.forms)
        #expect(a.upos == s.upos)
        #expect(a.heads.map { $0 + 1 } == s.heads)
        #expect(a.deprels == s.deprels)
    }
}

/// Supertags: each word's relation and the side its head is on, predicted before parsing; a
/// parser trained with them keeps its supertagger in its model file (DYADPAR3) and reads its
/// supertags, while a parser without them still writes and reads DYADPAR2.
@Test func supertags_areRelationAndHeadSideAndTrainIntoTheParserModel() throws {
    let sentences = try CoNLLU.parse(tinyTreebank)
    #expect(Supertagger.gold(sentences[0]) == ["nsubj>", "root", "det>", "obj<", "punct<"])
    let tagOptions = POSTagger.TrainingOptions(epochs: 5, seed: 3, prune: 1, runs: 2)
    let tagger = POSTagger.train(sentences, options: tagOptions)
    let tags = SyntaxTraining.jackknifedTags(sentences, folds: 1, options: tagOptions)
    #expect(Supertagger.jackknifed(sentences, tags: tags, folds: 1, options: tagOptions) == sentences.map(Supertagger.gold))
    let supertagger = Supertagger.train(sentences, tags: tags, options: tagOptions)
    #expect(supertagger.accuracy(on: sentences, tagger: tagger) == 100)
    let parseOptions = DependencyParser.TrainingOptions(epochs: 8, seed: 3, prune: 1, runs: 2)
    let supertags = sentences.map(Supertagger.gold)
    let parser = DependencyParser.train(sentences, tags: tags, supertags: supertags, supertagger: supertagger, options: parseOptions)
    let bytes = parser.serialized()
    #expect(Array(bytes.prefix(8)) == Array("DYADPAR3".utf8))
    #expect(DependencyParser.train(sentences, tags: tags, supertags: supertags, supertagger: supertagger, options: parseOptions).serialized() == bytes)
    let read = try DependencyParser(bytes: bytes, name: "parser")
    #expect(read.serialized() == bytes)
    #expect(read.supertagger?.supertags == supertagger.supertags)
    let model = SyntaxAnalyzer(tagger: tagger, parser: read)
    for s in sentences {
        let a = model.analyze(s.forms)
        #expect(a.heads.map { $0 + 1 } == s.heads)
        #expect(a.deprels == s.deprels)
    }
    // Stage by stage (tagging, supertagging, parsing) over all the sentences at once: the same.
    #expect(model.analyze(batch: sentences.map(\.forms)) == sentences.map { model.analyze($0.forms) })
    // Without supertags: the older format, read back without a supertagger.
    let plain = DependencyParser.train(sentences, tags: tags, options: parseOptions)
    #expect(Array(plain.serialized().prefix(8)) == Array("DYADPAR2".utf8))
    #expect(try DependencyParser(bytes: plain.serialized(), name: "plain").supertagger == nil)
    // A supertagger section cut short is refused, not read as a model without one.
    var cut = bytes
    cut.removeLast(16)
    #expect(throws: SyntaxError.self) { try DependencyParser(bytes: cut, name: "cut") }
}

/// The label lookup: a context (the dependent's and head's tag pairs and their distance) the
/// treebank gives one relation is settled without the labeller; a word that is mixed in that
/// context vetoes it; rare or unseen contexts are left to the labeller.
@Test func labelLookup_settlesPureContextsAndLetsMixedWordsVeto() throws {
    let dt = FeatureHash.bytes("DET\tDT".utf8), nn = FeatureHash.bytes("NOUN\tNN".utf8), vb = FeatureHash.bytes("VERB\tVBD".utf8)
    // "the ship" ten times (det), "that ship" twice as det and once as nsubj.
    let pairs = Array(repeating: ("the", 0), count: 10) + [("that", 0), ("that", 0), ("that", 1)]
    let lookup = LabelLookup.learn(words: pairs.map { [WordInfo($0.0), WordInfo("ship")] }, tags: pairs.map { _ in [dt, nn] },
                                   heads: pairs.map { _ in [1, 2] }, labels: pairs.map { [$0.1, 2] }, minCount: 3, purity: 0.9)
    func label(_ word: String, _ tags: [UInt64] = [dt, nn]) -> Int? {
        lookup.label(dependent: 0, head: 1, [WordInfo(word), WordInfo("ship")], tags, [])
    }
    #expect(label("the") == 0)
    #expect(label("this") == 0)          // an unseen word in a settled context
    #expect(label("that") == nil)        // mixed for this word: the labeller decides
    #expect(label("the", [dt, vb]) == nil)
    #expect(lookup.label(dependent: 1, head: 0, [WordInfo("ship"), WordInfo("the")], [nn, dt], []) == nil)
    // Two contexts kept: the general one and the veto ("the" says nothing the general context does not).
    #expect(lookup.count == 2)
    let rare = LabelLookup.learn(words: [[WordInfo("the"), WordInfo("ship")]], tags: [[dt, nn]], heads: [[1, 2]], labels: [[0, 2]], minCount: 3, purity: 0.9)
    #expect(rare.count == 0)
}

/// For a parser with supertags, the dependent's supertag joins the context: tags that are mixed
/// alone ("that" or "this" before a noun: `det` or `nsubj`) are settled by the supertag; a parser
/// without supertags still leaves them to the labeller.
@Test func labelLookup_readsTheDependentsSupertag() throws {
    let dt = FeatureHash.bytes("DET\tDT".utf8), nn = FeatureHash.bytes("NOUN\tNN".utf8)
    let det = FeatureHash.bytes("det>".utf8), subj = FeatureHash.bytes("nsubj>".utf8)
    // Word, supertag, label: det 10 times, nsubj 5 times, with the same tags.
    let rows = Array(repeating: ("this", det, 0), count: 6) + Array(repeating: ("that", det, 0), count: 4)
        + Array(repeating: ("this", subj, 1), count: 3) + Array(repeating: ("that", subj, 1), count: 2)
    let lookup = LabelLookup.learn(words: rows.map { [WordInfo($0.0), WordInfo("ship")] }, tags: rows.map { _ in [dt, nn] },
                                   supertags: rows.map { [$0.1, subj] }, heads: rows.map { _ in [1, 2] }, labels: rows.map { [$0.2, 2] },
                                   minCount: 3, purity: 0.9)
    func label(_ word: String, _ st: UInt64?) -> Int? {
        lookup.label(dependent: 0, head: 1, [WordInfo(word), WordInfo("ship")], [dt, nn], st.map { [$0, subj] } ?? [])
    }
    #expect(label("that", det) == 0)
    #expect(label("that", subj) == 1)
    #expect(label("these", det) == 0)    // an unseen word: the supertag context decides
    #expect(label("this", subj) == 1)
    #expect(label("that", nil) == nil)   // no supertags: the tags alone are mixed
    // Kept: the two supertag contexts; "this" and "that" are mixed over supertags, which decide.
    #expect(lookup.count == 2)
}

/// A parser with a label lookup, and a supertagger with lookup words, are written with a flags
/// byte (DYADPAR4, DYADSTG2) and read back the same; a model that says it has more than that, or
/// has bytes after its end, is refused.
@Test func lookups_roundTripThroughTheModelFile() throws {
    let sentences = try CoNLLU.parse(tinyTreebank)
    let tagOptions = POSTagger.TrainingOptions(epochs: 5, seed: 3, prune: 1, runs: 1)
    let tagger = POSTagger.train(sentences, options: tagOptions)
    let tags = SyntaxTraining.jackknifedTags(sentences, folds: 1, options: tagOptions)
    let supertagger = Supertagger.train(sentences, tags: tags, options: tagOptions).with(lookupFrom: sentences, tags: tags, minCount: 2, purity: 1, contexts: false)
    // "the" before a noun (det>) and the full stop (punct<) are settled; nothing else is seen twice with one tag pair.
    #expect(supertagger.lookupCount == 2)
    let parseOptions = DependencyParser.TrainingOptions(epochs: 8, seed: 3, prune: 1, runs: 1, lookupMinCount: 2, lookupPurity: 1,
                                                        transitionLookupMinCount: 2, transitionLookupPurity: 1)
    let parser = DependencyParser.train(sentences, tags: tags, supertags: sentences.map(Supertagger.gold), supertagger: supertagger, options: parseOptions)
    #expect(parser.labelLookupCount > 0 && parser.transitionLookupCount > 0)
    let bytes = parser.serialized()
    #expect(Array(bytes.prefix(9)) == Array("DYADPAR4".utf8) + [7])
    let read = try DependencyParser(bytes: bytes, name: "parser")
    #expect(read.serialized() == bytes)
    #expect(read.labelLookup == parser.labelLookup && read.supertagger?.lookupCount == 2 && read.transitionLookup == parser.transitionLookup)
    let model = SyntaxAnalyzer(tagger: tagger, parser: read)
    for s in sentences {
        let a = model.analyze(s.forms)
        #expect(a.heads.map { $0 + 1 } == s.heads)
        #expect(a.deprels == s.deprels)
    }
    var unknownFlag = bytes
    unknownFlag[8] = 15
    #expect(throws: SyntaxError.self) { try DependencyParser(bytes: unknownFlag, name: "flags") }
    #expect(throws: SyntaxError.self) { try DependencyParser(bytes: bytes + [0], name: "longer") }
    // Without lookups the formats stay as they were.
    let plain = DependencyParser.train(sentences, tags: tags, options: DependencyParser.TrainingOptions(epochs: 8, seed: 3, prune: 1, runs: 1, lookupMinCount: 0))
    #expect(Array(plain.serialized().prefix(8)) == Array("DYADPAR2".utf8) && plain.labelLookupCount == 0)
}

/// The transition lookup settles only states whose context the training parses give one best
/// move every time; with it the parser still reproduces the training trees, and the settled moves are
/// the ones the model would have scored best there.
@Test func transitionLookup_settlesOnlyPureContexts() throws {
    let sentences = try CoNLLU.parse(tinyTreebank)
    let tagOptions = POSTagger.TrainingOptions(epochs: 5, seed: 3, prune: 1, runs: 1)
    let tags = SyntaxTraining.jackknifedTags(sentences, folds: 1, options: tagOptions)
    let options = DependencyParser.TrainingOptions(epochs: 8, seed: 3, prune: 1, runs: 1, lookupMinCount: 0)
    let parser = DependencyParser.train(sentences, tags: tags, options: options)
    var strict = options
    strict.transitionLookupMinCount = 2
    strict.transitionLookupPurity = 1
    let lookup = try #require(parser.learnTransitionLookup(sentences, tags: tags, options: strict))
    let withLookup = parser.with(transitionLookup: lookup)
    let tagHashes = tags.map { $0.map { FeatureHash.bytes($0.utf8) } }
    var settled = 0
    for (si, s) in sentences.enumerated() {
        let w = s.forms.map(WordInfo.init)
        #expect(withLookup.parse(w, tagHashes[si]).heads == parser.parse(w, tagHashes[si]).heads)
        // Every settled state of the model's own path gets the move the model scores best.
        var st = DependencyParser.State(n: w.count)
        withFeatureList { feats in
            while !st.isTerminal {
                let legal = st.legal
                let only = DependencyParser.State.onlyMove(legal)
                let m = only ?? parser.scoredMove(st, legal: legal, w, tagHashes[si], [], &feats)
                if only == nil, let v = lookup.move(st, legal: legal, tagHashes[si], []) {
                    settled += 1
                    #expect(v == m.rawValue)
                }
                st.apply(m, label: m == .shift ? 0 : parser.label(st, st.arc(m), w, tagHashes[si], [], &feats))
            }
        }
    }
    #expect(settled > 0)
    // A context seen fewer times than asked is not kept.
    var rare = strict
    rare.transitionLookupMinCount = 1_000
    #expect(parser.learnTransitionLookup(sentences, tags: tags, options: rare) == nil)
}

/// The supertagger's lookup contexts (a word with the tags around it, or the tags alone) settle
/// more words than the lookup words alone, and on the sentences they were learned from (purity 1)
/// they give every settled word its own supertag.
@Test func supertaggerLookupContexts_settleMoreWordsCorrectly() throws {
    let sentences = try CoNLLU.parse(tinyTreebank)
    let tagOptions = POSTagger.TrainingOptions(epochs: 5, seed: 3, prune: 1, runs: 1)
    let tags = SyntaxTraining.jackknifedTags(sentences, folds: 1, options: tagOptions)
    let base = Supertagger.train(sentences, tags: tags, options: tagOptions)
    let words = base.with(lookupFrom: sentences, tags: tags, minCount: 2, purity: 1, contexts: false)
    let contexts = base.with(lookupFrom: sentences, tags: tags, minCount: 2, purity: 1)
    #expect(contexts.lookupCount > words.lookupCount)
    var settled = 0
    for (si, s) in sentences.enumerated() {
        let w = s.forms.map(WordInfo.init), t = tags[si].map { FeatureHash.bytes($0.utf8) }
        let gold = Supertagger.gold(s)
        for i in w.indices {
            guard let v = contexts.settled(w, t, i) else { continue }
            settled += 1
            #expect(contexts.supertags[v] == gold[i])
        }
    }
    #expect(settled > 0)
}

@Test func featureList_keepsTheKeysInOrder() {
    withFeatureList { list in
        for k in 1...100 as ClosedRange<UInt32> { list.append(k) }
        #expect(Array(list.buffer) == Array(1...100))
        list.removeAll(keepingCapacity: true)
        #expect(list.count == 0)
    }
}

/// A weight table has at least four slots per feature, a power of two; every feature is found
/// again, also those whose probe runs past the last slot back to the first, an absent one adds
/// nothing, and writing and reading it back gives the same weights. Both table layouts: three
/// classes (inline in the slot) and more (entries beside the slots).
@Test(arguments: [3, 5])
func weightTable_findsEveryFeatureAlsoPastTheLastSlot(classes: Int) throws {
    // Keys near the top of the range share the last home slots, so their probes wrap around.
    var keys: [UInt32] = (0..<97).map { UInt32($0) &* 44_217_091 &+ 12_345 }
    keys += (0..<6).map { UInt32.max - UInt32($0) }
    let features = keys.sorted().enumerated().map { i, k in
        (key: k, entries: [(UInt8(i % classes), Int16(i + 1)), (UInt8((i + 1) % classes), Int16(-2 * i - 1))])
    }
    let table = SparseWeights(classes: classes, features: features)
    #expect(table.capacity == 512)
    #expect(table.featureCount == 103)
    var w = ModelWriter()
    table.write(to: &w)
    var r = ModelReader(bytes: w.data, name: "table")
    let back = try SparseWeights.read(from: &r)
    #expect(back.capacity == table.capacity)
    for t in [table, back] {
        #expect(t.featureList().map(\.key) == features.map(\.key))
        for f in features {
            var scores = [Int32](repeating: 0, count: classes)
            [f.key, 7].withUnsafeBufferPointer { t.accumulate($0, into: &scores) }
            var want = [Int32](repeating: 0, count: classes)
            for (c, v) in f.entries { want[Int(c)] += Int32(v) }
            #expect(scores == want, "key \(f.key)")
        }
    }
}

/// Decoding with a small search (off by default: `dyad parse --decoder beam` or the hidden
/// `DYAD_PARSE_SEARCH`, docs/SYNTAX.md, "Tried on 2026-12-06 (decoding search)"): the settings read back, the default stays greedy, and
/// a search gives one well-formed tree per sentence and takes "the talks" as the object of "led".
@Test func search_isOffByDefaultAndGivesWellFormedTrees() throws {
    #expect(analyzer.parser.search == .greedy)
    #expect(DependencyParser.Search("greedy") == .greedy)
    #expect(DependencyParser.Search("beam=two") == nil)
    #expect(DependencyParser.Search("depth=2") == nil)
    let beam = try #require(DependencyParser.Search("beam=3,temp=25000,ltemp=10000,lbonus=8000"))
    #expect(beam.width == 3 && beam.margin == .max && beam.labelBonus == 8000)
    #expect(DependencyParser.Search(beam.description) == beam)
    let branch = try #require(DependencyParser.Search("width=2,margin=5000,temp=25000,ltemp=10000,lbonus=8000,horizon=4"))
    #expect(DependencyParser.Search(branch.description) == branch)

    let envoy = ["The", "envoy", "who", "led", "the", "talks", "said", "nothing", "."]
    #expect(analyzer.with(search: .greedy).analyze(envoy) == analyzer.analyze(envoy))
    for search in [beam, branch] {
        let a = analyzer.with(search: search).analyze(envoy)
        #expect(a.heads == [1, 6, 3, 1, 5, 3, -1, 6, 6], "\(search)")
        #expect(a.deprels[5] == "obj" && a.deprels[1] == "nsubj" && a.deprels[3] == "acl:relcl", "\(search)")
    }

    let text = """
        The soldiers who attacked the village were arrested. The treaty was signed by Russia in 2019. \
        The foreign ministers of France, Germany and the United Kingdom, who met in Brussels on Monday, \
        said in a joint statement that they would continue to support the negotiations and urged both \
        sides to refrain from any action that could escalate the crisis. Talks collapsed.
        """
    var doc = Document(id: "search", raw: text)
    try textAnalyzer.process(&doc)
    for search in [beam, branch] {
        let searching = analyzer.with(search: search)
        for s in doc.sentences where !s.tokens.isEmpty {
            let words = doc.tokens[s.tokens].map(\.text)
            let heads = searching.analyze(words).heads
            #expect(heads.filter { $0 < 0 }.count == 1, "\(search): \(words)")
            #expect(heads.allSatisfy { $0 >= -1 && $0 < words.count }, "\(search): \(words)")
            // Every word reaches the root without a cycle.
            for i in words.indices {
                var h = i, steps = 0
                while h >= 0 && steps <= words.count { h = heads[h]; steps += 1 }
                #expect(h == -1, "\(search): \(words) word \(i)")
            }
        }
    }
}
