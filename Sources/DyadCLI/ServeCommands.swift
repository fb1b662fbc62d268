import ArgumentParser
import Dyad
import DyadCore
import DyadServer
import DyadStore
import Foundation
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard and the JSON API over a database.",
        discussion: "Pages: / (overview), /dyads/A/B, /events/ID, /documents/ID, /search. API: /api/events, /api/events/ID, /api/dyads/A/B, /api/actors, /api/documents/ID, /openapi.json."
    )

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    @Option(help: "Address to bind; 127.0.0.1 keeps the server on this machine.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        let store = try SQLiteEventStore(path: db)
        let app = DyadServer(store: store).application(host: host, port: port)
        Console.error("serving \(db) on http://\(host):\(port)/ (Ctrl-C to stop)")
        try await app.runService()
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Stream stored events as jsonl, csv, GDELT 2.0 event-table TSV or PLOVER/POLECAT-style JSON.",
        discussion: "See docs/EXPORTS.md for the columns of each format."
    )

    @Option(help: "The SQLite database file.")
    var db: String = "dyad.sqlite"

    @Option(help: "Format: jsonl, csv, gdelt or plover.")
    var format: ExportFormat = .jsonl

    @Option(help: "Only events dated on or after this day (YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only events dated on or before this day (YYYY-MM-DD).")
    var to: String?

    func validate() throws {
        try validateDay(from, option: "--from")
        try validateDay(to, option: "--to")
    }

    func run() throws {
        let store = try SQLiteEventStore(path: db)
        let exporter = Exporter(format: format)
        var buffer = exporter.header ?? ""
        try store.export(from: from, to: to.map { $0 + "\u{FFFF}" }) { row in
            buffer += exporter.line(row, reports: row.reports, sources: row.sources)
            if buffer.utf8.count > 1 << 16 { Console.write(buffer); buffer = "" }
        }
        Console.write(buffer)
    }
}

extension ExportFormat: ExpressibleByArgument {}
