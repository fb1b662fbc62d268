/// The record shapes of Dyad's contract (see the project's docs/interfaces): events and actors as JSON.
public enum EventRecord {
    /// An actor as `{"text", "code", "country", "sector", "name", "kb_id"}`.
    public static func json(_ a: ActorRef?) -> JSONValue {
        guard let a else { return .null }
        return .object([
            ("text", .string(a.text)), ("code", .optional(a.code)), ("country", .optional(a.country)),
            ("sector", .optional(a.sector)), ("name", .optional(a.name)), ("kb_id", .optional(a.kbId)),
        ])
    }

    /// One event in the documented field order.
    public static func json(_ e: Event, documentID: String) -> JSONValue {
        let plover: JSONValue = e.plover.map {
            .object([("event", .string($0.event)), ("mode", .optional($0.mode)), ("context", .array($0.context.map { .string($0) }))])
        } ?? .null
        return .object([
            ("doc_id", .string(documentID)),
            ("event_id", .string(e.id)),
            ("sentence_index", .int(e.sentenceIndex)),
            ("date", .optional(e.date?.description)),
            ("date_precision", .optional(e.date?.precision.rawValue)),
            ("source", json(e.source)),
            ("target", json(e.target)),
            ("cameo", .string(e.cameo.rawValue)),
            ("cameo_root", .string(e.cameo.root)),
            ("goldstein", e.unscored ? .null : .double(e.goldstein)),
            ("quad_class", e.unscored ? .null : .int(e.quadClass.rawValue)),
            ("plover", plover),
            ("modality", .string(e.modality.rawValue)),
            ("speaker", json(e.speaker)),
            ("evidence", .object([
                ("sentence", .string(e.evidence.sentence)), ("trigger", .string(e.evidence.trigger)),
                ("char_start", .int(e.evidence.charStart)), ("char_end", .int(e.evidence.charEnd)),
                ("rule", .string(e.evidence.rule)),
            ])),
            ("in_headline", .bool(e.inHeadline)),
            ("engine", .string(Engine.name)),
        ])
    }

    /// The columns of the tab-separated format, in order.
    public static let tsvColumns = [
        "doc_id", "event_id", "sentence_index", "date", "date_precision", "source_code", "source_country", "source_sector",
        "source_text", "target_code", "target_country", "target_sector", "target_text", "cameo", "cameo_root", "goldstein",
        "quad_class", "plover_event", "modality", "speaker_code", "speaker_text", "trigger", "rule", "char_start", "char_end", "sentence",
    ]

    /// One event as a tab-separated line (tabs and line breaks inside fields become spaces).
    public static func tsv(_ e: Event, documentID: String) -> String {
        func c(_ s: String?) -> String {
            guard let s else { return "" }
            return String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
        }
        let fields: [String?] = [
            documentID, e.id, String(e.sentenceIndex), e.date?.description, e.date?.precision.rawValue,
            e.source?.code, e.source?.country, e.source?.sector, e.source?.text,
            e.target?.code, e.target?.country, e.target?.sector, e.target?.text,
            e.cameo.rawValue, e.cameo.root, e.unscored ? nil : String(e.goldstein), e.unscored ? nil : String(e.quadClass.rawValue), e.plover?.event,
            e.modality.rawValue, e.speaker?.code, e.speaker?.text, e.evidence.trigger, e.evidence.rule,
            String(e.evidence.charStart), String(e.evidence.charEnd), e.evidence.sentence,
        ]
        return fields.map(c).joined(separator: "\t")
    }
}
