/// A CAMEO event code such as `0312`: two to four digits, the first two naming the root; or, from a
/// user's dictionary, a code of the user's own kept as written (`init(user:)`).
public struct CAMEOCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// Creates a code from its digits; nil unless it is 2–4 ASCII digits.
    public init?(_ raw: String) {
        guard (2...4).contains(raw.utf8.count), raw.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        rawValue = raw
    }

    /// A code from a user's dictionary, kept as written: CAMEO's digits or a code of the user's own
    /// ("174L", "901", "abc"; `---` is PETRARCH's null code). Nil unless it is 1–12 letters, digits, `+` or `-`.
    public init?(user raw: String) {
        guard (1...12).contains(raw.utf8.count),
              raw.unicodeScalars.allSatisfy({ ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" })
        else { return nil }
        rawValue = raw
    }


    /// The two-digit root, e.g. `03` for `0312`.
    public var root: String { String(rawValue.prefix(2)) }
    public var level: Int { rawValue.count - 1 }
    public var description: String { rawValue }
    public static func < (a: CAMEOCode, b: CAMEOCode) -> Bool { a.rawValue < b.rawValue }
}

/// CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
public enum QuadClass: Int, Sendable, Hashable, Codable {
    case verbalCooperation = 1, materialCooperation = 2, verbalConflict = 3, materialConflict = 4

    /// The conventional quad class of a CAMEO root (01–05 verbal coop, 06–08 material coop, 09–13 verbal conflict, 14–20 material conflict).
    public init(root: Int) {
        switch root {
        case ...5: self = .verbalCooperation
        case 6...8: self = .materialCooperation
        case 9...13: self = .verbalConflict
        default: self = .materialConflict
        }
    }
}

/// How sure the text is that the event happened.
public enum Modality: String, Sendable, Hashable, CaseIterable {
    case asserted, intended, negated, hypothetical, denied
}

/// PLOVER's reading of a CAMEO code.
public struct PLOVERCoding: Sendable, Hashable {
    public var event: String
    public var mode: String?
    public var context: [String]

    public init(event: String, mode: String?, context: [String]) {
        self.event = event
        self.mode = mode
        self.context = context
    }
}

/// The words that prove an event and the rule that read them.
public struct Evidence: Sendable, Hashable {
    public var sentence: String
    public var trigger: String
    public var charStart: Int
    public var charEnd: Int
    public var rule: String

    public init(sentence: String, trigger: String, charStart: Int, charEnd: Int, rule: String) {
        self.sentence = sentence
        self.trigger = trigger
        self.charStart = charStart
        self.charEnd = charEnd
        self.rule = rule
    }
}

/// One coded event: who did what to whom, when, how sure, said by whom, and why Dyad thinks so.
public struct Event: Sendable, Hashable {
    public var id: String = ""
    public var sentenceIndex: Int
    public var source: ActorRef?
    public var target: ActorRef?
    public var cameo: CAMEOCode
    public var goldstein: Double
    public var quadClass: QuadClass
    public var plover: PLOVERCoding?
    public var modality: Modality
    public var speaker: ActorRef?
    public var evidence: Evidence
    public var date: CivilDate?
    /// True when the headline restates this event.
    public var inHeadline: Bool = false
    /// True when the code is a user dictionary's code with no CAMEO code as its ancestor ("901"):
    /// `goldstein` and `quad_class` are then written as null (the values kept here are placeholders).
    public var unscored: Bool = false
    /// Token positions of the trigger, for date and modality look-ups; not part of the record.
    public var triggerTokens: Range<Int>

    public init(sentenceIndex: Int, source: ActorRef?, target: ActorRef?, cameo: CAMEOCode, goldstein: Double,
                quadClass: QuadClass, plover: PLOVERCoding?, modality: Modality, speaker: ActorRef?,
                evidence: Evidence, triggerTokens: Range<Int>) {
        self.sentenceIndex = sentenceIndex
        self.source = source
        self.target = target
        self.cameo = cameo
        self.goldstein = goldstein
        self.quadClass = quadClass
        self.plover = plover
        self.modality = modality
        self.speaker = speaker
        self.evidence = evidence
        self.triggerTokens = triggerTokens
    }
}
