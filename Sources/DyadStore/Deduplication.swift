import DyadCore
import GRDB

/// Finds syndicated copies: documents whose text repeats an earlier document's.
///
/// A MinHash signature of the text's five-word shingles (32 hashes) is split into 8 bands of 4;
/// documents sharing a band are candidates, and a candidate whose estimated Jaccard similarity is
/// at least `threshold` makes the new document a copy: it joins the earlier document's family.
/// A family counts once as a source. Cost: 8 indexed look-ups per document.
public enum NearDuplicate {
    static let hashes = 32
    static let bands = 8
    static let threshold = 0.7

    /// The MinHash signature of a text (empty for texts under five words).
    public static func signature(of text: String) -> [UInt64] {
        var words: [Substring] = []
        var current = text.startIndex
        var inWord = false
        for i in text.indices {
            let isWord = text[i].isLetter || text[i].isNumber
            if isWord && !inWord { current = i; inWord = true }
            if !isWord && inWord { words.append(text[current..<i]); inWord = false }
        }
        if inWord { words.append(text[current...]) }
        guard words.count >= 5 else { return [] }
        var mins = [UInt64](repeating: .max, count: hashes)
        let folded = words.map { $0.lowercased() }
        for i in 0...(folded.count - 5) {
            var h = StableHash()
            for w in folded[i..<(i + 5)] { h.combine(w) }
            let base = h.low64
            for k in 0..<hashes {
                // Independent hash functions from one base hash (multiply-xorshift).
                var x = base &+ UInt64(k) &* 0x9E3779B97F4A7C15
                x = (x ^ (x >> 30)) &* 0xBF58476D1CE4E5B9
                x = (x ^ (x >> 27)) &* 0x94D049BB133111EB
                x ^= x >> 31
                if x < mins[k] { mins[k] = x }
            }
        }
        return mins
    }

    /// The family of a new document: an earlier near-duplicate's family, or its own id.
    static func family(of rowid: Int64, signature: [UInt64], _ db: Database) throws -> Int64 {
        guard signature.count == hashes else { return rowid }
        let per = hashes / bands
        var bandHashes: [Int64] = []
        for b in 0..<bands {
            var h = StableHash()
            for k in (b * per)..<((b + 1) * per) { h.combine(String(signature[k])) }
            bandHashes.append(Int64(truncatingIfNeeded: h.low64))
        }
        var best: (Int64, Double)?
        var seen = Set<Int64>()
        // The most recent candidates of each band suffice: copies of one text share a family, so the
        // first close match decides (this keeps ingest linear when a text is republished many times).
        bands: for (b, h) in bandHashes.enumerated() {
            for other in try Int64.fetchAll(db, sql: "SELECT documentId FROM document_band WHERE band = ? AND hash = ? ORDER BY documentId DESC LIMIT 16",
                                            arguments: [b, h])
            where other != rowid && seen.insert(other).inserted {
                // Estimated Jaccard similarity: the share of equal MinHash values.
                let text = try String.fetchOne(db, sql: "SELECT signature FROM document WHERE id = ?", arguments: [other]) ?? ""
                let theirs = text.split(separator: " ").compactMap { UInt64($0, radix: 16) }
                guard theirs.count == hashes else { continue }
                let similarity = Double(zip(theirs, signature).filter { $0 == $1 }.count) / Double(hashes)
                if similarity >= threshold, best == nil || similarity > best!.1 { best = (other, similarity) }
                if let b = best, b.1 >= 0.9 { break bands }
            }
        }
        for (b, h) in bandHashes.enumerated() {
            try db.execute(sql: "INSERT INTO document_band (band, hash, documentId) VALUES (?, ?, ?)", arguments: [b, h, rowid])
        }
        try db.execute(sql: "UPDATE document SET signature = ? WHERE id = ?",
                       arguments: [signature.map { String($0, radix: 16) }.joined(separator: " "), rowid])
        guard let (original, _) = best else { return rowid }
        return try Int64.fetchOne(db, sql: "SELECT family FROM document WHERE id = ?", arguments: [original]) ?? original
    }
}

/// Joins events from different documents that report the same happening into one cluster.
///
/// Two reports are the same happening when they name the same source and target (country, or code
/// for organisations), the same CAMEO root, dates at most `windowDays` apart, and either the same
/// CAMEO code or evidence sentences sharing at least `minimumOverlap` of their content words. A
/// cluster's id is stable (derived from its first event), it keeps its first report, and each
/// member records why it joined. `sources` counts distinct document families, so a syndicated copy
/// adds a report but not a source.
public struct Deduplication: Sendable {
    public var windowDays: Int
    public var minimumOverlap: Double

    public init(windowDays: Int = 3, minimumOverlap: Double = 0.25) {
        self.windowDays = windowDays
        self.minimumOverlap = minimumOverlap
    }

    static func key(_ a: ActorRef?) -> String { a.map { $0.country ?? $0.code ?? "?" } ?? "-" }

    func assign(_ e: Event, family: Int64, _ db: Database) throws {
        let sk = Self.key(e.source), tk = Self.key(e.target)
        var best: (id: String, reason: String, score: Double)?
        if let date = e.date {
            let lo = CivilDate(dayNumber: date.dayNumber - windowDays).description
            let hi = CivilDate(dayNumber: date.dayNumber + windowDays).description
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, date, cameo, sentence FROM cluster
                WHERE source_key = ? AND target_key = ? AND cameo_root = ? AND date BETWEEN ? AND ?
                """, arguments: [sk, tk, e.cameo.root, lo, hi])
            let words = Self.contentWords(e.evidence.sentence)
            for row in rows {
                let id: String = row["id"], cameo: String = row["cameo"], sentence: String = row["sentence"], cdate: String? = row["date"]
                let overlap = Self.overlap(words, Self.contentWords(sentence))
                let sameCode = cameo == e.cameo.rawValue
                guard sameCode || overlap >= minimumOverlap else { continue }
                let days = cdate.flatMap { CivilDate(iso: $0) }.map { abs($0.dayNumber - date.dayNumber) } ?? 0
                let score = overlap + (sameCode ? 1 : 0) - Double(days) * 0.1
                if best == nil || score > best!.score {
                    best = (id, "same actors \(sk)→\(tk), \(sameCode ? "same code \(e.cameo)" : "root \(e.cameo.root)"), \(days) day(s) apart, evidence overlap \(String(format: "%.2f", overlap))", score)
                }
            }
        }
        let clusterID: String
        let reason: String
        if let best {
            clusterID = best.id
            reason = best.reason
        } else {
            clusterID = "c" + String(StableHash.hex(of: e.id).prefix(20))
            reason = "first report"
            try db.execute(sql: """
                INSERT OR IGNORE INTO cluster (id, first_event_id, date, source_key, target_key, source_code, target_code, source_country, target_country,
                    cameo, cameo_root, quad_class, goldstein, sentence, reports, sources)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)
                """, arguments: [clusterID, e.id, e.date?.description, sk, tk, e.source?.code, e.target?.code, e.source?.country, e.target?.country,
                                 e.cameo.rawValue, e.cameo.root, e.quadClass.rawValue, e.goldstein, e.evidence.sentence])
        }
        // Counts move by one report, and by one source only for a family new to the cluster.
        let newFamily = try Int.fetchOne(db, sql: "SELECT 1 FROM cluster_member WHERE cluster_id = ? AND family = ? LIMIT 1",
                                         arguments: [clusterID, family]) == nil
        try db.execute(sql: "INSERT OR IGNORE INTO cluster_member (cluster_id, event_id, family, reason) VALUES (?, ?, ?, ?)",
                       arguments: [clusterID, e.id, family, reason])
        guard db.changesCount > 0 else { return }
        try db.execute(sql: "UPDATE event SET cluster_id = ? WHERE event_id = ?", arguments: [clusterID, e.id])
        try db.execute(sql: "UPDATE cluster SET reports = reports + 1, sources = sources + ? WHERE id = ?", arguments: [newFamily ? 1 : 0, clusterID])
    }

    func refresh(_ clusterID: String, _ db: Database) throws {
        try db.execute(sql: """
            UPDATE cluster SET reports = (SELECT COUNT(*) FROM cluster_member WHERE cluster_id = ?1),
                               sources = (SELECT COUNT(DISTINCT family) FROM cluster_member WHERE cluster_id = ?1)
            WHERE id = ?1
            """, arguments: [clusterID])
    }

    /// Removes a document's events from their clusters (before re-coding it); empty clusters go.
    func detach(documentRowID: Int64, _ db: Database) throws {
        let clusters = try String.fetchAll(db, sql: """
            SELECT DISTINCT m.cluster_id FROM cluster_member m JOIN event e ON e.event_id = m.event_id WHERE e.documentId = ?
            """, arguments: [documentRowID])
        try db.execute(sql: "DELETE FROM cluster_member WHERE event_id IN (SELECT event_id FROM event WHERE documentId = ?)", arguments: [documentRowID])
        for c in clusters {
            try refresh(c, db)
            try db.execute(sql: "DELETE FROM cluster WHERE id = ? AND reports = 0", arguments: [c])
        }
    }

    static let stopWords: Set<String> = ["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "that", "this",
                                         "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "as", "said", "says", "will"]

    static func contentWords(_ s: String) -> Set<String> {
        Set(s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 2 && !stopWords.contains($0) })
    }

    /// Overlap coefficient: shared words over the smaller set (a short report inside a long one still matches).
    static func overlap(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(min(a.count, b.count))
    }
}
