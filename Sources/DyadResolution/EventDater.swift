import DyadCore

/// The pipeline component that dates each event from its sentence, against the publication date.
///
/// Reads, nearest to the trigger first (before it, then after): full dates ("August 2, 2019",
/// "2 February 2019"), month and day ("On December 28"), weekdays ("on Thursday"), "today",
/// "yesterday", "earlier this month", "last week/month/year", "this year", "in March", "in 2019".
/// Dates without a year take the publication year, or the year before when that would put them
/// more than a week after publication. Without an expression the event takes the publication date.
public struct EventDater: PipelineComponent {
    public let name = "dates"
    public let requires: Set<Annotation> = [.events]
    public let provides: Set<Annotation> = [.eventDates]

    public init() {}

    public func process(_ document: inout Document) throws {
        for i in document.events.indices {
            let e = document.events[i]
            let tokens: ArraySlice<Token>
            if e.sentenceIndex >= 0, e.sentenceIndex < document.sentences.count {
                tokens = document.tokens[document.sentences[e.sentenceIndex].tokens]
            } else {
                tokens = document.titleTokens[...]
            }
            document.events[i].date = date(in: tokens, trigger: e.triggerTokens, published: document.publicationDate)
                ?? document.publicationDate
        }
    }

    /// A date expression found in the tokens, resolved; nil when the tokens give none.
    public func date(in tokens: ArraySlice<Token>, trigger: Range<Int>, published: CivilDate?) -> CivilDate? {
        var found: [(Int, CivilDate)] = []
        var i = tokens.startIndex
        while i < tokens.endIndex {
            if let (d, len) = expression(at: i, tokens, published: published) {
                found.append((i, d))
                i += len
            } else {
                i += 1
            }
        }
        guard !found.isEmpty else { return nil }
        // Nearest before the trigger, else the first after it.
        if let before = found.last(where: { $0.0 < trigger.lowerBound }) { return before.1 }
        return found.first?.1
    }

    static let weekdays = ["sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6]

    func expression(at i: Int, _ t: ArraySlice<Token>, published: CivilDate?) -> (CivilDate, Int)? {
        func n(_ k: Int) -> String { k >= t.startIndex && k < t.endIndex ? t[k].norm : "" }
        func int(_ k: Int) -> Int? { k >= t.startIndex && k < t.endIndex && t[k].kind == .number ? Int(t[k].norm) : nil }
        let w = n(i)
        // Numeric: 29/12/2023, 2019-02-02
        if t[i].kind == .number, let d = DateParsing.numeric(t[i].text) { return (d, 1) }
        if let m = DateParsing.month(w) {
            // Month Day(, Year)
            if let d = int(i + 1), (1...31).contains(d) {
                var k = i + 2
                if n(k) == "," { k += 1 }
                if let y = int(k), (1900...2100).contains(y), d <= CivilDate.daysIn(year: y, month: m) { return (CivilDate(year: y, month: m, day: d), k - i + 1) }
                if let p = published { return (inferYear(month: m, day: d, published: p), 2) }
                return nil
            }
            // Month Year
            if let y = int(i + 1), (1900...2100).contains(y) { return (CivilDate(year: y, month: m, precision: .month), 2) }
            // "in March"
            if n(i - 1) == "in" || n(i - 1) == "since" || n(i - 1) == "early" || n(i - 1) == "late", let p = published, w != "may" {
                let y = m > p.month ? p.year - 1 : p.year
                return (CivilDate(year: y, month: m, precision: .month), 1)
            }
            return nil
        }
        // Day Month (Year)
        if let d = int(i), (1...31).contains(d), let m = DateParsing.month(n(i + 1)) {
            if let y = int(i + 2), (1900...2100).contains(y), d <= CivilDate.daysIn(year: y, month: m) { return (CivilDate(year: y, month: m, day: d), 3) }
            if let p = published { return (inferYear(month: m, day: d, published: p), 2) }
        }
        // "in 2019"
        if let y = int(i), (1900...2100).contains(y), ["in", "since", "during", "of"].contains(n(i - 1)) {
            return (CivilDate(year: y, precision: .year), 1)
        }
        guard let p = published else { return nil }
        if let wd = Self.weekdays[w] {
            var delta = (p.weekday - wd + 7) % 7
            if n(i - 1) == "next" { delta = -((wd - p.weekday + 7) % 7) }
            return (p.adding(days: -delta), 1)
        }
        switch w {
        case "today", "tonight": return (p, 1)
        case "yesterday": return (p.adding(days: -1), 1)
        case "tomorrow": return (p.adding(days: 1), 1)
        default: break
        }
        let next = n(i + 1)
        if (w == "earlier" || w == "this" || w == "later") && next == "this" && n(i + 2) == "month" { return (p.truncated(to: .month), 3) }
        if (w == "earlier" || w == "later") && next == "this" && n(i + 2) == "year" { return (p.truncated(to: .year), 3) }
        if w == "this" && next == "month" { return (p.truncated(to: .month), 2) }
        if w == "last" || w == "past" {
            switch next {
            case "week": return (p.adding(days: -7).truncated(to: .month), 2)
            case "month":
                let m = p.month == 1 ? 12 : p.month - 1
                return (CivilDate(year: p.month == 1 ? p.year - 1 : p.year, month: m, precision: .month), 2)
            case "year": return (CivilDate(year: p.year - 1, precision: .year), 2)
            default: break
            }
        }
        return nil
    }

    /// "December 28" published 2023-12-29 → 2023-12-28; published 2024-01-03 → 2023-12-28.
    func inferYear(month: Int, day: Int, published p: CivilDate) -> CivilDate {
        let same = CivilDate(year: p.year, month: month, day: min(day, CivilDate.daysIn(year: p.year, month: month)))
        if same.dayNumber - p.dayNumber > 7 {
            return CivilDate(year: p.year - 1, month: month, day: min(day, CivilDate.daysIn(year: p.year - 1, month: month)))
        }
        return same
    }
}
