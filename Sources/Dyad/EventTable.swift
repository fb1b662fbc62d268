import Foundation
import DyadCore

/// A fixed-width table of events for reading in a terminal.
public enum EventTable {
    static let headers = ["doc", "sent", "date", "source", "cameo", "target", "modality", "trigger"]

    /// The header line and one line per event.
    public static func render(_ rows: [(String, Event)]) -> String {
        let cells: [[String]] = rows.map { doc, e in
            [short(doc, 24), e.sentenceIndex < 0 ? "title" : String(e.sentenceIndex), e.date?.description ?? "-",
             actor(e.source), e.cameo.rawValue, actor(e.target), e.modality.rawValue, short(e.evidence.trigger, 32)]
        }
        var widths = headers.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in i == r.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(headers)] + cells.map(line)).joined(separator: "\n") + "\n"
    }

    static func actor(_ a: ActorRef?) -> String { a.map { $0.code ?? "?" + short($0.text, 16) } ?? "-" }

    static func short(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
