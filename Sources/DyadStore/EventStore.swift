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
    /// The same content was already stored by this engine version; nothing changed.
    case duplicate
    /// The same content was stored by another engine version; its events were replaced.
    case recoded(events: Int)
}

/// A stored event: its record as the contract gives it (one JSON line), and the document it came from.
public struct StoredEvent: Sendable {
    public var documentID: String
    public var line: String
}

/// The narrow interface the rest of Dyad uses to keep and read documents and events; a PostgreSQL
/// twin implements the same protocol.
public protocol EventStoring: Sendable {
    func ingest(_ document: Document) throws -> IngestOutcome
    func events(limit: Int?) throws -> [StoredEvent]
    func counts() throws -> (documents: Int, events: Int)
    func search(_ filter: EventFilter) throws -> EventPage
    func event(id: String) throws -> EventDetail?
    func document(id: Int64) throws -> DocumentDetail?
    func dyadSeries(_ a: String, _ b: String, interval: SeriesInterval, from: String?, to: String?) throws -> DyadSeries
    func topDyads(limit: Int, from: String?, to: String?) throws -> [DyadSummary]
    func latestClusters(limit: Int) throws -> [ClusterSummary]
    func network(from: String?, to: String?, minimum: Int) throws -> [NetworkEdge]
    func actors(limit: Int) throws -> [ActorSummary]
    func export(from: String?, to: String?, _ body: (EventRow) throws -> Void) throws
}

/// The SQLite store, through GRDB, in WAL mode.
///
/// Documents are keyed by a content hash, so ingesting the same document twice stores it once
/// (and re-coding it with another engine version replaces its events in one transaction). Each
/// document's events join clusters of reports of the same happening (`Deduplication`).
public final class SQLiteEventStore: EventStoring, Sendable {
    let pool: DatabasePool
    public let dedup: Deduplication

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String, dedup: Deduplication = Deduplication()) throws {
        self.dedup = dedup
        let scheme = path.prefix(while: { $0 != ":" }).lowercased()
        if path.contains("://"), scheme == "postgres" || scheme == "postgresql" {
            // Not a file name SQLite could make sense of; say what is missing instead of "unable to open".
            throw StoreError.cannotOpen(path: path, reason: "PostgreSQL stores are not available in this version of Dyad; give the path of a SQLite file")
        }
        do {
            var config = Configuration()
            config.foreignKeysEnabled = true
            pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch let e as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: e.message ?? e.description)
        }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as DatabaseError { throw StoreError.database(e.message ?? e.description) }
    }

    public func ingest(_ document: Document) throws -> IngestOutcome {
        let hash = StableHash.hex(of: document.raw)
        let signature = NearDuplicate.signature(of: document.text)
        return try wrap {
            try pool.write { db in
                var recoded = false
                if let row = try Row.fetchOne(db, sql: "SELECT id, engine FROM document WHERE content_hash = ?", arguments: [hash]) {
                    let engine: String = row["engine"]
                    if engine == Engine.name { return .duplicate }
                    // Another engine coded it: replace its events and mentions, keep the document.
                    let id: Int64 = row["id"]
                    try dedup.detach(documentRowID: id, db)
                    try db.execute(sql: "DELETE FROM event_search WHERE event_id IN (SELECT event_id FROM event WHERE documentId = ?)", arguments: [id])
                    try db.execute(sql: "DELETE FROM event WHERE documentId = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM mention WHERE documentId = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM document WHERE id = ?", arguments: [id])
                    recoded = true
                }
                try db.execute(sql: """
                    INSERT INTO document (doc_id, content_hash, url, site, title, published, language, text, engine, ingested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [document.id, hash, document.url, document.site, document.title, document.publicationDate?.description,
                                     document.language, document.text, Engine.name, Self.timestamp(Date())])
                let rowid = db.lastInsertedRowID
                let family = try NearDuplicate.family(of: rowid, signature: signature, db)
                try db.execute(sql: "UPDATE document SET family = ? WHERE id = ?", arguments: [family, rowid])
                for m in document.mentions {
                    guard let a = m.actors.first else { continue }
                    let sentence = document.sentences.firstIndex { $0.tokens.contains(m.tokens.lowerBound) } ?? -1
                    // Cached statements: the SQL of the rows written for every mention and event is compiled once.
                    try db.cachedStatement(sql: """
                        INSERT INTO mention (documentId, sentence_index, char_start, char_end, text, code, country, sector, kb_id, kind)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [rowid, sentence, m.start, m.end, m.text, a.code, a.country, a.sector, a.kbId, m.kind.rawValue])
                }
                for e in document.events {
                    let record = EventRecord.json(e, documentID: document.id).serialized()
                    try db.cachedStatement(sql: """
                        INSERT OR IGNORE INTO event (event_id, documentId, sentence_index, date, date_precision, source_code, source_country,
                            source_sector, source_text, target_code, target_country, target_sector, target_text, speaker_code, cameo, cameo_root,
                            goldstein, quad_class, modality, sentence, trigger, char_start, char_end, plover_event, in_headline, rule, record)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """).execute(arguments: [e.id, rowid, e.sentenceIndex, e.date?.description, e.date?.precision.rawValue, e.source?.code,
                                         e.source?.country, e.source?.sector, e.source?.text, e.target?.code, e.target?.country, e.target?.sector,
                                         e.target?.text, e.speaker?.code, e.cameo.rawValue, e.cameo.root, e.goldstein, e.quadClass.rawValue,
                                         e.modality.rawValue, e.evidence.sentence, e.evidence.trigger, e.evidence.charStart, e.evidence.charEnd,
                                         e.plover?.event, e.inHeadline, e.evidence.rule, record])
                    guard db.changesCount > 0 else { continue }
                    try db.cachedStatement(sql: "INSERT INTO event_search (event_id, sentence, title) VALUES (?, ?, ?)")
                        .execute(arguments: [e.id, e.evidence.sentence, document.title ?? ""])
                    try dedup.assign(e, family: family, db)
                }
                return recoded ? .recoded(events: document.events.count) : .stored(events: document.events.count)
            }
        }
    }

    /// `date` as ISO 8601 in UTC to the second ("2026-12-06T17:03:43Z"), as ISO8601DateFormatter
    /// writes it, without making a formatter for every document.
    static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    public func events(limit: Int? = nil) throws -> [StoredEvent] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT d.doc_id, e.record FROM event e JOIN document d ON d.id = e.documentId
                    ORDER BY d.id, e.sentence_index, e.rowid LIMIT ?
                    """, arguments: [limit ?? -1]).map { StoredEvent(documentID: $0[0], line: $0[1]) }
            }
        }
    }

    public func counts() throws -> (documents: Int, events: Int) {
        try wrap {
            try pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0)
            }
        }
    }

    /// Number of clusters and of independent sources over all clusters.
    public func clusterCounts() throws -> (clusters: Int, sources: Int) {
        try wrap {
            try pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cluster") ?? 0, try Int.fetchOne(db, sql: "SELECT coalesce(SUM(sources), 0) FROM cluster") ?? 0)
            }
        }
    }

    public func search(_ filter: EventFilter) throws -> EventPage {
        try wrap { try pool.read { db in try Queries.search(filter, db) } }
    }

    public func event(id: String) throws -> EventDetail? {
        try wrap { try pool.read { db in try Queries.event(id: id, db) } }
    }

    public func document(id: Int64) throws -> DocumentDetail? {
        try wrap { try pool.read { db in try Queries.document(id: id, db) } }
    }

    public func dyadSeries(_ a: String, _ b: String, interval: SeriesInterval, from: String? = nil, to: String? = nil) throws -> DyadSeries {
        try wrap { try pool.read { db in try Queries.dyadSeries(a, b, interval: interval, from: from, to: to, db) } }
    }

    public func topDyads(limit: Int, from: String? = nil, to: String? = nil) throws -> [DyadSummary] {
        try wrap { try pool.read { db in try Queries.topDyads(limit: limit, from: from, to: to, db) } }
    }

    public func network(from: String? = nil, to: String? = nil, minimum: Int = 1) throws -> [NetworkEdge] {
        try wrap { try pool.read { db in try Queries.network(from: from, to: to, minimum: minimum, db) } }
    }

    public func latestClusters(limit: Int) throws -> [ClusterSummary] {
        try wrap { try pool.read { db in try Queries.latestClusters(limit: limit, db) } }
    }

    public func actors(limit: Int) throws -> [ActorSummary] {
        try wrap { try pool.read { db in try Queries.actors(limit: limit, db) } }
    }

    public func export(from: String?, to: String?, _ body: (EventRow) throws -> Void) throws {
        try wrap {
            try pool.read { db in
                let cursor = try Row.fetchCursor(db, sql: Queries.rowSelect + """
                     WHERE (? IS NULL OR e.date >= ?) AND (? IS NULL OR e.date <= ?) ORDER BY e.date, d.id, e.sentence_index
                    """, arguments: [from, from, to, to])
                while let row = try cursor.next() { try body(EventRow(row)) }
            }
        }
    }

    /// Runs raw maintenance SQL in a write transaction (benchmarks and tools).
    public func write(_ body: (Database) throws -> Void) throws {
        try wrap { try pool.write { db in try body(db) } }
    }
}
