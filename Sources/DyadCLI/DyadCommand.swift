import ArgumentParser
import Dyad
import DyadCore
import Foundation

/// `dyad`: political event data from news text.
struct DyadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dyad",
        abstract: "Code news reports into political events: who did what to whom, when, how sure, and why.",
        discussion: """
            Exit codes: 0 when every input was processed, 1 when some input failed (the rest are still \
            processed and reported on stderr), 2 on a usage error.
            """,
        version: Engine.name,
        subcommands: [CodeCommand.self, ExtractCommand.self, IngestCommand.self, EventsCommand.self, ActorsCommand.self, ServeCommand.self, ExportCommand.self, BenchCommand.self, BenchStoreCommand.self, ParseCommand.self, TrainCommand.self]
    )
}

/// Options shared by the commands that read documents.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, folders (walked recursively, sorted) or - for stdin.")
    var inputs: [String] = ["-"]

    @Option(help: "How to read the inputs: auto, text, html or jsonl.")
    var input: InputMode = .auto

    @Option(help: "Publication date (YYYY-MM-DD) for documents that do not carry one.")
    var date: String?

    @Option(help: "Outlet name for documents that do not carry one.")
    var source: String?

    @Option(help: "URL for documents that do not carry one.")
    var url: String?

    func validate() throws { try validateDay(date, option: "--date") }

    var reader: InputReader {
        InputReader(mode: input, defaults: DocumentDefaults(date: date.flatMap(CivilDate.init(iso:)), source: source, url: url))
    }
}

/// Options that add user dictionaries.
struct DictionaryOptions: ParsableArguments {
    @Option(name: .customLong("actors"), help: "An actor file (Dyad's format, or PETRARCH/TABARI .actors/.agents), added to the built-in ones (repeatable).")
    var actorFiles: [String] = []

    @Option(name: .customLong("verbs"), help: "A pattern file (Dyad's format, or a PETRARCH/TABARI verb dictionary such as CAMEO.2.0.txt), added to the built-in ones (repeatable).")
    var verbFiles: [String] = []

    @Flag(help: "Let entries of the --actors files win over built-in entries on the same words.")
    var preferUserActors = false

    @Flag(help: "Code with the --verbs files only, without Dyad's built-in patterns (the way PETRARCH runs with its own dictionary).")
    var onlyUserVerbs = false

    @Flag(help: "Find actors with the --actors files only, without Dyad's built-in knowledge base (the way PETRARCH runs).")
    var onlyUserActors = false

    @Flag(help: "Keep only events with both a source and a target (PETRARCH's require_dyad).")
    var requireDyad = false

    @Option(name: .customLong("discards"), help: "A PETRARCH/TABARI discard file: a sentence with one of its phrases is not coded, a document with one of its '+' phrases not at all (repeatable).")
    var discardFiles: [String] = []

    func validate() throws {
        if onlyUserVerbs && verbFiles.isEmpty { throw ValidationError("--only-user-verbs needs at least one --verbs file") }
        if onlyUserActors && actorFiles.isEmpty { throw ValidationError("--only-user-actors needs at least one --actors file") }
    }

    func engine(maxTextBytes: Int? = EngineOptions.defaultMaxTextBytes) throws -> DyadEngine {
        try DyadEngine(options: EngineOptions(actorFiles: actorFiles, verbFiles: verbFiles, preferUserActors: preferUserActors,
                                              onlyUserVerbs: onlyUserVerbs, onlyUserActors: onlyUserActors,
                                              requireDyad: requireDyad, discardFiles: discardFiles, maxTextBytes: maxTextBytes))
    }
}

/// How documents are coded (`dyad code`, `dyad ingest`): the size limit of one, and how many at once.
struct CodingOptions: ParsableArguments {
    @Option(name: .customLong("max-text-mb"), help: "Refuse, with an error naming it, a document whose article text is longer than this many MB (coding takes about 90 bytes of memory per byte of text); 0: no limit.")
    var maxTextMB: Double = Double(EngineOptions.defaultMaxTextBytes) / Double(1 << 20)

    @Option(help: "Documents coded at once, each on its own core (the default is this machine's core count). The output is the same, in the same order, for any number.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if !(maxTextMB >= 0) { throw ValidationError("--max-text-mb must be 0 (no limit) or more") }
        if jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    }

    var maxTextBytes: Int? { maxTextMB == 0 ? nil : Int(min(maxTextMB, 1_000_000) * 1_048_576) }
}

extension InputMode: ExpressibleByArgument {}

/// Checks that an option holds a calendar day (YYYY-MM-DD), for every command that takes dates.
func validateDay(_ value: String?, option: String) throws {
    if let value, CivilDate(iso: value)?.precision != .day {
        throw ValidationError("\(option) must be a calendar date like 2024-05-16, not '\(value)'")
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, table, tsv
}

/// Writes to stdout and stderr without buffering surprises.
enum Console {
    static func write(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    static func error(_ s: String) { FileHandle.standardError.write(Data(("dyad: " + s + "\n").utf8)) }
}

/// The exit code for a batch in which some inputs failed.
struct SomeInputsFailed: Error, CustomStringConvertible {
    var failed: Int
    var total: Int
    var description: String { "\(failed) of \(total) inputs failed" }
}

/// Results written by the threads of `forEachCoded`, each to its own slot.
private final class CodedSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Result<Document, any Error>?>
    init(count: Int) {
        slots = .allocate(capacity: max(count, 1))
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

/// Runs a batch over inputs: each input's document is coded by `code`, up to `jobs` at once (in
/// groups of a few per job, so that memory stays bounded), and handed to `body` in input order, on
/// this thread; errors go to stderr and the rest go on. With more than one job, the next group is
/// coded while `body` handles the one before (storing overlaps coding). The output does not depend
/// on `jobs`.
func forEachCoded(_ reader: InputReader, _ inputs: [String], jobs: Int, code: @escaping @Sendable (Document) throws -> Document,
                  _ body: (Document) throws -> Void) throws {
    var failed = 0, total = 0
    var pending: [Result<Document, InputError>] = []
    var pendingBytes = 0
    // A group is a few documents per job, and at most about 4 MB of input: a coded document holds
    // about 90 bytes per byte of its text until it is written, and two groups are held at once.
    let groupSize = jobs <= 1 ? 1 : jobs * 8
    let groupBytes = 4 << 20
    typealias Group = (docs: [Result<Document, InputError>], results: CodedSlots, done: DispatchGroup)
    func start(_ docs: [Result<Document, InputError>]) -> Group {
        let results = CodedSlots(count: docs.count)
        let done = DispatchGroup()
        let work: @Sendable (Int) -> Void = { i in
            if case .success(let d) = docs[i] { results.slots[i] = Result { try code(d) } }
        }
        if jobs <= 1 {
            for i in docs.indices { work(i) }
        } else {
            done.enter()
            DispatchQueue.global().async {
                DispatchQueue.concurrentPerform(iterations: docs.count, execute: work)
                done.leave()
            }
        }
        return (docs, results, done)
    }
    func finish(_ g: Group) {
        g.done.wait()
        for i in g.docs.indices {
            switch g.docs[i] {
            case .failure(let e):
                failed += 1
                Console.error(e.description)
            case .success:
                switch g.results.slots[i]! {
                case .success(let coded):
                    do { try body(coded) } catch {
                        failed += 1
                        Console.error("\(error)")
                    }
                case .failure(let error):
                    failed += 1
                    Console.error("\(error)")
                }
            }
        }
    }
    var inFlight: Group?
    func launch() {
        guard !pending.isEmpty else { return }
        let next = start(pending)
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        if let previous = inFlight { finish(previous) }
        inFlight = next
    }
    reader.forEach(inputs) { result in
        total += 1
        if case .success(let d) = result { pendingBytes += d.raw.utf8.count }
        pending.append(result)
        if pending.count >= groupSize || pendingBytes >= groupBytes { launch() }
    }
    launch()
    if let last = inFlight { finish(last) }
    if failed > 0 { throw SomeInputsFailed(failed: failed, total: total) }
}

/// Runs a batch over inputs: each input's document or error, errors to stderr, the rest go on
/// (`forEachCoded` with one job and nothing to code first).
func forEachDocument(_ reader: InputReader, _ inputs: [String], _ body: (Document) throws -> Void) throws {
    try forEachCoded(reader, inputs, jobs: 1, code: { $0 }, body)
}
