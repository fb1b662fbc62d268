import DyadActors
import DyadCoding
import DyadCore
import DyadExtraction
import DyadResolution
import DyadSyntax
import DyadText
import Foundation
import Logging

/// What a user can add to the built-in dictionaries.
public struct EngineOptions: Sendable {
    /// Extra actor files in Dyad's format (see docs/DICTIONARIES.md).
    public var actorFiles: [String] = []
    /// Extra pattern files in Dyad's format.
    public var verbFiles: [String] = []
    /// The user's actor entries win over built-in ones on the same words.
    public var preferUserActors = false
    /// Code with the `--verbs` files only, without the built-in patterns (as PETRARCH runs with its own dictionaries).
    public var onlyUserVerbs = false
    /// Find actors with the `--actors` files only, without the built-in knowledge base.
    public var onlyUserActors = false
    /// Keep only events with both a source and a target (PETRARCH's `require_dyad`).
    public var requireDyad = false
    /// Discard files (PETRARCH/TABARI `.discards`): phrases that keep a sentence, or with `+` a whole
    /// document, from being coded.
    public var discardFiles: [String] = []
    /// Documents whose article text is longer than this (UTF-8 bytes) are refused with an error
    /// naming them; nil: no limit. Coding holds about 90 bytes of memory per byte of text, so the
    /// default of 4 MB (a book, not a news report) keeps one document under about 400 MB.
    public var maxTextBytes: Int? = EngineOptions.defaultMaxTextBytes
    public static let defaultMaxTextBytes = 4 << 20

    public init(actorFiles: [String] = [], verbFiles: [String] = [], preferUserActors: Bool = false, onlyUserVerbs: Bool = false,
                onlyUserActors: Bool = false, requireDyad: Bool = false, discardFiles: [String] = [],
                maxTextBytes: Int? = EngineOptions.defaultMaxTextBytes) {
        self.actorFiles = actorFiles
        self.verbFiles = verbFiles
        self.preferUserActors = preferUserActors
        self.onlyUserVerbs = onlyUserVerbs
        self.onlyUserActors = onlyUserActors
        self.requireDyad = requireDyad
        self.discardFiles = discardFiles
        self.maxTextBytes = maxTextBytes
    }
}

/// Errors in setting up the engine: a dictionary that does not load.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case dictionary(DataFileError)
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .dictionary(let e): return "dictionary error: \(e)"
        case let .unreadableFile(path, reason): return "\(path): \(reason)"
        }
    }
}

/// Dyad's default pipeline: page → article → tokens and sentences → actors → events → dates.
///
/// Loads every dictionary once into immutable values; `code(_:)` is safe to call from many threads.
public struct DyadEngine: Sendable {
    public let pipeline: Pipeline
    public let knowledgeBase: KnowledgeBase
    public let textAnalyzer: TextAnalyzer
    public let extractor: PageDumpExtractor
    public let mentionFinder: MentionFinder

    /// Loads the built-in dictionaries and the user's, and assembles the pipeline.
    /// - Throws: `EngineError` naming the file and line of a dictionary that does not parse.
    public init(options: EngineOptions = EngineOptions(), logger: Logger = Logger(label: "dyad")) throws {
        do {
            var text = try TextAnalyzer.builtIn()
            text.maxTextBytes = options.maxTextBytes
            // Dictionary phrases are split into words exactly as the tokenizer splits text.
            let phraseWords = { (phrase: String) in text.tokenizer.phraseWords(phrase) }
            var kb = options.onlyUserActors ? KnowledgeBase() : try KnowledgeBase.builtIn()
            for path in options.actorFiles {
                let before = kb.warnings.count
                try kb.load(file: path, contents: try Self.read(path), prefer: options.preferUserActors)
                // As for verb files: lines (or codes) Dyad cannot read are skipped, not fatal; say which.
                let skipped = kb.warnings[before...]
                if !skipped.isEmpty {
                    let some = skipped.prefix(3).map { "line \($0.line): \($0.message)" }.joined(separator: "; ")
                    logger.warning("\(path): \(skipped.count) line(s) or code(s) skipped (\(some)\(skipped.count > 3 ? "; …" : ""))")
                }
            }
            let matcher = ActorMatcher(knowledgeBase: kb, tokenize: phraseWords)
            var patterns = options.onlyUserVerbs ? try PatternDictionary.empty() : try PatternDictionary.builtIn()
            for path in options.verbFiles {
                if let conv = try patterns.addUserFile(contents: try Self.read(path), name: path) {
                    logger.debug("PETRARCH verb dictionary read", metadata: ["file": "\(path)", "verbs": "\(conv.verbs)", "patterns": "\(conv.patterns)",
                                                                         "synsets": "\(conv.synsets)", "skipped": "\(conv.skipped.count)"])
                    // Lines Dyad cannot read are skipped, not fatal; say which, so the user can mend them.
                    if !conv.skipped.isEmpty {
                        let some = conv.skipped.prefix(3).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                        logger.warning("\(path): \(conv.skipped.count) line(s) skipped (\(some)\(conv.skipped.count > 3 ? "; …" : ""))")
                    }
                }
            }
            let extractor = try PageDumpExtractor.builtIn()
            var coder = EventCoder(patterns: patterns, lexicon: try .builtIn(), cameo: try .builtIn())
            coder.requireDyad = options.requireDyad
            // Sport and entertainment stories are not coded with the built-in patterns (their verbs,
            // "beat", "attack", "shot", are not political events); PETRARCH-mode runs keep PETRARCH's own lists.
            if !options.onlyUserVerbs {
                try coder.discards.addTopic(contents: try CodingResources.load("off-topic.txt"), name: "off-topic.txt", split: phraseWords)
            }
            for path in options.discardFiles {
                try coder.discards.add(contents: try Self.read(path), name: path, split: phraseWords)
            }
            let finder = MentionFinder(knowledgeBase: kb, matcher: matcher, anaphors: try .builtIn())
            mentionFinder = finder
            let syntax = try SyntaxAnalyzer.builtIn()
            pipeline = try Pipeline([
                extractor,
                text,
                syntax,
                finder,
                coder,
                EventDater(),
            ])
            logger.debug("pipeline ready", metadata: ["components": "\(pipeline.names.joined(separator: ","))", "phrases": "\(kb.phrases.count)"])
            knowledgeBase = kb
            textAnalyzer = text
            self.extractor = extractor
        } catch let e as DataFileError {
            throw EngineError.dictionary(e)
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EngineError.unreadableFile(path: path, reason: "cannot read the file (missing or not permitted)")
        }
        guard let s = String(data: data, encoding: .utf8) else { throw EngineError.unreadableFile(path: path, reason: "not valid UTF-8") }
        return s
    }

    /// Runs the whole pipeline over one document.
    /// - Throws: the error of the stage that could not go on, naming the document.
    public func code(_ document: Document) throws -> Document {
        try pipeline.run(document)
    }

    /// Resolves a short actor phrase ("Chile's Defense Ministry", "Vladimir Putin") on a date, for
    /// `dyad actors`: the phrase's actor, or nil when it names no political actor. A country named in
    /// `context` fills in the country when the phrase gives none ("the PAN" with context "Mexico").
    public func resolveActor(_ phrase: String, context: String? = nil, date: CivilDate? = nil) -> ActorRef? {
        func mentions(_ toks: [Token], _ s: String) -> [ActorMention] {
            var ctx = MentionFinder.DiscourseContext()
            return mentionFinder.find(in: toks[...], text: s, date: date, context: &ctx).filter { $0.kind == .named }
        }
        let tokens = textAnalyzer.tokenizer.tokenize(phrase)
        let named = mentions(tokens, phrase)
        let found = named.flatMap(\.actors)
        // A city or region on its own stands for its people (CVL) only when nothing else in the phrase is an actor.
        let placeOnly = { (a: ActorRef) in a.sector == "CVL" && a.kbId?.hasPrefix("country:") == true && a.name == nil }
        var best = found.first { $0.kbId?.hasPrefix("person:") == true && $0.code != nil }
            ?? found.first { $0.country != nil && $0.sector != nil && !placeOnly($0) }
            ?? found.first { $0.kbId?.hasPrefix("org:") == true }
        if best == nil {
            // The head of the phrase is its last agent before a preposition: "crowd control police",
            // "secret services of the republic"; a country named apart joins it: "trade unions in Denmark".
            let prepositions: Set<String> = ["of", "in", "from", "at", "for", "with", "on", "near", "across", "inside", "outside"]
            let preposition = tokens.indices.first { i in
                prepositions.contains(tokens[i].norm) && !named.contains { $0.tokens.contains(i) }
            } ?? tokens.endIndex
            let agents = named.filter { m in m.actors.count == 1 && m.actors[0].sector != nil && m.actors[0].country == nil }
            let agent = (agents.last { $0.tokens.lowerBound < preposition } ?? agents.first)?.actors[0]
            let country = found.first { $0.country != nil && !placeOnly($0) } ?? found.first { $0.country != nil }
            if let c = country?.country, let agent {
                best = ActorRef(text: phrase, code: knowledgeBase.cameo(country: c, sector: agent.sector), country: c, sector: agent.sector,
                                name: nil, kbId: country?.kbId, sector2: agent.sector2)
            } else if let country {
                best = country
            } else if let agent {
                best = agent
            }
        }
        if best == nil, named.isEmpty, let kind = mentionFinder.anaphors.kind(ofWhole: tokens[...]), kind == .person || kind == .plural {
            // A pronoun on its own is an actor whose identity the phrase does not give.
            best = ActorRef(text: phrase, code: nil, country: nil, sector: "UNK")
        }
        guard var actor = best else { return nil }
        if actor.country == nil, let context, actor.kbId?.hasPrefix("org:") != true,
           let c = mentions(textAnalyzer.tokenizer.tokenize(context), context).flatMap(\.actors).first(where: { $0.country != nil })?.country {
            actor.country = c
            actor.code = knowledgeBase.cameo(country: c, sector: actor.sector)
        }
        if actor.code == nil, let sector = actor.sector { actor.code = sector }
        actor.text = phrase
        return actor
    }
}

/// The extraction stage alone (page → article, title, date, site), with only its own data files
/// loaded — no models or actor dictionaries — so `dyad extract` starts in milliseconds.
public struct ArticleExtraction: Sendable {
    let stage: PageDumpExtractor

    /// - Throws: `EngineError` naming the file and line of a data file that does not parse.
    public init() throws {
        do {
            var stage = try PageDumpExtractor.builtIn()
            stage.keepsTitleHeading = true
            self.stage = stage
        } catch let e as DataFileError {
            throw EngineError.dictionary(e)
        }
    }

    /// Finds the article in one document.
    /// - Throws: the extraction error naming the document.
    public func extract(_ document: Document) throws -> Document {
        var d = document
        try stage.process(&d)
        return d
    }
}
