import DyadCore
import Foundation
import GRDB

/// Errors of the store, with what to do about them.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case database(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "cannot open the database at \(path): \(reason)"
        case .database(let m): return "database error: \(m)"
        }
    }
}

/// What ingesting one document did.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored with this many events.
    case stored(events: Int)
    /// The same content was already stored; nothing changed.
    case duplicate
}

/// A stored event: its record as the contract gives it (one JSON line), and the document it came from.
public struct StoredEvent: Sendable {
    public var documentID: String
    public var line: String
}

/// The narrow interface the rest of Dyad uses to keep documents and events.
public protocol EventStoring: Sendable {
    func ingest(_ document: Document) throws -> IngestOutcome
    func events(limit: Int?) throws -> [StoredEvent]
    func counts() throws -> (documents: Int, events: Int)
}

/// The SQLite store, through GRDB, in WAL mode.
///
/// Documents are keyed by a content hash, so ingesting the same document twice stores it once;
/// a document and its events are written in one transaction.
public final class SQLiteEventStore: EventStoring, Sendable {
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch let e as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: e.message ?? e.description)
        }
    }

    /// Named, append-only migrations: never edit one that has shipped; add the next.
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
        return m
    }

    public func ingest(_ document: Document) throws -> IngestOutcome {
        let hash = StableHash.hex(of: document.raw)
        do {
            return try pool.write { db in
                if try Int.fetchOne(db, sql: "SELECT 1 FROM document WHERE content_hash = ?", arguments: [hash]) != nil {
                    return .duplicate
                }
                try db.execute(sql: """
                    INSERT INTO document (doc_id, content_hash, url, site, title, published, language, text, engine, ingested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [document.id, hash, document.url, document.site, document.title, document.publicationDate?.description,
                                     document.language, document.text, Engine.name, ISO8601DateFormatter().string(from: Date())])
                let rowid = db.lastInsertedRowID
                for e in document.events {
                    let record = EventRecord.json(e, documentID: document.id).serialized()
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO event (event_id, documentId, sentence_index, date, date_precision, source_code, source_country,
                            target_code, target_country, cameo, cameo_root, goldstein, quad_class, modality, sentence, rule, record)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [e.id, rowid, e.sentenceIndex, e.date?.description, e.date?.precision.rawValue, e.source?.code,
                                         e.source?.country, e.target?.code, e.target?.country, e.cameo.rawValue, e.cameo.root, e.goldstein,
                                         e.quadClass.rawValue, e.modality.rawValue, e.evidence.sentence, e.evidence.rule, record])
                }
                return .stored(events: document.events.count)
            }
        } catch let e as DatabaseError {
            throw StoreError.database(e.message ?? e.description)
        }
    }

    public func events(limit: Int? = nil) throws -> [StoredEvent] {
        do {
            return try pool.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT d.doc_id, e.record FROM event e JOIN document d ON d.id = e.documentId
                    ORDER BY d.id, e.sentence_index, e.rowid LIMIT ?
                    """, arguments: [limit ?? -1])
                return rows.map { row in
                    StoredEvent(documentID: row[0], line: row[1])
                }
            }
        } catch let e as DatabaseError {
            throw StoreError.database(e.message ?? e.description)
        }
    }

    public func counts() throws -> (documents: Int, events: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0)
        }
    }
}
