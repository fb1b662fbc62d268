/// How much of a date the text actually gives.
public enum DatePrecision: String, Sendable, Codable, Hashable {
    case day, month, year
}

/// A calendar date without time zone, possibly known only to the month or year.
///
/// News dates are calendar facts ("on December 28"), not instants, so Dyad keeps them as
/// year/month/day triples and only does proleptic Gregorian arithmetic on them.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var precision: DatePrecision

    /// Creates a date; `month` and `day` are ignored beyond the given precision.
    public init(year: Int, month: Int = 1, day: Int = 1, precision: DatePrecision = .day) {
        self.year = year
        self.month = precision == .year ? 1 : month
        self.day = precision == .day ? day : 1
        self.precision = precision
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; returns nil for anything else or an impossible day.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        if parts.count == 1 { self.init(year: y, precision: .year); return }
        guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        if parts.count == 2 { self.init(year: y, month: m, precision: .month); return }
        guard parts[2].count == 2, let d = Int(parts[2]), d >= 1, d <= CivilDate.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date written at its precision: `2023-12-28`, `2023-12` or `2023`.
    public var description: String {
        let y = Digits.four(year)
        switch precision {
        case .year: return y
        case .month: return "\(y)-\(Digits.two(month))"
        case .day: return "\(y)-\(Digits.two(month))-\(Digits.two(day))"
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), for arithmetic and weekdays.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day-precision date for a day number (see `dayNumber`).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d, precision: DatePrecision.day)
    }

    /// Day of the week, 0 = Sunday … 6 = Saturday.
    public var weekday: Int { ((dayNumber % 7) + 11) % 7 }

    /// This date moved by a number of days (the result has day precision).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same date seen at a coarser precision.
    public func truncated(to p: DatePrecision) -> CivilDate { CivilDate(year: year, month: month, day: day, precision: p) }
}

/// Zero-padded decimal digits for dates.
enum Digits {
    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    static func four(_ v: Int) -> String {
        let s = String(abs(v))
        return (v < 0 ? "-" : "") + String(repeating: "0", count: Swift.max(0, 4 - s.count)) + s
    }
}
