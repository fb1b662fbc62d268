import ArgumentParser
import Dyad
import DyadCore
import DyadStore
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Code documents and store them with their events (the same document twice is stored once)."
    )

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var dictionaries: DictionaryOptions
    @OptionGroup var coding: CodingOptions

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    func run() throws {
        let engine = try dictionaries.engine(maxTextBytes: coding.maxTextBytes)
        let store = try SQLiteEventStore(path: db)
        var stored = 0, duplicates = 0, events = 0, recoded = 0
        defer {
            let clusters = (try? store.clusterCounts()).map { ", \($0.clusters) happenings in the store" } ?? ""
            Console.error("ingest: \(stored) documents stored (\(events) events), \(duplicates) already present, \(recoded) re-coded, into \(db)\(clusters)")
        }
        try forEachCoded(inputOptions.reader, inputOptions.inputs, jobs: coding.jobs, code: { try engine.code($0) }) { coded in
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
        abstract: "List the events stored in a database (jsonl as `dyad code` prints them, or a table)."
    )

    enum Format: String, ExpressibleByArgument { case jsonl, table }

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    @Option(help: "At most this many events.")
    var limit: Int?

    @Option(help: "Output format: jsonl or table.")
    var format: Format = .jsonl

    func run() throws {
        let store = try SQLiteEventStore(path: db)
        switch format {
        case .jsonl:
            var out = ""
            for e in try store.events(limit: limit) { out += e.line + "\n" }
            Console.write(out)
        case .table:
            var rows: [[String]] = [["date", "source", "cameo", "target", "modality", "sources", "doc", "trigger"]]
            try store.export(from: nil, to: nil) { e in
                if let limit, rows.count > limit { return }
                rows.append([e.date ?? "-", e.sourceCode ?? "-", e.cameo, e.targetCode ?? "-", e.modality, String(e.sources),
                             String(e.docID.suffix(28)), String((e.trigger ?? "").prefix(32))])
            }
            var widths = rows[0].map(\.count)
            for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
            Console.write(rows.map { r in
                r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n")
        }
    }
}
