/// Absolute dates as news writes them, shared by page extraction and event dating.
public enum DateParsing {
    /// English month names and abbreviations → month number.
    public static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// The month named by a (folded) word, with or without a trailing period.
    public static func month(_ word: String) -> Int? {
        var w = word.lowercased()
        if w.hasSuffix(".") { w.removeLast() }
        return months[w]
    }

    /// Parses a numeric date such as `29/12/2023`, `12/29/2023`, `2023-12-29`, `29.12.2023`.
    ///
    /// Day-first is assumed when both readings are possible (most of the world writes it so);
    /// pass `monthFirst` for US sources.
    public static func numeric(_ s: String, monthFirst: Bool = false) -> CivilDate? {
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        var y = 0, m = 0, d = 0
        if parts[0].count == 4 { (y, m, d) = (a, b, c) }
        else if parts[2].count == 4 {
            y = c
            if a > 12 { (d, m) = (a, b) } else if b > 12 { (m, d) = (a, b) } else if monthFirst { (m, d) = (a, b) } else { (d, m) = (a, b) }
        } else { return nil }
        guard (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m), (1900...2100).contains(y) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// Finds the first date written in words or digits in a short string:
    /// "December 29, 2023", "29 December 2023", "Dec. 29, 2023", "29/12/2023", "2023-12-29".
    public static func firstDate(in s: String) -> (date: CivilDate, range: Range<String.Index>)? {
        var best: (CivilDate, Range<String.Index>)?
        // Numeric forms.
        var i = s.startIndex
        while i < s.endIndex {
            if s[i].isNumber {
                var j = i
                while j < s.endIndex, s[j].isNumber || s[j] == "/" || s[j] == "-" || s[j] == "." { j = s.index(after: j) }
                var token = String(s[i..<j])
                while token.last == "." || token.last == "-" || token.last == "/" { token.removeLast() }
                if let d = numeric(token) {
                    best = (d, i..<s.index(i, offsetBy: token.count))
                    break
                }
                i = j
            } else {
                i = s.index(after: i)
            }
        }
        // Worded forms.
        let words = wordSpans(s)
        for (k, w) in words.enumerated() {
            guard let m = month(w.text) else { continue }
            // Month Day, Year
            if k + 1 < words.count, let d = Int(words[k + 1].text), (1...31).contains(d) {
                if k + 2 < words.count, let y = Int(words[k + 2].text), (1900...2100).contains(y), d <= CivilDate.daysIn(year: y, month: m) {
                    let r = w.range.lowerBound..<words[k + 2].range.upperBound
                    if best == nil || r.lowerBound < best!.1.lowerBound { best = (CivilDate(year: y, month: m, day: d), r) }
                    break
                }
            }
            // Day Month Year
            if k >= 1, let d = Int(words[k - 1].text), (1...31).contains(d), k + 1 < words.count,
               let y = Int(words[k + 1].text), (1900...2100).contains(y), d <= CivilDate.daysIn(year: y, month: m) {
                let r = words[k - 1].range.lowerBound..<words[k + 1].range.upperBound
                if best == nil || r.lowerBound < best!.1.lowerBound { best = (CivilDate(year: y, month: m, day: d), r) }
                break
            }
        }
        return best.map { (date: $0.0, range: $0.1) }
    }

    private static func wordSpans(_ s: String) -> [(text: String, range: Range<String.Index>)] {
        var out: [(String, Range<String.Index>)] = []
        var i = s.startIndex
        while i < s.endIndex {
            if s[i].isLetter || s[i].isNumber {
                var j = i
                while j < s.endIndex, s[j].isLetter || s[j].isNumber { j = s.index(after: j) }
                out.append((String(s[i..<j]), i..<j))
                i = j
            } else {
                i = s.index(after: i)
            }
        }
        return out.map { (text: $0.0, range: $0.1) }
    }
}
