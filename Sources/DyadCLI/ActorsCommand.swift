import ArgumentParser
import Dyad
import DyadCore
import Foundation

struct ActorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actors",
        abstract: "Resolve actor phrases to CAMEO actor codes (names in, actors out).",
        discussion: """
            Input: jsonl lines {"id", "text", "context"?, "date"?} or plain lines of text. Output: one Actor per \
            line with "id" added and "sector2" for a second agent code; "code": null when the text names no \
            political actor. People resolve to the office they held on the date (--date or the line's own).
            """
    )

    @Argument(help: "Files or - for stdin.")
    var inputs: [String] = ["-"]

    @Option(help: "Date (YYYY-MM-DD) to resolve offices on, for lines without their own; without one, a person takes their latest office.")
    var date: String?

    @OptionGroup var dictionaries: DictionaryOptions

    func validate() throws { try validateDay(date, option: "--date") }

    func run() throws {
        let engine = try dictionaries.engine()
        let fallback = date.flatMap(CivilDate.init(iso:))
        var failed = 0, total = 0
        for input in inputs {
            let data: Data?
            if input == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else { data = FileManager.default.contents(atPath: input) }
            guard let data, let text = String(data: data, encoding: .utf8) else {
                Console.error("\(input): cannot be read as UTF-8 text")
                failed += 1
                continue
            }
            var out = ""
            for (i, line) in text.lineSlices().enumerated() {
                let t = line.trimmingWhitespace()
                if t.isEmpty { continue }
                total += 1
                var id = "\(input):\(i + 1)", phrase = t, context: String?, day = fallback
                if t.hasPrefix("{") {
                    guard let obj = try? JSONValue.parse(t), let s = obj["text"]?.stringValue else {
                        Console.error("\(input):\(i + 1): not a JSON object with a \"text\"")
                        failed += 1
                        continue
                    }
                    phrase = s
                    id = obj["id"]?.stringValue ?? id
                    context = obj["context"]?.stringValue
                    if let ds = obj["date"]?.stringValue, let d = CivilDate(iso: String(ds.prefix(10))) { day = d }
                }
                let actor = engine.resolveActor(phrase, context: context, date: day)
                var fields: [(String, JSONValue)] = [("id", .string(id))]
                if case .object(let f) = EventRecord.json(actor ?? ActorRef(text: phrase, code: nil, country: nil, sector: nil)) { fields += f }
                fields.append(("sector2", .optional(actor?.sector2)))
                out += JSONValue.object(fields).serialized() + "\n"
            }
            Console.write(out)
        }
        if failed > 0 { throw SomeInputsFailed(failed: failed, total: total) }
    }
}
