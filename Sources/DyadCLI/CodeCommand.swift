import ArgumentParser
import Dyad
import DyadCore

struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Code documents into events (text in, events out).",
        discussion: "One event per line with --format jsonl; see docs/interfaces for the record."
    )

    @OptionGroup var inputOptions: InputOptions
    @OptionGroup var dictionaries: DictionaryOptions
    @OptionGroup var coding: CodingOptions

    @Option(help: "Output format: jsonl, table or tsv.")
    var format: OutputFormat = .jsonl

    func run() throws {
        let engine = try dictionaries.engine(maxTextBytes: coding.maxTextBytes)
        var rows: [(String, Event)] = []
        if format == .tsv { Console.write(EventRecord.tsvColumns.joined(separator: "\t") + "\n") }
        defer { if format == .table { Console.write(EventTable.render(rows)) } }
        try forEachCoded(inputOptions.reader, inputOptions.inputs, jobs: coding.jobs, code: { try engine.code($0) }) { coded in
            for d in coded.diagnostics { Console.error("\(coded.id): \(d)") }
            switch format {
            case .jsonl:
                var out = ""
                for e in coded.events { EventRecord.json(e, documentID: coded.id).write(to: &out); out += "\n" }
                Console.write(out)
            case .tsv:
                Console.write(coded.events.map { EventRecord.tsv($0, documentID: coded.id) + "\n" }.joined())
            case .table:
                rows.append(contentsOf: coded.events.map { (coded.id, $0) })
            }
        }
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Find the article in each document: title, date, site and body text."
    )

    enum Format: String, ExpressibleByArgument { case json, jsonl, text }

    @OptionGroup var inputOptions: InputOptions

    @Option(help: "Output format: json, jsonl or text.")
    var format: Format = .jsonl

    func run() throws {
        let extraction = try ArticleExtraction()
        try forEachDocument(inputOptions.reader, inputOptions.inputs) { doc in
            let d = try extraction.extract(doc)
            switch format {
            case .text:
                Console.write("\(d.title ?? "")\n\n\(d.text)\n")
            case .json, .jsonl:
                let record = JSONValue.object([
                    ("doc_id", .string(d.id)), ("url", .optional(d.url)), ("title", .optional(d.title)), ("text", .string(d.text)),
                    ("date", .optional(d.publicationDate?.description)), ("date_precision", .optional(d.publicationDate?.precision.rawValue)),
                    ("site", .optional(d.site)), ("author", .optional(d.author)), ("language", .optional(d.language)),
                ])
                Console.write(record.serialized() + "\n")
            }
        }
    }
}
