import DyadCore
import Foundation

/// One analysed sentence: tags, lemmas and a dependency tree over its words.
public struct AnalyzedSentence: Sendable, Equatable {
    public var upos: [String]
    public var xpos: [String]
    public var lemmas: [String]
    /// Head of each word: -1 for the root, else the 0-based index of the head word.
    public var heads: [Int]
    public var deprels: [String]
}

/// The syntax stage: tags every sentence (UPOS and Penn XPOS), lemmatizes it and parses it into
/// Universal Dependencies, writing `upos`, `xpos`, `lemma`, `head` and `deprel` on each token.
public struct SyntaxAnalyzer: PipelineComponent {
    public let name = "syntax"
    public let requires: Set<Annotation> = [.tokens, .sentences]
    public let provides: Set<Annotation> = [.syntax]
    public let tagger: POSTagger
    public let parser: DependencyParser
    /// Hash of each tag pair ("UPOS\tXPOS"), the parser's tag feature: the pair tells apart what
    /// one Penn tag lumps together (IN as ADP or SCONJ, VBZ as AUX or VERB).
    let tagHashes: [UInt64]

    public init(tagger: POSTagger, parser: DependencyParser) {
        self.tagger = tagger
        self.parser = parser
        tagHashes = tagger.tagPairs.map { FeatureHash.bytes($0.utf8) }
    }

    /// Loads the bundled models (`tagger.model`, `parser.model`) and `lemma-exceptions.txt`.
    /// - Throws: `SyntaxError.badModel` when a bundled file is missing or damaged.
    public static func builtIn() throws -> SyntaxAnalyzer {
        try assembled(tagger: builtInTagger(path: nil), parser: DependencyParser(reader: try resourceReader("parser.model")))
    }

    /// Loads models from files, with the bundled `lemma-exceptions.txt` as for the built-in models:
    /// the same model files lemmatize alike whether bundled or given by path.
    public static func load(taggerPath: String, parserPath: String) throws -> SyntaxAnalyzer {
        try assembled(tagger: builtInTagger(path: taggerPath), parser: DependencyParser(path: parserPath))
    }

    /// The analyzer of a tagger (given the bundled lemma exceptions) and a parser (decoding as
    /// `DYAD_PARSE_SEARCH` says): what `builtIn()` and `load` share.
    static func assembled(tagger: POSTagger, parser: DependencyParser) throws -> SyntaxAnalyzer {
        var parser = parser
        parser.search = searchFromEnvironment()
        return SyntaxAnalyzer(tagger: try withBundledExceptions(tagger), parser: parser)
    }

    /// The tagger with the bundled `lemma-exceptions.txt` added to its lemmatizer (they win over
    /// the lexicon learned from the treebank).
    static func withBundledExceptions(_ tagger: POSTagger) throws -> POSTagger {
        var lemmatizer = tagger.lemmatizer
        try lemmatizer.add(contents: String(decoding: try resource("lemma-exceptions.txt"), as: UTF8.self), name: "lemma-exceptions.txt")
        return tagger.with(lemmatizer: lemmatizer)
    }

    /// The parser's decoding from the hidden variable `DYAD_PARSE_SEARCH` (`greedy`, or keys such as
    /// `beam=3,temp=25000,ltemp=10000,lbonus=8000`; see `DependencyParser.Search`); greedy when unset
    /// or unreadable (with a warning).
    static func searchFromEnvironment() -> DependencyParser.Search {
        guard let v = ProcessInfo.processInfo.environment["DYAD_PARSE_SEARCH"] else { return .greedy }
        guard let search = DependencyParser.Search(v) else {
            FileHandle.standardError.write("warning: DYAD_PARSE_SEARCH=\(v) not understood; greedy decoding\n".data(using: .utf8)!)
            return .greedy
        }
        return search
    }

    /// The same analyzer decoding with `search`.
    public func with(search: DependencyParser.Search) -> SyntaxAnalyzer {
        var p = parser
        p.search = search
        return SyntaxAnalyzer(tagger: tagger, parser: p)
    }

    /// A bundled file's bytes (read; `lemma-exceptions.txt`).
    static func resource(_ name: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: try resourcePath(name)) else { throw missingResource(name) }
        return [UInt8](data)
    }

    /// A bundled model file, mapped (`ModelBytes`); errors name the file as `name`.
    static func resourceReader(_ name: String) throws -> ModelReader {
        guard let data = try? ModelBytes(path: try resourcePath(name)) else { throw missingResource(name) }
        return ModelReader(data: data, name: name)
    }

    static func resourcePath(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil) else { throw missingResource(name) }
        return url.path
    }

    static func missingResource(_ name: String) -> SyntaxError {
        .badModel(file: name, reason: "bundled file is missing from the build")
    }

    /// One line per weight table: its features, entries and the memory it holds; then the sizes of
    /// the lookups, if the models have them.
    public var tableSummary: [String] {
        var tables = [("tagger", tagger.weights), ("transitions", parser.transitions), ("labeller", parser.labeler)]
        if let s = parser.supertagger { tables.append(("supertagger", s.weights)) }
        var lines = tables.map { name, t in
            String(format: "%@: %d features, %d entries, %.1f MB", name, t.featureCount, t.entryCount, Double(t.memoryBytes) / 1_048_576)
        }
        // The lookups that settle decisions without scoring (see LabelLookup).
        if parser.labelLookupCount > 0 { lines.append("label lookup: \(parser.labelLookupCount) contexts") }
        if let s = parser.supertagger, s.lookupCount > 0 { lines.append("supertagger lookup: \(s.lookupCount) words and contexts") }
        if parser.transitionLookupCount > 0 { lines.append("transition lookup: \(parser.transitionLookupCount) contexts") }
        return lines
    }

    /// Tags and parses one sentence; tag-pair indices and the tree (no lemmas).
    public func tagAndParse(_ words: [String]) -> (tags: [Int], tree: DependencyParser.Tree) {
        var times = StageTimes()
        return tagAndParse(words, times: &times)
    }

    /// Nanoseconds spent in each stage of `tagAndParse(_:times:)`, summed over its calls.
    public struct StageTimes: Sendable {
        /// Word features (hashing each word's strings) and tagging.
        public var tagging: UInt64 = 0
        public var supertagging: UInt64 = 0
        public var parsing: UInt64 = 0
        public init() {}
    }

    /// `tagAndParse(_:)`, adding the time of each stage to `times`.
    public func tagAndParse(_ words: [String], times: inout StageTimes) -> (tags: [Int], tree: DependencyParser.Tree) {
        tagAndParse(batch: [words], times: &times)[0]
    }

    /// The most words `tagAndParse(batch:times:)` takes through the stages at once (a longer
    /// sentence goes alone): enough for a news article, and a bounded working set for a very large
    /// web page.
    public static let batchWords = 2048

    /// Consecutive sentences, of these word counts, grouped into batches of at most `batchWords`
    /// words (a longer sentence alone), so that a caller holds the analyses of one batch at a time.
    public static func batches(wordCounts: [Int]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < wordCounts.count {
            var end = start + 1, words = wordCounts[start]
            while end < wordCounts.count && words + wordCounts[end] <= batchWords { words += wordCounts[end]; end += 1 }
            out.append(start..<end)
            start = end
        }
        return out
    }

    /// `tagAndParse(_:times:)` for several sentences (a document's), stage by stage: every sentence
    /// of a batch is tagged, then supertagged, then parsed. Each stage's weight tables then stay in
    /// the caches for the whole batch instead of being evicted by the next stage's after every
    /// sentence: on news text tagging and parsing took 7–11% less time with the supertag model, and
    /// 0–7% less with the built-in one (docs/SYNTAX.md). The results are those of one sentence at a
    /// time, in order.
    public func tagAndParse(batch sentences: [[String]], times: inout StageTimes) -> [(tags: [Int], tree: DependencyParser.Tree)] {
        var out: [(tags: [Int], tree: DependencyParser.Tree)] = []
        out.reserveCapacity(sentences.count)
        for range in Self.batches(wordCounts: sentences.map(\.count)) {
            let batch = sentences[range]
            let t0 = DispatchTime.now().uptimeNanoseconds
            let infos = batch.map { $0.map(WordInfo.init) }
            let tags = infos.map { tagger.tag($0) }
            let hashes = tags.map { $0.map { tagHashes[$0] } }
            let t1 = DispatchTime.now().uptimeNanoseconds
            let sts = infos.indices.map { parser.supertags(infos[$0], hashes[$0]) }
            let t2 = DispatchTime.now().uptimeNanoseconds
            for i in infos.indices { out.append((tags[i], parser.parse(infos[i], hashes[i], supertags: sts[i]))) }
            let t3 = DispatchTime.now().uptimeNanoseconds
            times.tagging += t1 - t0
            times.supertagging += t2 - t1
            times.parsing += t3 - t2
        }
        return out
    }

    /// Analyses one sentence given as words.
    public func analyze(_ words: [String]) -> AnalyzedSentence {
        let (tags, tree) = tagAndParse(words)
        return analyzed(words, tags: tags, tree: tree)
    }

    /// Analyses several sentences, stage by stage (see `tagAndParse(batch:times:)`).
    public func analyze(batch sentences: [[String]]) -> [AnalyzedSentence] {
        var times = StageTimes()
        return zip(sentences, tagAndParse(batch: sentences, times: &times)).map { analyzed($0, tags: $1.tags, tree: $1.tree) }
    }

    public func process(_ document: inout Document) throws {
        let sentences = document.sentences.filter { !$0.tokens.isEmpty }
        for range in Self.batches(wordCounts: sentences.map(\.tokens.count)) {
            let batch = sentences[range]
            let analyses = analyze(batch: batch.map { document.tokens[$0.tokens].map(\.text) })
            for (s, a) in zip(batch, analyses) {
                for (k, t) in s.tokens.enumerated() {
                    document.tokens[t].upos = a.upos[k]
                    document.tokens[t].xpos = a.xpos[k]
                    document.tokens[t].lemma = a.lemmas[k]
                    document.tokens[t].head = a.heads[k] < 0 ? nil : s.tokens.lowerBound + a.heads[k]
                    document.tokens[t].deprel = a.deprels[k]
                }
            }
        }
    }
}

extension POSTagger {
    func with(lemmatizer: Lemmatizer) -> POSTagger {
        POSTagger(tagPairs: tagPairs, weights: weights, unambiguous: unambiguous, ambiguity: ambiguity, lemmatizer: lemmatizer)
    }
}

/// Training and evaluation over a UD treebank folder (`*-ud-train.conllu`, `*-ud-dev.conllu`, `*-ud-test.conllu`).
public enum SyntaxTraining {
    /// The path of a treebank split in a folder.
    public static func split(_ dir: String, _ name: String) throws -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        guard let f = files.sorted().first(where: { $0.hasSuffix("-ud-\(name).conllu") }) else {
            throw SyntaxError.unreadable(path: "\(dir)/*-ud-\(name).conllu")
        }
        return dir + "/" + f
    }

    /// Tag pairs ("UPOS\tXPOS") of every sentence predicted by taggers trained on the other folds
    /// (jackknifing), so the parser trains on tags as noisy as it will see; gold pairs when `folds` is 1.
    public static func jackknifedTags(_ sentences: [TreebankSentence], folds: Int, options: POSTagger.TrainingOptions,
                                      log: (String) -> Void = { _ in }) -> [[String]] {
        guard folds > 1 else { return sentences.map(goldPairs) }
        return jackknife(sentences.count, folds: folds, train: { POSTagger.train($0.map { sentences[$0] }, options: options) },
                         predict: { tagger, i in tagger.tag(sentences[i].forms).map { tagger.tagPairs[$0] } }, gold: { goldPairs(sentences[$0]) },
                         report: { "jackknife fold \($0): UPOS+XPOS \($1)%" }, log: log)
    }

    /// The labels of each of `count` sentences (by index) as predicted by a model trained on the
    /// other `folds` folds. Contiguous folds keep documents together, so held-out predictions are as
    /// noisy as on new text. `report` makes the log line of a fold from "k/folds" and its accuracy in percent.
    static func jackknife<Model>(_ count: Int, folds: Int, train: ([Int]) -> Model, predict: (Model, Int) -> [String],
                                 gold: (Int) -> [String], report: (String, String) -> String, log: (String) -> Void) -> [[String]] {
        var out = [[String]](repeating: [], count: count)
        let fold = { (i: Int) in i * folds / count }
        for k in 0..<folds {
            let model = train((0..<count).filter { fold($0) != k })
            var correct = 0, total = 0
            for i in 0..<count where fold(i) == k {
                out[i] = predict(model, i)
                for (a, b) in zip(out[i], gold(i)) { total += 1; if a == b { correct += 1 } }
            }
            log(report("\(k + 1)/\(folds)", String(format: "%.2f", 100 * Double(correct) / Double(max(total, 1)))))
        }
        return out
    }

    /// The gold tag pairs ("UPOS\tXPOS") of a sentence, as the parser reads them.
    static func goldPairs(_ s: TreebankSentence) -> [String] { (0..<s.count).map { s.upos[$0] + "\t" + s.xpos[$0] } }

    /// Accuracy figures of an analyzer against gold sentences (gold tokenization).
    public struct Scores: Sendable {
        public var words = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0
        public func percent(_ k: Int) -> Double { 100 * Double(k) / Double(max(words, 1)) }
        public var summary: String {
            String(format: "words %d  UPOS %.2f  XPOS %.2f  lemma %.2f  UAS %.2f  LAS %.2f", words,
                   percent(upos), percent(xpos), percent(lemma), percent(uas), percent(las))
        }
    }

    /// Scores an analyzer on gold sentences; with `goldTags` the parser reads the gold tags.
    public static func evaluate(_ analyzer: SyntaxAnalyzer, on gold: [TreebankSentence], goldTags: Bool = false) -> Scores {
        var s = Scores()
        for g in gold {
            var a = analyzer.analyze(g.forms)
            if goldTags {
                let tree = analyzer.parser.parse(g.forms.map(WordInfo.init), goldPairs(g).map { FeatureHash.bytes($0.utf8) })
                a.heads = tree.heads
                a.deprels = tree.labels.map { analyzer.parser.labels[$0] }
            }
            for i in 0..<g.count {
                s.words += 1
                if a.upos[i] == g.upos[i] { s.upos += 1 }
                if a.xpos[i] == g.xpos[i] { s.xpos += 1 }
                if a.lemmas[i] == g.lemmas[i] { s.lemma += 1 }
                if a.heads[i] + 1 == g.heads[i] {
                    s.uas += 1
                    if a.deprels[i] == g.deprels[i] { s.las += 1 }
                }
            }
        }
        return s
    }
}

extension SyntaxAnalyzer {
    /// Completes a tagged and parsed sentence with tag names, lemmas and relation names.
    public func analyzed(_ words: [String], tags: [Int], tree: DependencyParser.Tree) -> AnalyzedSentence {
        let upos = tags.map { tagger.upos[$0] }
        let xpos = tags.map { tagger.xpos[$0] }
        let lemmas = words.indices.map { tagger.lemmatizer.lemma(words[$0], upos: upos[$0], xpos: xpos[$0]) }
        return AnalyzedSentence(upos: upos, xpos: xpos, lemmas: lemmas, heads: tree.heads, deprels: tree.labels.map { parser.labels[$0] })
    }

    /// A tagger from a file, or the built-in one when `path` is nil.
    public static func builtInTagger(path: String?) throws -> POSTagger {
        if let path { return try POSTagger(path: path) }
        return try POSTagger(reader: try resourceReader("tagger.model"))
    }
}
