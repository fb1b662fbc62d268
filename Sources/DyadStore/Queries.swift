import DyadCore
import GRDB

/// Filters of the event list (`/api/events`, search): every field optional.
public struct EventFilter: Sendable, Equatable {
    /// An actor code or prefix on either side ("CHN", "CHNMIL", "IGOWSTNAT").
    public var actor: String?
    /// An ISO alpha-3 country on either side.
    public var country: String?
    /// A CAMEO code or root prefix ("03", "0312").
    public var code: String?
    public var quadClass: Int?
    public var from: String?
    public var to: String?
    /// Full-text query over evidence sentences and titles.
    public var text: String?
    /// Only the events of one cluster.
    public var cluster: String?
    public var limit: Int
    public var offset: Int

    public init(actor: String? = nil, country: String? = nil, code: String? = nil, quadClass: Int? = nil, from: String? = nil, to: String? = nil,
                text: String? = nil, cluster: String? = nil, limit: Int = 50, offset: Int = 0) {
        self.actor = actor
        self.country = country
        self.code = code
        self.quadClass = quadClass
        self.from = from
        self.to = to
        self.text = text
        self.cluster = cluster
        self.limit = limit
        self.offset = offset
    }
}

/// One stored event with the document it came from.
public struct EventRow: Sendable {
    public var eventID: String
    public var documentRowID: Int64
    public var docID: String
    public var title: String?
    public var url: String?
    public var site: String?
    public var published: String?
    public var sentenceIndex: Int
    public var date: String?
    public var datePrecision: String?
    public var sourceCode: String?, sourceCountry: String?, sourceSector: String?, sourceText: String?
    public var targetCode: String?, targetCountry: String?, targetSector: String?, targetText: String?
    public var cameo: String
    public var goldstein: Double
    public var quadClass: Int
    public var modality: String
    public var ploverEvent: String?
    public var sentence: String
    public var trigger: String?
    public var charStart: Int?
    public var charEnd: Int?
    public var rule: String
    public var clusterID: String?
    /// The event's full record, as `dyad code` printed it.
    public var record: String
    /// Reports and independent sources of the event's cluster.
    public var reports: Int
    public var sources: Int

    init(_ r: Row) {
        eventID = r["event_id"]; documentRowID = r["document_row"]; docID = r["doc_id"]; title = r["title"]; url = r["url"]; site = r["site"]
        published = r["published"]; sentenceIndex = r["sentence_index"]; date = r["date"]; datePrecision = r["date_precision"]
        sourceCode = r["source_code"]; sourceCountry = r["source_country"]; sourceSector = r["source_sector"]; sourceText = r["source_text"]
        targetCode = r["target_code"]; targetCountry = r["target_country"]; targetSector = r["target_sector"]; targetText = r["target_text"]
        cameo = r["cameo"]; goldstein = r["goldstein"]; quadClass = r["quad_class"]; modality = r["modality"]; ploverEvent = r["plover_event"]
        sentence = r["sentence"]; trigger = r["trigger"]; charStart = r["char_start"]; charEnd = r["char_end"]; rule = r["rule"]
        clusterID = r["cluster_id"]; record = r["record"]; reports = r["reports"]; sources = r["sources"]
    }
}

public struct EventPage: Sendable {
    public var total: Int
    public var events: [EventRow]
    /// True when more than `Queries.countLimit` events match: `total` is then that limit.
    public var totalIsLowerBound = false
}

public struct ClusterSummary: Sendable {
    public var id: String
    public var firstEventID: String
    public var date: String?
    public var sourceCode: String?, targetCode: String?
    public var cameo: String
    public var quadClass: Int
    public var sentence: String
    public var reports: Int
    public var sources: Int
}

public struct EventDetail: Sendable {
    public var event: EventRow
    public var cluster: ClusterSummary?
    /// Every report in the event's cluster (this one included), with why it joined.
    public var members: [(EventRow, String)]
}

public struct DocumentDetail: Sendable {
    public var rowID: Int64
    public var docID: String
    public var title: String?
    public var url: String?
    public var site: String?
    public var published: String?
    public var text: String
    public var family: Int64
    public var events: [EventRow]
}

public enum SeriesInterval: String, Sendable, CaseIterable {
    case day, week, month
}

/// One period of a dyad's series, counted over clusters (each happening once).
public struct SeriesPoint: Sendable {
    public var period: String
    /// Clusters per quad class 1…4.
    public var quad: [Int]
    public var goldsteinSum: Double
    public var count: Int { quad.reduce(0, +) }
    public var goldsteinMean: Double { count == 0 ? 0 : goldsteinSum / Double(count) }
    /// (cooperation − conflict) / all, from −1 to 1.
    public var cooperationIndex: Double { count == 0 ? 0 : Double(quad[0] + quad[1] - quad[2] - quad[3]) / Double(count) }
}

public struct DyadSeries: Sendable {
    public var a: String
    public var b: String
    public var interval: SeriesInterval
    public var points: [SeriesPoint]
}

public struct DyadSummary: Sendable {
    public var a: String
    public var b: String
    public var clusters: Int
    public var goldsteinMean: Double
}

/// One edge of the actor network: happenings from one actor to another in a period.
public struct NetworkEdge: Sendable {
    public var source: String
    public var target: String
    public var clusters: Int
    public var goldsteinMean: Double
    /// Clusters per quad class 1…4.
    public var quad: [Int]
}

public struct ActorSummary: Sendable {
    public var code: String
    public var country: String?
    public var events: Int
}

enum Queries {
    /// Event lists count matches up to this many.
    static let countLimit = 10_000

    static let rowSelect = """
        SELECT e.event_id, e.documentId AS document_row, d.doc_id, d.title, d.url, d.site, d.published, e.sentence_index, e.date, e.date_precision,
               e.source_code, e.source_country, e.source_sector, e.source_text, e.target_code, e.target_country, e.target_sector, e.target_text,
               e.cameo, e.goldstein, e.quad_class, e.modality, e.plover_event, e.sentence, e.trigger, e.char_start, e.char_end, e.rule,
               e.cluster_id, e.record, coalesce(c.reports, 1) AS reports, coalesce(c.sources, 1) AS sources
        FROM event e JOIN document d ON d.id = e.documentId LEFT JOIN cluster c ON c.id = e.cluster_id
        """

    /// The WHERE clause and its arguments for a filter; every value is a bound argument.
    static func whereClause(_ f: EventFilter) -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        if let a = f.actor, !a.isEmpty {
            // A prefix as a range ("CHN" ≤ code < "CHN\u{10FFFF}") so the code indexes serve it.
            parts.append("((e.source_code >= ? AND e.source_code < ?) OR (e.target_code >= ? AND e.target_code < ?))")
            let hi = a + "\u{10FFFF}"
            args += [a, hi, a, hi]
        }
        if let c = f.country, !c.isEmpty { parts.append("(e.source_country = ? OR e.target_country = ?)"); args += [c, c] }
        if let c = f.code, !c.isEmpty { parts.append("e.cameo LIKE ? ESCAPE '\\'"); args += [like(c) + "%"] }
        if let q = f.quadClass { parts.append("e.quad_class = ?"); args += [q] }
        if let d = f.from, !d.isEmpty { parts.append("e.date >= ?"); args += [d] }
        if let d = f.to, !d.isEmpty { parts.append("e.date <= ?"); args += [d] }
        if let c = f.cluster, !c.isEmpty { parts.append("e.cluster_id = ?"); args += [c] }
        if let t = f.text, let pattern = FTS5Pattern(matchingAllPrefixesIn: t) {
            parts.append("e.event_id IN (SELECT event_id FROM event_search WHERE event_search MATCH ?)")
            args += [pattern]
        }
        return (parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND "), args)
    }

    static func like(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    static func search(_ f: EventFilter, _ db: Database) throws -> EventPage {
        let (clause, args) = whereClause(f)
        // Counting stops at `countLimit`: past it the total is a lower bound (`EventPage.totalIsLowerBound`).
        var countArgs = args
        countArgs += [countLimit + 1]
        let counted = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM event e" + clause + " LIMIT ?)", arguments: countArgs) ?? 0
        let total = min(counted, countLimit)
        var pageArgs = args
        pageArgs += [max(0, min(f.limit, 1000)), max(0, f.offset)]
        let rows = try Row.fetchAll(db, sql: rowSelect + clause + " ORDER BY e.date DESC, e.documentId DESC, e.sentence_index LIMIT ? OFFSET ?", arguments: pageArgs)
        return EventPage(total: total, events: rows.map(EventRow.init), totalIsLowerBound: counted > countLimit)
    }

    static func cluster(_ id: String, _ db: Database) throws -> ClusterSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM cluster WHERE id = ?", arguments: [id]).map(clusterSummary)
    }

    static func clusterSummary(_ r: Row) -> ClusterSummary {
        ClusterSummary(id: r["id"], firstEventID: r["first_event_id"], date: r["date"], sourceCode: r["source_code"], targetCode: r["target_code"],
                       cameo: r["cameo"], quadClass: r["quad_class"], sentence: r["sentence"], reports: r["reports"], sources: r["sources"])
    }

    static func event(id: String, _ db: Database) throws -> EventDetail? {
        guard let row = try Row.fetchOne(db, sql: rowSelect + " WHERE e.event_id = ?", arguments: [id]) else { return nil }
        let e = EventRow(row)
        var members: [(EventRow, String)] = []
        var summary: ClusterSummary?
        if let c = e.clusterID {
            summary = try cluster(c, db)
            let rows = try Row.fetchAll(db, sql: rowSelect.replacingOccurrences(of: "SELECT e.event_id", with: "SELECT m.reason, e.event_id")
                + " JOIN cluster_member m ON m.event_id = e.event_id WHERE m.cluster_id = ? ORDER BY e.date, e.documentId", arguments: [c])
            members = rows.map { (EventRow($0), $0["reason"] as String) }
        }
        return EventDetail(event: e, cluster: summary, members: members)
    }

    static func document(id: Int64, _ db: Database) throws -> DocumentDetail? {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM document WHERE id = ?", arguments: [id]) else { return nil }
        let events = try Row.fetchAll(db, sql: rowSelect + " WHERE e.documentId = ? ORDER BY e.sentence_index, e.char_start", arguments: [id]).map(EventRow.init)
        return DocumentDetail(rowID: r["id"], docID: r["doc_id"], title: r["title"], url: r["url"], site: r["site"], published: r["published"],
                              text: r["text"], family: r["family"] ?? id, events: events)
    }

    /// The SQL expression of a cluster's period for an interval.
    static func periodExpression(_ i: SeriesInterval) -> String {
        switch i {
        case .day: return "substr(date, 1, 10)"
        case .month: return "substr(date, 1, 7)"
        // ISO-like week: the Monday of the week.
        case .week: return "date(substr(date, 1, 10), '-' || ((strftime('%w', substr(date, 1, 10)) + 6) % 7) || ' days')"
        }
    }

    /// Whether a cluster side matches an actor key: a three-letter country or a code prefix.
    static func sideMatch(_ column: String) -> String {
        "(\(column)_country = ? OR \(column)_code LIKE ? ESCAPE '\\')"
    }

    static func dyadSeries(_ a: String, _ b: String, interval: SeriesInterval, from: String?, to: String?, _ db: Database) throws -> DyadSeries {
        let period = periodExpression(interval)
        let pair: String
        var args: StatementArguments
        if a.count == 3 && b.count == 3 {
            // Two states (or three-letter codes): the cluster keys, through their index.
            pair = "((source_key = ? AND target_key = ?) OR (source_key = ? AND target_key = ?))"
            args = [a, b, b, a]
        } else {
            pair = "((\(sideMatch("source")) AND \(sideMatch("target"))) OR (\(sideMatch("source")) AND \(sideMatch("target"))))"
            let pa = like(a) + "%", pb = like(b) + "%"
            args = [a, pa, b, pb, b, pb, a, pa]
        }
        args += [from, from, to, to]
        let sql = """
            SELECT \(period) AS period, quad_class, COUNT(*) AS n, SUM(goldstein) AS g FROM cluster
            WHERE \(pair) AND date IS NOT NULL AND length(date) >= \(interval == .month ? 7 : 10)
              AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            GROUP BY period, quad_class ORDER BY period
            """
        var points: [String: SeriesPoint] = [:]
        for r in try Row.fetchAll(db, sql: sql, arguments: args) {
            let p: String = r["period"]
            var point = points[p] ?? SeriesPoint(period: p, quad: [0, 0, 0, 0], goldsteinSum: 0)
            let q: Int = r["quad_class"]
            point.quad[max(0, min(3, q - 1))] += r["n"] as Int
            point.goldsteinSum += r["g"] as Double
            points[p] = point
        }
        return DyadSeries(a: a, b: b, interval: interval, points: points.values.sorted { $0.period < $1.period })
    }

    static func topDyads(limit: Int, from: String?, to: String?, _ db: Database) throws -> [DyadSummary] {
        try Row.fetchAll(db, sql: """
            SELECT min(source_key, target_key) AS a, max(source_key, target_key) AS b, COUNT(*) AS n, AVG(goldstein) AS g FROM cluster
            WHERE source_key != '-' AND target_key != '-' AND source_key != target_key
              AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?
            """, arguments: [from, from, to, to, limit]).map { DyadSummary(a: $0["a"], b: $0["b"], clusters: $0["n"], goldsteinMean: $0["g"]) }
    }

    static func network(from: String?, to: String?, minimum: Int, _ db: Database) throws -> [NetworkEdge] {
        var edges: [String: NetworkEdge] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT source_key, target_key, quad_class, COUNT(*) AS n, SUM(goldstein) AS g FROM cluster
            WHERE source_key NOT IN ('-', '?') AND target_key NOT IN ('-', '?') AND source_key != target_key
              AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)
            GROUP BY source_key, target_key, quad_class
            """, arguments: [from, from, to, to]) {
            let key = "\(r["source_key"] as String)>\(r["target_key"] as String)"
            var e = edges[key] ?? NetworkEdge(source: r["source_key"], target: r["target_key"], clusters: 0, goldsteinMean: 0, quad: [0, 0, 0, 0])
            let n: Int = r["n"], g: Double = r["g"], q: Int = r["quad_class"]
            e.goldsteinMean = (e.goldsteinMean * Double(e.clusters) + g) / Double(e.clusters + n)
            e.clusters += n
            e.quad[max(0, min(3, q - 1))] += n
            edges[key] = e
        }
        return edges.values.filter { $0.clusters >= minimum }.sorted { ($0.clusters, $1.source, $1.target) > ($1.clusters, $0.source, $0.target) }
    }

    static func latestClusters(limit: Int, _ db: Database) throws -> [ClusterSummary] {
        try Row.fetchAll(db, sql: "SELECT * FROM cluster ORDER BY date DESC, sources DESC, id LIMIT ?", arguments: [limit]).map(clusterSummary)
    }

    static func actors(limit: Int, _ db: Database) throws -> [ActorSummary] {
        try Row.fetchAll(db, sql: """
            SELECT code, country, COUNT(*) AS n FROM (
              SELECT source_code AS code, source_country AS country FROM event WHERE source_code IS NOT NULL
              UNION ALL SELECT target_code, target_country FROM event WHERE target_code IS NOT NULL)
            GROUP BY code ORDER BY n DESC, code LIMIT ?
            """, arguments: [limit]).map { ActorSummary(code: $0["code"], country: $0["country"], events: $0["n"]) }
    }
}
