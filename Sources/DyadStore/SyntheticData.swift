import DyadCore
import Foundation
import GRDB

/// Fills a store with synthetic events for benchmarks: realistic shapes, no meaning.
///
/// Events spread over `days` days among `countries` countries, one document per 20 events and
/// one cluster per event (so series count every event), written in batched transactions.
public enum SyntheticData {
    public static func fill(_ store: SQLiteEventStore, events: Int, countries: [String], days: Int = 3650, seed: UInt64 = 42) throws {
        var rng = seed
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        let codes = ["010", "020", "036", "040", "042", "043", "051", "057", "0312", "061", "071", "111", "112", "120", "130", "140", "163", "173", "190", "195"]
        let start = CivilDate(year: 2016, month: 1, day: 1).dayNumber
        let batch = 20_000
        var done = 0
        while done < events {
            try store.write { db in
                let n = min(batch, events - done)
                var docID: Int64 = 0
                for k in 0..<n {
                    let i = done + k
                    if i % 20 == 0 {
                        try db.execute(sql: """
                            INSERT INTO document (doc_id, content_hash, title, published, text, engine, ingested_at, family)
                            VALUES (?, ?, ?, ?, '', 'synthetic', '', NULL)
                            """, arguments: ["synthetic-\(i / 20)", "synthetic-\(i / 20)", "Synthetic report \(i / 20)", nil as String?])
                        docID = db.lastInsertedRowID
                        try db.execute(sql: "UPDATE document SET family = id WHERE id = ?", arguments: [docID])
                    }
                    let a = countries[Int(next() % UInt64(countries.count))]
                    var b = countries[Int(next() % UInt64(countries.count))]
                    if b == a { b = countries[(countries.firstIndex(of: a)! + 1) % countries.count] }
                    let code = codes[Int(next() % UInt64(codes.count))]
                    let root = Int(code.prefix(2))!
                    let quad = QuadClass(root: root).rawValue
                    let g = Double(Int(next() % 200) - 100) / 10
                    let date = CivilDate(dayNumber: start + Int(next() % UInt64(days))).description
                    let id = String(format: "syn%021d", i)
                    let sentence = "\(a) and \(b) synthetic sentence number \(i) with code \(code)."
                    let record = "{\"event_id\": \"\(id)\", \"synthetic\": true}"
                    try db.execute(sql: """
                        INSERT INTO event (event_id, documentId, sentence_index, date, date_precision, source_code, source_country, target_code,
                          target_country, cameo, cameo_root, goldstein, quad_class, modality, sentence, rule, record, cluster_id, trigger)
                        VALUES (?, ?, ?, ?, 'day', ?, ?, ?, ?, ?, ?, ?, ?, 'asserted', ?, 'synthetic', ?, ?, 'synthetic')
                        """, arguments: [id, docID, i % 20, date, a + "GOV", a, b, b, code, String(code.prefix(2)), g, quad, sentence, record, "c" + id])
                    try db.execute(sql: """
                        INSERT INTO cluster (id, first_event_id, date, source_key, target_key, source_code, target_code, source_country, target_country,
                          cameo, cameo_root, quad_class, goldstein, sentence, reports, sources)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)
                        """, arguments: ["c" + id, id, date, a, b, a + "GOV", b, a, b, code, String(code.prefix(2)), quad, g, sentence])
                    try db.execute(sql: "INSERT INTO cluster_member (cluster_id, event_id, family, reason) VALUES (?, ?, ?, 'synthetic')",
                                   arguments: ["c" + id, id, docID])
                    try db.execute(sql: "INSERT INTO event_search (event_id, sentence, title) VALUES (?, ?, '')", arguments: [id, sentence])
                }
                done += n
            }
        }
    }
}
