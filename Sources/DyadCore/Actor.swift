/// A resolved political actor: who the text names, as CAMEO codes.
///
/// `code` is the CAMEO actor code (country + sector, e.g. `RUSGOV`, or `IGOWSTNAT` for NATO);
/// `country` is ISO 3166-1 alpha-3 or nil for international organisations.
public struct ActorRef: Sendable, Hashable {
    public var text: String
    public var code: String?
    public var country: String?
    public var sector: String?
    public var name: String?
    public var kbId: String?
    /// A second agent code the words give ("Defense Minister" → MIL and GOV).
    public var sector2: String?

    public init(text: String, code: String?, country: String?, sector: String?, name: String? = nil, kbId: String? = nil, sector2: String? = nil) {
        self.text = text
        self.code = code
        self.country = country
        self.sector = sector
        self.name = name
        self.kbId = kbId
        self.sector2 = sector2
    }

    /// What identifies the actor for deduplication: its country or organisation code.
    public var identity: String { country ?? code ?? text.lowercased() }

    /// The CAMEO role code for a sector, appended to a state's code. Three sectors are PLOVER's
    /// finer distinctions that CAMEO lacks: paramilitaries (PRM) are CAMEO's UAF, and a partially
    /// recognised entity (PRE) or an unidentified actor (UNK) adds no role code.
    public static func cameoRole(_ sector: String?) -> String {
        switch sector {
        case nil, "PRE"?, "UNK"?: return ""
        case "PRM"?: return "UAF"
        case let s?: return s
        }
    }
}

/// What a mention refers to: a named entity, or an expression to resolve from context.
public enum MentionKind: String, Sendable, Hashable {
    /// A name, title or institution that the knowledge base resolved.
    case named
    /// "the country", "it", "they", "the two sides": resolved from the surrounding text.
    case anaphor
}

/// A span of tokens that names one or more actors.
public struct ActorMention: Sendable, Hashable {
    public var tokens: Range<Int>
    public var start: Int
    public var end: Int
    public var text: String
    public var kind: MentionKind
    /// One actor, or several for a joint mention ("Xi and Putin", "the two sides").
    public var actors: [ActorRef]
    /// For anaphors: what the expression asks for ("country", "plural", "statement"…).
    public var anaphor: String?

    public init(tokens: Range<Int>, start: Int, end: Int, text: String, kind: MentionKind = .named,
                actors: [ActorRef], anaphor: String? = nil) {
        self.tokens = tokens
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.actors = actors
        self.anaphor = anaphor
    }

    public var isJoint: Bool { actors.count > 1 }
}
