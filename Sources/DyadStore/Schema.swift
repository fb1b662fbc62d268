import GRDB

/// Dyad's SQLite schema as named, append-only migrations: never edit one that has shipped; add the next.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-documents-and-events") { db in
            try db.create(table: "document") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("doc_id", .text).notNull()
                t.column("content_hash", .text).notNull().unique()
                t.column("url", .text)
                t.column("site", .text)
                t.column("title", .text)
                t.column("published", .text)
                t.column("language", .text)
                t.column("text", .text).notNull()
                t.column("engine", .text).notNull()
                t.column("ingested_at", .text).notNull()
            }
            try db.create(table: "event") { t in
                t.primaryKey("event_id", .text)
                t.belongsTo("document", onDelete: .cascade).notNull()
                t.column("sentence_index", .integer).notNull()
                t.column("date", .text)
                t.column("date_precision", .text).check { ["day", "month", "year"].contains($0) || $0 == nil }
                t.column("source_code", .text)
                t.column("source_country", .text)
                t.column("target_code", .text)
                t.column("target_country", .text)
                t.column("cameo", .text).notNull().check { length($0) >= 2 && length($0) <= 4 }
                t.column("cameo_root", .text).notNull()
                t.column("goldstein", .double).notNull()
                t.column("quad_class", .integer).notNull().check { [1, 2, 3, 4].contains($0) }
                t.column("modality", .text).notNull().check { ["asserted", "intended", "negated", "hypothetical", "denied"].contains($0) }
                t.column("sentence", .text).notNull()
                t.column("rule", .text).notNull()
                t.column("record", .text).notNull()
            }
            try db.create(index: "event_on_date", on: "event", columns: ["date"])
            try db.create(index: "event_on_dyad", on: "event", columns: ["source_country", "target_country"])
        }
        m.registerMigration("v2-mentions-clusters-search") { db in
            // Every field of the record that queries filter or show, beside the record itself.
            try db.alter(table: "event") { t in
                t.add(column: "source_sector", .text)
                t.add(column: "source_text", .text)
                t.add(column: "target_sector", .text)
                t.add(column: "target_text", .text)
                t.add(column: "speaker_code", .text)
                t.add(column: "trigger", .text)
                t.add(column: "char_start", .integer)
                t.add(column: "char_end", .integer)
                t.add(column: "plover_event", .text)
                t.add(column: "in_headline", .boolean).notNull().defaults(to: false)
                t.add(column: "cluster_id", .text)
            }
            try db.execute(sql: """
                UPDATE event SET
                  source_sector = json_extract(record, '$.source.sector'), source_text = json_extract(record, '$.source.text'),
                  target_sector = json_extract(record, '$.target.sector'), target_text = json_extract(record, '$.target.text'),
                  speaker_code = json_extract(record, '$.speaker.code'), trigger = json_extract(record, '$.evidence.trigger'),
                  char_start = json_extract(record, '$.evidence.char_start'), char_end = json_extract(record, '$.evidence.char_end'),
                  plover_event = json_extract(record, '$.plover.event'), in_headline = coalesce(json_extract(record, '$.in_headline'), 0)
                """)
            try db.create(index: "event_on_cameo", on: "event", columns: ["cameo_root", "cameo"])
            try db.create(index: "event_on_document", on: "event", columns: ["documentId"])
            try db.alter(table: "document") { t in
                // A syndicated copy points at the first document whose text it repeats; an original at itself.
                t.add(column: "family", .integer)
                // MinHash signature of the text (32 hex words), for near-duplicate checks.
                t.add(column: "signature", .text)
            }
            try db.execute(sql: "UPDATE document SET family = id")
            try db.create(table: "document_band") { t in
                t.column("band", .integer).notNull()
                t.column("hash", .integer).notNull()
                t.belongsTo("document", onDelete: .cascade).notNull()
            }
            try db.create(index: "document_band_on_hash", on: "document_band", columns: ["band", "hash"])
            try db.create(table: "mention") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("document", onDelete: .cascade).notNull()
                t.column("sentence_index", .integer).notNull()
                t.column("char_start", .integer).notNull()
                t.column("char_end", .integer).notNull().check { $0 >= Column("char_start") }
                t.column("text", .text).notNull()
                t.column("code", .text)
                t.column("country", .text)
                t.column("sector", .text)
                t.column("kb_id", .text)
                t.column("kind", .text).notNull().check { ["named", "anaphor"].contains($0) }
            }
            try db.create(index: "mention_on_code", on: "mention", columns: ["code"])
            try db.create(table: "cluster") { t in
                t.primaryKey("id", .text)
                t.column("first_event_id", .text).notNull()
                t.column("date", .text)
                t.column("source_key", .text).notNull()
                t.column("target_key", .text).notNull()
                t.column("source_code", .text)
                t.column("target_code", .text)
                t.column("source_country", .text)
                t.column("target_country", .text)
                t.column("cameo", .text).notNull()
                t.column("cameo_root", .text).notNull()
                t.column("quad_class", .integer).notNull().check { [1, 2, 3, 4].contains($0) }
                t.column("goldstein", .double).notNull()
                t.column("sentence", .text).notNull()
                t.column("reports", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
                t.column("sources", .integer).notNull().defaults(to: 0).check { $0 >= 0 }
            }
            try db.create(index: "cluster_on_key", on: "cluster", columns: ["source_key", "target_key", "cameo_root", "date"])
            try db.create(index: "cluster_on_countries", on: "cluster", columns: ["source_country", "target_country", "date"])
            try db.create(index: "cluster_on_date", on: "cluster", columns: ["date"])
            try db.create(table: "cluster_member") { t in
                t.column("cluster_id", .text).notNull().references("cluster", onDelete: .cascade)
                t.column("event_id", .text).notNull().references("event", column: "event_id", onDelete: .cascade)
                t.column("family", .integer).notNull()
                t.column("reason", .text).notNull()
                t.primaryKey(["cluster_id", "event_id"])
            }
            try db.create(index: "cluster_member_on_event", on: "cluster_member", columns: ["event_id"])
            try db.create(virtualTable: "event_search", using: FTS5()) { t in
                t.tokenizer = .unicode61()
                t.column("event_id").notIndexed()
                t.column("sentence")
                t.column("title")
            }
            try db.execute(sql: """
                INSERT INTO event_search (event_id, sentence, title)
                SELECT e.event_id, e.sentence, coalesce(d.title, '') FROM event e JOIN document d ON d.id = e.documentId
                """)
        }
        m.registerMigration("v3-query-indexes") { db in
            // Prefix filters on actor codes are written as ranges, so these indexes serve them.
            try db.create(index: "event_on_source_code", on: "event", columns: ["source_code", "date"])
            try db.create(index: "event_on_target_code", on: "event", columns: ["target_code", "date"])
            try db.create(index: "event_on_target_country", on: "event", columns: ["target_country", "date"])
            try db.create(index: "event_on_source_country_date", on: "event", columns: ["source_country", "date"])
        }
        m.registerMigration("v4-cluster-family-index") { db in
            try db.create(index: "cluster_member_on_family", on: "cluster_member", columns: ["cluster_id", "family"])
        }
        return m
    }
}
