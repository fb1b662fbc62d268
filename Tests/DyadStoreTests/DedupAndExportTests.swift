import Dyad
import DyadCore
import DyadStore
import Foundation
import GRDB
import Testing

/// Three reports written for these tests: an original, a syndicated copy with a new first line,
/// and an independent report of the same happening by another outlet.
let original = """
Floods in the south
Chilean President Gabriel Boric praised Argentina on Tuesday for its help after the floods, saying the two neighbours had shown real friendship.
Officials in Santiago said the aid arrived within a day and that rescue teams worked through the night in the worst hit towns.
The floods have displaced thousands of families across the south of the country, and the government expects the damage to run into millions.
"""
let syndicated = "Republished from Example Wire.\n" + original
let independent = """
Boric thanks Buenos Aires
Chile's president Gabriel Boric praised Argentina on Tuesday for sending rescue teams and aid to flooded towns in the south.
"""

func coded(_ id: String, _ text: String, site: String) throws -> Document {
    try engine.code(Document(id: id, raw: text, site: site, publicationDate: CivilDate(iso: "2024-05-16")))
}

@Test func sameArticleTwice_andSyndicatedCopy_countOnce_independentReportRaisesSources() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    let a = try coded("wire.txt", original, site: "Example Wire")
    let praise = try #require(a.events.first { $0.cameo.rawValue == "051" })
    #expect(praise.source?.country == "CHL" && praise.target?.country == "ARG")

    _ = try store.ingest(a)
    #expect(try store.ingest(a) == .duplicate)
    var detail = try #require(try store.event(id: praise.id))
    #expect(detail.cluster?.reports == 1)
    #expect(detail.cluster?.sources == 1)

    _ = try store.ingest(try coded("copy.txt", syndicated, site: "Other Paper"))
    detail = try #require(try store.event(id: praise.id))
    #expect(detail.cluster?.reports == 2)
    #expect(detail.cluster?.sources == 1)

    _ = try store.ingest(try coded("independent.txt", independent, site: "Third Outlet"))
    detail = try #require(try store.event(id: praise.id))
    #expect(detail.cluster?.sources == 2)
    #expect(detail.members.count == 3)
    #expect(detail.members.contains { $0.1.hasPrefix("same actors CHL→ARG, same code 051") })
    // The cluster keeps its first report.
    #expect(detail.cluster?.firstEventID == praise.id)
}

@Test func differentHappenings_stayApart() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    _ = try store.ingest(try coded("a.txt", "Chile praised Argentina on Tuesday for its help.", site: "A"))
    _ = try store.ingest(try coded("b.txt", "Chile criticized Argentina on Tuesday over the border.", site: "B"))
    let later = try engine.code(Document(id: "d.txt", raw: "Chile praised Argentina for its help.", publicationDate: CivilDate(iso: "2024-09-01")))
    _ = try store.ingest(later)
    #expect(try store.clusterCounts().clusters == 3)
}

@Test func recodingWithAnotherEngine_replacesTheDocumentsEvents() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    let doc = try coded("a.txt", "Chile praised Argentina on Tuesday for its help.", site: "A")
    _ = try store.ingest(doc)
    try store.write { db in try db.execute(sql: "UPDATE document SET engine = 'dyad 0.0.1'") }
    #expect(try store.ingest(doc) == .recoded(events: doc.events.count))
    #expect(try store.counts().documents == 1)
    #expect(try store.counts().events == doc.events.count)
    #expect(try store.clusterCounts().clusters == doc.events.count)
}

@Test func dyadSeries_countsClustersPerPeriodAndQuadClass() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    _ = try store.ingest(try coded("wire.txt", original, site: "Example Wire"))
    _ = try store.ingest(try coded("copy.txt", syndicated, site: "Other Paper"))
    _ = try store.ingest(try engine.code(Document(id: "b.txt", raw: "Chile criticized Argentina over the border.", publicationDate: CivilDate(iso: "2024-06-02"))))
    let s = try store.dyadSeries("CHL", "ARG", interval: .month)
    #expect(s.points.map(\.period) == ["2024-05", "2024-06"])
    #expect(s.points[0].quad == [1, 0, 0, 0])
    #expect(s.points[1].quad == [0, 0, 1, 0])
    #expect(s.points[1].cooperationIndex == -1)
    let weekly = try store.dyadSeries("ARG", "CHL", interval: .week)
    #expect(weekly.points.first?.period == "2024-05-13")
}

@Test func search_filtersByActorCodeQuadTextAndDate() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    _ = try store.ingest(try coded("wire.txt", original, site: "Example Wire"))
    _ = try store.ingest(try engine.code(Document(id: "b.txt", raw: "Peru criticized Bolivia over the border.", publicationDate: CivilDate(iso: "2024-06-02"))))
    #expect(try store.search(EventFilter(actor: "CHL")).total == 1)
    #expect(try store.search(EventFilter(country: "BOL")).total == 1)
    #expect(try store.search(EventFilter(code: "11")).events.map(\.cameo) == ["111"])
    #expect(try store.search(EventFilter(quadClass: 3)).total == 1)
    #expect(try store.search(EventFilter(from: "2024-06-01")).total == 1)
    #expect(try store.search(EventFilter(text: "tariffs")).total == 0)
    #expect(try store.search(EventFilter(text: "floods")).total == 1)  // the title
    #expect(try store.search(EventFilter(text: "friendship")).total == 1)
    // Values are bound, never spliced into SQL.
    #expect(try store.search(EventFilter(actor: "X' OR 1=1 --")).total == 0)
}

@Test func exports_writeEveryFormatColumnByColumn() throws {
    let path = tempDB()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try SQLiteEventStore(path: path)
    let doc = try engine.code(Document(id: "b.txt", raw: "Peru criticized Bolivia, \"sharply\", over the border.", url: "https://example.org/b",
                                       publicationDate: CivilDate(iso: "2024-06-02")))
    _ = try store.ingest(doc)
    var rows: [EventRow] = []
    try store.export(from: nil, to: nil) { rows.append($0) }
    let e = try #require(rows.first)

    #expect(Exporter(format: .jsonl).line(e) == EventRecord.json(doc.events[0], documentID: "b.txt").serialized() + "\n")

    let csv = Exporter(format: .csv)
    #expect(csv.header == Exporter.csvColumns.joined(separator: ",") + "\n")
    let line = csv.line(e)
    #expect(line.contains("\"Peru criticized Bolivia, \"\"sharply\"\", over the border.\""))
    let fields = line.dropLast().components(separatedBy: ",")
    #expect(fields[0] == e.eventID)
    #expect(fields[1] == "b.txt")
    #expect(fields[2] == "2024-06-02")
    #expect(fields[4] == "PER" && fields[8] == "BOL")
    #expect(fields[12] == "111" && fields[13] == "11" && fields[15] == "3")

    let g = Exporter(format: .gdelt).line(e, reports: 2, sources: 1).dropLast().components(separatedBy: "\t")
    #expect(g.count == 61)
    #expect(g[1] == "20240602" && g[2] == "202406" && g[3] == "2024")
    #expect(g[5] == "PER" && g[7] == "PER" && g[15] == "BOL" && g[17] == "BOL")
    #expect(g[26] == "111" && g[27] == "111" && g[28] == "11" && g[29] == "3" && g[30] == "-2.0")
    #expect(g[31] == "2" && g[32] == "1" && g[33] == "2")
    #expect(g[60] == "https://example.org/b")
    let geo = g[35...58]
    #expect(geo.allSatisfy { $0.isEmpty })

    let p = try JSONSerialization.jsonObject(with: Data(Exporter(format: .plover).line(e).utf8)) as? [String: Any]
    #expect(p?["event"] as? String == "ACCUSE")
    #expect(p?["mode"] as? String == "disapprove")
    #expect((p?["source"] as? [[String: Any]])?.first?["country"] as? String == "PER")
    #expect(p?["date"] as? String == "2024-06-02")
}
