import ArgumentParser
import Dyad
import DyadCore
import DyadStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Code documents and store them with their events (the same document twice is stored once)."
    )

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var dictionaries: DictionaryOptions

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    func run() throws {
        let engine = try dictionaries.engine()
        let store = try SQLiteEventStore(path: db)
        var stored = 0, duplicates = 0, events = 0, recoded = 0
        defer {
            let clusters = (try? store.clusterCounts()).map { ", \($0.clusters) happenings in the store" } ?? ""
            Console.error("ingest: \(stored) documents stored (\(events) events), \(duplicates) already present, \(recoded) re-coded, into \(db)\(clusters)")
        }
        try forEachDocument(inputOptions.reader, inputOptions.inputs) { doc in
            let coded = try engine.code(doc)
            switch try store.ingest(coded) {
            case .stored(let n): stored += 1; events += n
            case .duplicate: duplicates += 1
            case .recoded(let n): recoded += 1; events += n
            }
        }
    }
}

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List the events stored in a database, as jsonl."
    )

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    @Option(help: "At most this many events.")
    var limit: Int?

    func run() throws {
        let store = try SQLiteEventStore(path: db)
        var out = ""
        for e in try store.events(limit: limit) { out += e.line + "\n" }
        Console.write(out)
    }
}
