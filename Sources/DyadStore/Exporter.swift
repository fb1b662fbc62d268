import DyadCore
import Foundation

/// The formats `dyad export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    case jsonl, csv, gdelt, plover
}

/// Streams stored events as jsonl, csv, GDELT 2.0 event-table TSV or PLOVER/POLECAT-style JSON lines.
///
/// Each format is written row by row from a database cursor, so memory stays flat however many
/// events there are. See docs/EXPORTS.md for which GDELT columns are filled and how.
public struct Exporter: Sendable {
    public let format: ExportFormat

    public init(format: ExportFormat) { self.format = format }

    public static let csvColumns = [
        "event_id", "doc_id", "date", "date_precision", "source_code", "source_country", "source_sector", "source_text",
        "target_code", "target_country", "target_sector", "target_text", "cameo", "cameo_root", "goldstein", "quad_class",
        "plover_event", "modality", "trigger", "rule", "char_start", "char_end", "sentence", "cluster_id", "url", "title",
    ]

    /// GDELT 2.0 event table, 61 columns in their documented order.
    public static let gdeltColumns = [
        "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
        "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
        "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
        "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code",
        "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
        "NumArticles", "AvgTone",
        "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code", "Actor1Geo_Lat",
        "Actor1Geo_Long", "Actor1Geo_FeatureID",
        "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat",
        "Actor2Geo_Long", "Actor2Geo_FeatureID",
        "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat",
        "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL",
    ]

    /// The header line, if the format has one (csv has one; GDELT files have none, like GDELT's own).
    public var header: String? {
        format == .csv ? Self.csvColumns.joined(separator: ",") + "\n" : nil
    }

    /// One event in the format, with its cluster's report and source counts.
    public func line(_ e: EventRow, reports: Int = 1, sources: Int = 1) -> String {
        switch format {
        case .jsonl: return e.record + "\n"
        case .csv: return csvLine(e)
        case .gdelt: return gdeltLine(e, reports: reports, sources: sources)
        case .plover: return ploverLine(e)
        }
    }

    func csvLine(_ e: EventRow) -> String {
        let fields: [String?] = [
            e.eventID, e.docID, e.date, e.datePrecision, e.sourceCode, e.sourceCountry, e.sourceSector, e.sourceText,
            e.targetCode, e.targetCountry, e.targetSector, e.targetText, e.cameo, String(e.cameo.prefix(2)), String(e.goldstein),
            String(e.quadClass), e.ploverEvent, e.modality, e.trigger, e.rule, e.charStart.map(String.init), e.charEnd.map(String.init),
            e.sentence, e.clusterID, e.url, e.title,
        ]
        return fields.map { Self.csvField($0 ?? "") }.joined(separator: ",") + "\n"
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double its quotes.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func gdeltLine(_ e: EventRow, reports: Int, sources: Int) -> String {
        let date = e.date.flatMap { CivilDate(iso: $0) }
        let sqlDate = date.map { String(format: "%04d%02d%02d", $0.year, $0.month, $0.precision == .day ? $0.day : 1) } ?? ""
        let monthYear = date.map { String(format: "%04d%02d", $0.year, $0.month) } ?? ""
        let fraction = date.map { d -> String in
            let start = CivilDate(year: d.year, month: 1, day: 1).dayNumber
            return String(format: "%.4f", Double(d.year) + Double(d.dayNumber - start) / 365.0)
        } ?? ""
        func countryOf(_ code: String?, _ country: String?) -> String {
            guard country != nil, let code, code.count >= 3 else { return "" }
            return String(code.prefix(3))
        }
        let id = UInt64(e.eventID.prefix(15), radix: 16).map { String($0) } ?? ""
        var f = [String](repeating: "", count: Self.gdeltColumns.count)
        f[0] = id; f[1] = sqlDate; f[2] = monthYear; f[3] = date.map { String($0.year) } ?? ""; f[4] = fraction
        f[5] = e.sourceCode ?? ""; f[6] = (e.sourceText ?? "").uppercased(); f[7] = countryOf(e.sourceCode, e.sourceCountry)
        f[8] = (e.sourceCode?.hasPrefix("IGO") == true || e.sourceCode?.hasPrefix("NGO") == true) ? (e.sourceCode ?? "") : ""
        f[12] = e.sourceSector ?? ""
        f[15] = e.targetCode ?? ""; f[16] = (e.targetText ?? "").uppercased(); f[17] = countryOf(e.targetCode, e.targetCountry)
        f[18] = (e.targetCode?.hasPrefix("IGO") == true || e.targetCode?.hasPrefix("NGO") == true) ? (e.targetCode ?? "") : ""
        f[22] = e.targetSector ?? ""
        f[25] = e.sentenceIndex <= 0 ? "1" : "0"
        f[26] = e.cameo; f[27] = String(e.cameo.prefix(3)); f[28] = String(e.cameo.prefix(2))
        f[29] = String(e.quadClass); f[30] = String(format: "%.1f", e.goldstein)
        f[31] = String(reports); f[32] = String(sources); f[33] = String(reports)
        f[59] = sqlDate.isEmpty ? "" : sqlDate + "000000"
        f[60] = e.url ?? e.docID
        return f.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\t") + "\n"
    }

    func ploverLine(_ e: EventRow) -> String {
        let record = (try? JSONSerialization.jsonObject(with: Data(e.record.utf8))) as? [String: Any]
        let plover = record?["plover"] as? [String: Any]
        func actor(_ code: String?, _ country: String?, _ sector: String?, _ text: String?) -> JSONValue {
            guard code != nil || text != nil else { return .array([]) }
            return .array([.object([("actorText", .optional(text)), ("code", .optional(code)), ("country", .optional(country)),
                                    ("sector", .optional(sector))])])
        }
        let contexts = (plover?["context"] as? [String]) ?? []
        return JSONValue.object([
            ("id", .string(e.eventID)), ("date", .optional(e.date)), ("event", .optional(e.ploverEvent)),
            ("mode", .optional(plover?["mode"] as? String)), ("context", .array(contexts.map { .string($0) })),
            ("source", actor(e.sourceCode, e.sourceCountry, e.sourceSector, e.sourceText)),
            ("target", actor(e.targetCode, e.targetCountry, e.targetSector, e.targetText)),
            ("eventText", .optional(e.trigger)), ("text", .string(e.sentence)), ("modality", .string(e.modality)),
            ("cameo", .string(e.cameo)), ("storyId", .string(e.docID)), ("url", .optional(e.url)), ("clusterId", .optional(e.clusterID)),
        ]).serialized() + "\n"
    }
}
