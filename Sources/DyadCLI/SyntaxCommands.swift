import ArgumentParser
import Dyad
import DyadCore
import DyadExtraction
import DyadSyntax
import DyadText
import Foundation

/// `dyad parse`: tags, lemmatizes and parses text or pre-tokenized CoNLL-U.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Tag, lemmatize and parse text into Universal Dependencies (CoNLL-U or JSON).",
        discussion: """
            With --pretokenized the inputs are CoNLL-U: their words and sentence breaks are kept \
            (multiword-token lines and empty nodes are skipped) and every other column is replaced by Dyad's.
            The built-in parser reads supertags (each word's relation and head side, from a second tagger). \
            On UD English-EWT test, gold tokens: 86.40 UAS / 83.15 LAS greedy; --decoder beam keeps three \
            hypotheses instead of one, 86.63 / 83.47, at about a quarter of the speed (docs/SYNTAX.md).
            """
    )

    enum Format: String, ExpressibleByArgument { case conllu, json }
    enum Decoder: String, ExpressibleByArgument { case greedy, beam }

    @Argument(help: "Files, folders or - for stdin.")
    var inputs: [String] = ["-"]

    @Option(help: "Output format: conllu or json.")
    var format: Format = .conllu

    @Flag(help: "Read CoNLL-U and keep its tokenization and sentence breaks.")
    var pretokenized = false

    @Option(help: "How to read text inputs: auto, text, html or jsonl.")
    var input: InputMode = .auto

    @Option(help: "A tagger model to use instead of the built-in one (needs --parser-model too).")
    var taggerModel: String?

    @Option(help: "A parser model to use instead of the built-in one.")
    var parserModel: String?

    @Option(help: "Parser decoding: greedy (fast, the default) or beam (more accurate, about 4x slower).")
    var decoder: Decoder = .greedy

    @Flag(help: "Report on stderr the model load time, each weight table's size and memory, and the words and time spent tagging, supertagging and parsing (words/s).")
    var timing = false

    func validate() throws {
        if (taggerModel == nil) != (parserModel == nil) {
            throw ValidationError("give both --tagger-model and --parser-model, or neither")
        }
    }

    func run() throws {
        let loadStart = DispatchTime.now().uptimeNanoseconds
        var analyzer: SyntaxAnalyzer
        if let t = taggerModel, let p = parserModel {
            analyzer = try SyntaxAnalyzer.load(taggerPath: t, parserPath: p)
        } else {
            analyzer = try SyntaxAnalyzer.builtIn()
        }
        if decoder == .beam { analyzer = analyzer.with(search: .beam) }
        var clock = SyntaxClock()
        clock.loadNanoseconds = DispatchTime.now().uptimeNanoseconds - loadStart
        if timing { clock.tables = analyzer.tableSummary }
        if pretokenized {
            var failed = 0
            for path in inputs {
                do {
                    let text: String
                    if path == "-" {
                        text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    } else {
                        guard let d = FileManager.default.contents(atPath: path) else { throw SyntaxError.unreadable(path: path) }
                        text = String(decoding: d, as: UTF8.self)
                    }
                    var sentences = try CoNLLU.parse(text, name: path)
                    for range in SyntaxAnalyzer.batches(wordCounts: sentences.map(\.count)) {
                        let analyses = clock.measure(analyzer, batch: sentences[range].map(\.forms))
                        for (i, a) in zip(range, analyses) {
                            sentences[i].upos = a.upos
                            sentences[i].xpos = a.xpos
                            sentences[i].lemmas = a.lemmas
                            sentences[i].heads = a.heads.map { $0 + 1 }
                            sentences[i].deprels = a.deprels
                        }
                    }
                    switch format {
                    case .conllu: Console.write(CoNLLU.format(sentences))
                    case .json:
                        Console.write(JSONValue.object([("id", .string(path)), ("sentences", .array(sentences.map { s in
                            .array((0..<s.count).map { i in Self.word(i, s.forms[i], nil, s.lemmas[i], s.upos[i], s.xpos[i], s.heads[i], s.deprels[i]) })
                        }))]).serialized() + "\n")
                    }
                } catch {
                    failed += 1
                    Console.error("\(error)")
                }
            }
            clock.report(timing)
            if failed > 0 { throw SomeInputsFailed(failed: failed, total: inputs.count) }
            return
        }
        let text = try TextAnalyzer.builtIn()
        // A web page is parsed as its article text (as `dyad extract` gives it), not as markup.
        let pages = try PageDumpExtractor.builtIn()
        let reader = InputReader(mode: input, defaults: DocumentDefaults(date: nil, source: nil, url: nil))
        defer { clock.report(timing) }
        try forEachDocument(reader, inputs) { doc in
            var d = doc
            if d.rawFormat == .html { try pages.process(&d) }
            try text.process(&d)
            var out = ""
            var sentences: [JSONValue] = []
            // Sentence texts cut from one array of the document's scalars: `Document.text(of:)`
            // counts from the start each time, quadratic on a page of a million sentences.
            let scalars = format == .conllu ? Array(d.text.unicodeScalars) : []
            let parsed = d.sentences.filter { !$0.tokens.isEmpty }
            for range in SyntaxAnalyzer.batches(wordCounts: parsed.map(\.tokens.count)) {
                let analyses = clock.measure(analyzer, batch: parsed[range].map { d.tokens[$0.tokens].map(\.text) })
                for (s, a) in zip(parsed[range], analyses) {
                    let tokens = Array(d.tokens[s.tokens])
                    switch format {
                    case .conllu:
                        out += "# sent_id = \(d.id == "-" ? "stdin" : d.id)-\(sentences.count + 1)\n# text = \(scalars.string(from: s.start, to: s.end).replacingOccurrences(of: "\n", with: " "))\n"
                        for i in tokens.indices {
                            let t = s.tokens.lowerBound + i
                            let next = t + 1 < d.tokens.count ? d.tokens[t + 1].start : Int.max
                            let misc = next == tokens[i].end ? "SpaceAfter=No" : "_"
                            out += "\(i + 1)\t\(tokens[i].text)\t\(a.lemmas[i])\t\(a.upos[i])\t\(a.xpos[i])\t_\t\(a.heads[i] + 1)\t\(a.deprels[i])\t_\t\(misc)\n"
                        }
                        out += "\n"
                        sentences.append(.null)
                    case .json:
                        sentences.append(.array(tokens.indices.map { i in
                            Self.word(i, tokens[i].text, (tokens[i].start, tokens[i].end), a.lemmas[i], a.upos[i], a.xpos[i], a.heads[i] + 1, a.deprels[i])
                        }))
                    }
                }
            }
            if format == .json {
                out = JSONValue.object([("id", .string(d.id)), ("sentences", .array(sentences))]).serialized() + "\n"
            }
            Console.write(out)
        }
    }

    static func word(_ i: Int, _ form: String, _ span: (Int, Int)?, _ lemma: String, _ upos: String, _ xpos: String,
                     _ head: Int, _ deprel: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [("id", .int(i + 1)), ("text", .string(form))]
        if let span { fields += [("start", .int(span.0)), ("end", .int(span.1))] }
        fields += [("lemma", .string(lemma)), ("upos", .string(upos)), ("xpos", .string(xpos)), ("head", .int(head)), ("deprel", .string(deprel))]
        return .object(fields)
    }
}

/// Time spent in tagging and parsing alone (not reading, tokenizing, lemmatizing or writing).
struct SyntaxClock {
    var words = 0
    var nanoseconds: UInt64 = 0
    var loadNanoseconds: UInt64 = 0
    var tables: [String] = []

    var stages = SyntaxAnalyzer.StageTimes()

    /// Tags and parses a batch of a document's (or a CoNLL-U file's) sentences, stage by stage
    /// (`SyntaxAnalyzer.tagAndParse(batch:times:)`), and counts their words and time.
    mutating func measure(_ analyzer: SyntaxAnalyzer, batch: [[String]]) -> [AnalyzedSentence] {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let results = analyzer.tagAndParse(batch: batch, times: &stages)
        nanoseconds += DispatchTime.now().uptimeNanoseconds - t0
        words += batch.reduce(0) { $0 + $1.count }
        return zip(batch, results).map { analyzer.analyzed($0, tags: $1.tags, tree: $1.tree) }
    }

    func report(_ enabled: Bool) {
        guard enabled else { return }
        let s = Double(nanoseconds) / 1e9
        FileHandle.standardError.write(Data(String(format: "models loaded in %.1f ms\n", Double(loadNanoseconds) / 1e6).utf8))
        for t in tables { FileHandle.standardError.write(Data(("  " + t + "\n").utf8)) }
        FileHandle.standardError.write(Data(String(format: "tagger+parser: %d words in %.3f s = %.0f words/s\n", words, s, Double(words) / max(s, 1e-9)).utf8))
        FileHandle.standardError.write(Data(String(format: "  tagging %.3f s, supertagging %.3f s, parsing %.3f s\n", Double(stages.tagging) / 1e9,
                                                   Double(stages.supertagging) / 1e9, Double(stages.parsing) / 1e9).utf8))
    }
}

/// `dyad train tagger|parser`: trains a model from a UD treebank.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the tagger or the parser on a Universal Dependencies treebank.",
        discussion: """
            The treebank folder holds *-ud-train.conllu and *-ud-dev.conllu (scores on dev are printed). \
            The same seed gives the same model, byte for byte. The parser trains on jackknifed tags.
            """
    )

    enum Model: String, ExpressibleByArgument { case tagger, parser }

    @Argument(help: "What to train: tagger or parser.")
    var model: Model

    @Option(help: "The treebank folder.")
    var treebank: String

    @Option(help: "Where to write the model.")
    var out: String

    @Option(help: "Random seed (shuffling and exploration).")
    var seed: UInt64 = 1

    @Option(help: "Training epochs (default: 10 for the tagger, 15 for the parser).")
    var epochs: Int?

    @Option(help: "Parser only: folds for jackknifed tags (1 trains on gold tags).")
    var folds: Int = 5

    @Option(help: "Parser only: a tagger model for the dev scores (default: the built-in one).")
    var taggerModel: String?

    @Option(help: ArgumentHelp("Parser only: a file that keeps the jackknifed tags between runs (written if missing).", visibility: .hidden))
    var tagsCache: String?

    @Flag(help: "Parser only: also train a supertagger (each word's relation and the side of its head, predicted before parsing) whose supertags the parser reads; kept in the parser model. Not the built-in model's recipe (see docs/SYNTAX.md).")
    var supertags = false

    @Option(help: ArgumentHelp("Parser only: a file that keeps the jackknifed supertags between runs (written if missing).", visibility: .hidden))
    var supertagsCache: String?

    @Option(help: ArgumentHelp("Parser only: perceptrons of the supertagger, added into one model.", visibility: .hidden))
    var supertaggerRuns: Int = 1

    @Option(help: "Perceptrons trained with successive seeds and added into one model (default 4; the jackknife taggers use 4).")
    var runs: Int?

    @Option(help: ArgumentHelp("Smallest quantized weight kept, of ±32767 (default: 512 for the tagger, 640 for the parser).", visibility: .hidden))
    var prune: Int16?

    @Option(help: ArgumentHelp("Parser only: probability of following the model's own move after the first epoch (default 0.9).", visibility: .hidden))
    var explore: Double?

    @Option(help: ArgumentHelp("Parser only: epochs after which to print dev scores, e.g. 10,15,20.", visibility: .hidden))
    var checkpoints: String?

    @Option(help: ArgumentHelp("Parser only: also print dev scores and sizes with weights under these values dropped, e.g. 320,640.", visibility: .hidden))
    var pruneReport: String?

    @Option(help: ArgumentHelp("Parser only: contexts the label lookup keeps, seen at least COUNT times with one relation at least SHARE of the time (default 20:0.995; 0 for no lookup).", visibility: .hidden))
    var labelLookup: String?

    @Option(help: ArgumentHelp("Parser only, with --supertags: the supertagger's lookup words, as for --label-lookup (default 20:0.995).", visibility: .hidden))
    var supertagLookup: String?

    @Option(help: ArgumentHelp("Parser only: states whose move the lookup settles, seen at least COUNT times with one move among the best at least SHARE of the time (default 0: no transition lookup).", visibility: .hidden))
    var transitionLookup: String?

    @Option(help: ArgumentHelp("Parser only: take the weights of this parser model instead of training them, and learn only its lookups.", visibility: .hidden))
    var fromModel: String?

    @Option(help: ArgumentHelp("Parser only: once trained (or read with --from-model), prune the transition table at T, the label table at L and the supertagger at S (T:L or T:L:S).", visibility: .hidden))
    var reprune: String?

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if folds < 1 { throw ValidationError("--folds must be at least 1") }
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        // Checked before minutes of training, not after.
        _ = try Self.lookupSetting(labelLookup, "--label-lookup")
        _ = try Self.lookupSetting(supertagLookup, "--supertag-lookup")
        _ = try Self.lookupSetting(transitionLookup, "--transition-lookup")
        _ = try reprune.map(Self.repruneLevels)
    }

    /// A lookup setting: COUNT:SHARE, or 0 for none (nil: the default, 20:0.995).
    static func lookupSetting(_ text: String?, _ name: String) throws -> (count: Int, share: Double) {
        guard let text else { return (20, 0.995) }
        let parts = text.split(separator: ":")
        if parts.count == 1, parts[0] == "0" { return (0, 1) }
        guard parts.count == 2, let count = Int(parts[0]), count >= 1, let share = Double(parts[1]), share > 0.5, share <= 1 else {
            throw ValidationError("\(name) takes COUNT:SHARE, e.g. 20:0.995, or 0")
        }
        return (count, share)
    }

    /// `--reprune T:L:S`: the transition table at T, the label table at L, the supertagger at S (optional).
    static func repruneLevels(_ text: String) throws -> [Int16] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int16($0) }
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0 != nil }) else {
            throw ValidationError("--reprune takes T:L or T:L:S, e.g. 320:640:640")
        }
        return parts.compactMap { $0 }
    }

    func run() throws {
        let train = try CoNLLU.read(path: try SyntaxTraining.split(treebank, "train"))
        let dev = try CoNLLU.read(path: try SyntaxTraining.split(treebank, "dev"))
        let log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        log("training the \(model.rawValue) on \(train.count) sentences")
        let bytes: [UInt8]
        switch model {
        case .tagger:
            let tagger = POSTagger.train(train, options: .init(epochs: epochs ?? 10, seed: seed, prune: prune ?? 512, runs: runs ?? 4)) { e, acc in
                log(String(format: "epoch %d: train accuracy %.2f%%", e, 100 * acc))
            }
            bytes = tagger.serialized()
            var correct = 0, total = 0
            for s in dev { for (a, b) in zip(tagger.tag(s.forms).map { tagger.upos[$0] }, s.upos) { total += 1; if a == b { correct += 1 } } }
            log(String(format: "dev UPOS %.2f%%", 100 * Double(correct) / Double(max(total, 1))))
        case .parser:
            // Jackknifed tags (and supertags) take most of the training time; a cache file keeps them between runs.
            func cached(_ path: String?, _ make: () -> [[String]]) -> [[String]] {
                if let path, let d = FileManager.default.contents(atPath: path) {
                    return String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                        .prefix(train.count).map { $0.split(separator: " ").map(String.init) }
                }
                let made = make()
                if let path, !FileManager.default.createFile(atPath: path, contents: Data(made.map { $0.joined(separator: " ") }.joined(separator: "\n").utf8)) {
                    log("could not write \(path); it is not kept")
                }
                return made
            }
            let tags = cached(tagsCache) { SyntaxTraining.jackknifedTags(train, folds: folds, options: .init(seed: seed), log: log) }
            let base = try SyntaxAnalyzer.builtInTagger(path: taggerModel)
            var supertagged: [[String]]?
            var supertagger: Supertagger?
            let labelSetting = try Self.lookupSetting(labelLookup, "--label-lookup")
            let supertagSetting = try Self.lookupSetting(supertagLookup, "--supertag-lookup")
            let transitionSetting = try transitionLookup.map { try Self.lookupSetting($0, "--transition-lookup") } ?? (count: 0, share: 1)
            let repruneLevels = try reprune.map(Self.repruneLevels)
            // The jackknifed supertags the parser trains on (and its label lookup counts with).
            let stOptions = POSTagger.TrainingOptions(seed: seed, runs: supertaggerRuns)
            func jackknifedSupertags() -> [[String]] {
                cached(supertagsCache) { Supertagger.jackknifed(train, tags: tags, folds: folds, options: stOptions, log: log) }
            }
            if supertags && fromModel == nil {
                supertagged = jackknifedSupertags()
                // The jackknife supertaggers have no lookup words; the one kept in the model has.
                let st = Supertagger.train(train, tags: tags, options: stOptions)
                    .with(lookupFrom: train, tags: tags, minCount: supertagSetting.count, purity: supertagSetting.share)
                supertagger = st
                log(String(format: "supertagger dev accuracy %.2f%% (%d supertags, %d lookup words and contexts)", st.accuracy(on: dev, tagger: base), st.supertags.count, st.lookupCount))
            }
            let numbers = { (list: String?) in (list ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            let options = DependencyParser.TrainingOptions(epochs: epochs ?? 15, seed: seed, explore: explore ?? 0.9, prune: prune ?? 640, runs: runs ?? 4,
                                                           checkpoints: Set(numbers(checkpoints)),
                                                           lookupMinCount: labelSetting.count, lookupPurity: labelSetting.share,
                                                           transitionLookupMinCount: transitionSetting.count, transitionLookupPurity: transitionSetting.share)
            var parser: DependencyParser
            if let fromModel {
                parser = try DependencyParser(path: fromModel)
                if parser.supertagger != nil {
                    // The label lookup of a parser with supertags also reads the supertags it trained on.
                    supertagged = jackknifedSupertags()
                }
                parser = parser.with(labelLookup: DependencyParser.learnLabelLookup(train, tags: tags, supertags: supertagged, labels: parser.labels, options: options))
                if let st = parser.supertagger {
                    parser = parser.with(supertagger: st.with(lookupFrom: train, tags: tags, minCount: supertagSetting.count, purity: supertagSetting.share))
                }
            } else {
                var trainOptions = options
                trainOptions.transitionLookupMinCount = 0   // learned below, once the tables are final
                parser = DependencyParser.train(train, tags: tags, supertags: supertagged, supertagger: supertagger, options: trainOptions, progress: { stage, e, acc in
                    log(String(format: "%@ epoch %d: train accuracy %.2f%%", stage, e, 100 * acc))
                }, checkpoint: { e, p in
                    log("dev after epoch \(e): " + SyntaxTraining.evaluate(SyntaxAnalyzer(tagger: base, parser: p), on: dev).summary)
                })
            }
            if let parts = repruneLevels {
                parser = parser.pruned(transitions: parts[0], labels: parts[1])
                if parts.count == 3, let st = parser.supertagger { parser = parser.with(supertagger: st.pruned(minimum: parts[2])) }
            }
            parser = parser.with(transitionLookup: parser.learnTransitionLookup(train, tags: tags, supertags: supertagged, options: options))
            log("label lookup: \(parser.labelLookupCount) contexts; supertagger lookup: \(parser.supertagger?.lookupCount ?? 0) words and contexts; transition lookup: \(parser.transitionLookupCount) contexts")
            bytes = parser.serialized()
            for item in (pruneReport ?? "").split(separator: ",") {
                // "T:L" prunes the transition table at T and the label table at L.
                let parts = item.split(separator: ":").compactMap { Int16($0.trimmingCharacters(in: .whitespaces)) }
                guard let t = parts.first else { continue }
                let p = parser.pruned(transitions: t, labels: parts.count > 1 ? parts[1] : t)
                log("dev pruned at \(item) (\(p.serialized().count) bytes): " + SyntaxTraining.evaluate(SyntaxAnalyzer(tagger: base, parser: p), on: dev).summary)
            }
            log("dev: " + SyntaxTraining.evaluate(SyntaxAnalyzer(tagger: base, parser: parser), on: dev).summary)
            log("dev with gold tags: " + SyntaxTraining.evaluate(SyntaxAnalyzer(tagger: base, parser: parser), on: dev, goldTags: true).summary)
        }
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else { throw SyntaxError.unreadable(path: out) }
        log("wrote \(out) (\(bytes.count) bytes)")
    }
}
