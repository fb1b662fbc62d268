import DyadCore
import Foundation

/// The metadata of a web page: title without the site's suffix, publication date, site, author,
/// language and canonical URL, read from JSON-LD, meta tags, `<time>` elements, the URL and the
/// printed text, in that order of trust.
struct PageMetadata {
    var title: String?
    var date: CivilDate?
    var site: String?
    var author: String?
    var language: String?
    var url: String?
    /// schema.org `articleBody`, when the page carries one.
    var articleBody: String?
    /// The page's own summary (Open Graph, meta or JSON-LD description).
    var summary: String?

    /// Meta keys that carry the publication date, most trusted first.
    static let publishedKeys = [
        "article:published_time", "og:article:published_time", "article:published", "datepublished", "og:published_time",
        "published_time", "publishdate", "publish-date", "publish_date", "publication_date", "pubdate", "pub_date",
        "dc.date.issued", "dcterms.issued", "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date",
        "article.published", "date_published", "originalpublicationdate", "article:post_date", "release_date", "bt:pubdate",
    ]
    /// Meta keys that name a date without saying which (a CMS's creation or indexing stamp): they
    /// come after a `<time>` the page marks as its publication time.
    static let genericDateKeys = [
        "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date", "creation_date", "created", "dc:date",
        "datecreated", "eomportal-lastupdate", "timestamp",
    ]
    static let modifiedKeys = ["article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified", "lastmod"]

    /// Reads everything from a walked page; `documentURL` is the URL the document came with.
    static func read(_ page: HTMLPage, rawHTML: [UInt8], documentURL: String?, months: [String: Int], today: CivilDate) -> PageMetadata {
        var md = PageMetadata()
        let ld = JSONLD(page.jsonLD)
        md.articleBody = ld.articleBody
        md.summary = nonEmpty(page.meta["og:description"]) ?? nonEmpty(page.meta["description"]) ?? nonEmpty(page.meta["twitter:description"])
        md.site = nonEmpty(page.meta["og:site_name"]) ?? ld.publisher ?? nonEmpty(page.meta["application-name"])
        md.url = nonEmpty(page.canonical).flatMap { $0.hasPrefix("http") ? $0 : nil } ?? nonEmpty(page.meta["og:url"])
        md.language = language(page)
        md.author = author(page, ld)
        md.title = title(page, ld: ld, site: md.site, url: documentURL ?? md.url)
        let url = documentURL ?? md.url
        let monthFirst = (page.htmlLang ?? "").lowercased().hasPrefix("en-us") || (url ?? "").contains(".com/")
        md.date = date(page, rawHTML: rawHTML, ld: ld, url: url, months: months, today: today, monthFirst: monthFirst)
        return md
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let t = s.map(HTMLText.clean), !t.isEmpty else { return nil }
        return t
    }

    static func language(_ page: HTMLPage) -> String? {
        let raw = page.htmlLang ?? page.meta["content-language"] ?? page.meta["og:locale"] ?? page.meta["language"]
        guard let raw else { return nil }
        let code = raw.lowercased().prefix { $0.isLetter }
        guard (2...3).contains(code.count) else { return nil }
        return String(code)
    }

    static func author(_ page: HTMLPage, _ ld: JSONLD) -> String? {
        let candidates = [page.meta["author"], page.meta["article:author"], page.meta["dc.creator"], page.meta["byl"],
                          page.meta["parsely-author"], page.meta["sailthru.author"], ld.author] + page.authorTexts.map(Optional.some)
        for c in candidates {
            guard var a = nonEmpty(c), !a.contains("http"), !a.contains("www."), !a.contains("@") else { continue }
            for prefix in ["by ", "von ", "par ", "por ", "di ", "door ", "autor: ", "author: ", "written by "] where a.lowercased().hasPrefix(prefix) {
                a = String(a.dropFirst(prefix.count)).trimmingWhitespace()
            }
            if let bar = a.firstIndex(where: { $0 == "|" || $0 == "\n" }) { a = String(a[..<bar]).trimmingWhitespace() }
            guard !a.isEmpty, a.count <= 80, a.split(separator: " ").count <= 8, a.first?.isLetter == true else { continue }
            return a
        }
        return nil
    }

    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " // ", " ‹ ", " › ", " « "]

    /// The headline: `<title>` (else og:title, JSON-LD headline, the first h1) without the site's name.
    static func title(_ page: HTMLPage, ld: JSONLD, site: String?, url: String?) -> String? {
        let h1 = page.blocks.first { page.elements[Int($0.owner)].kind == .h1 }.map(\.text)
        guard let raw = nonEmpty(page.title) ?? nonEmpty(page.meta["og:title"]) ?? ld.headline ?? h1 else { return nil }
        var parts = [raw]
        for sep in titleSeparators where raw.contains(sep) {
            parts = raw.components(separatedBy: sep).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            break
        }
        if parts.count == 1 { return raw }
        if let h1, let p = parts.first(where: { TextFolding.fold($0) == TextFolding.fold(h1) }) { return p }
        if let og = nonEmpty(page.meta["og:title"]), let p = parts.first(where: { TextFolding.fold($0) == TextFolding.fold(og) }) { return p }
        let siteKeys = [site, url.flatMap(host)].compactMap { $0.map { TextFolding.fold($0).replacingOccurrences(of: " ", with: "") } }
        let kept = parts.filter { part in
            let f = TextFolding.fold(part).replacingOccurrences(of: " ", with: "")
            return !siteKeys.contains { !$0.isEmpty && (f == $0 || $0.contains(f) || f.contains($0)) }
        }
        let pool = kept.isEmpty ? parts : kept
        return pool.max { $0.count < $1.count } ?? raw
    }

    static func host(_ url: String) -> String? {
        guard let h = URL(string: url)?.host?.lowercased() else { return nil }
        let labels = h.split(separator: ".").filter { $0 != "www" }
        return labels.count >= 2 ? String(labels[labels.count - 2]) : labels.first.map(String.init)
    }

    // MARK: dates

    static func date(_ page: HTMLPage, rawHTML raw: [UInt8], ld: JSONLD, url: String?, months: [String: Int], today: CivilDate, monthFirst: Bool) -> CivilDate? {
        func ok(_ d: CivilDate?) -> CivilDate? {
            guard let d, d.year >= 1995, d <= today else { return nil }
            return d
        }
        // A machine-readable time stamp is often in UTC, a day off the publisher's own calendar
        // ("2021-11-04T23:00Z" for a page printed "5. November 2021"): a printed date one day
        // away from it wins.
        let fromURL = url.flatMap { urlDate($0) }
        let marked = markedDate(page, ld: ld, fromURL: fromURL, months: months, monthFirst: monthFirst, today: today, ok: ok)
        let urlDay = ok(fromURL)?.precision == .day
        if !urlDay, let m = marked, m.precision == .day, let printed = printedDate(page, months: months, monthFirst: monthFirst, today: today, ok: ok),
           printed.precision == .day, abs(printed.dayNumber - m.dayNumber) == 1 {
            return printed
        }
        if let marked { return marked }
        return fallbackDate(page, rawHTML: raw, ld: ld, fromURL: fromURL, months: months, today: today, monthFirst: monthFirst, ok: ok)
    }

    /// The first date a page prints in an element its markup marks as a date.
    static func printedDate(_ page: HTMLPage, months: [String: Int], monthFirst: Bool, today: CivilDate, ok: (CivilDate?) -> CivilDate?) -> CivilDate? {
        for s in page.dateTextsByRelevance.prefix(20) {
            if let d = ok(findDate(in: s, months: months, monthFirst: monthFirst, today: today)) { return d }
        }
        return nil
    }

    /// The date the page marks as its own, most trusted first: the URL, JSON-LD, publication meta
    /// tags, `<time>` marked as publication time, dates printed in date-like elements (from the
    /// headline on), generic date meta tags, the first `<time>`.
    static func markedDate(_ page: HTMLPage, ld: JSONLD, fromURL: CivilDate?, months: [String: Int], monthFirst: Bool, today: CivilDate,
                           ok: (CivilDate?) -> CivilDate?) -> CivilDate? {
        // A full date in the URL is the publisher's own filing date, free of time-zone shifts.
        if let d = ok(fromURL), d.precision == .day { return d }
        if let d = ok(ld.datePublished.flatMap { parse($0, months: months, monthFirst: false) }) { return d }
        for key in publishedKeys {
            if let v = page.meta[key], let d = ok(parse(v, months: months, monthFirst: false)) { return d }
        }
        for t in page.times where t.published {
            if let d = ok(parse(t.value, months: months, monthFirst: false)) { return d }
        }
        // A date printed in a date-like element beats a generic stamp.
        if let d = printedDate(page, months: months, monthFirst: monthFirst, today: today, ok: ok) { return d }
        for key in genericDateKeys {
            if let v = page.meta[key], let d = ok(parse(v, months: months, monthFirst: false)) { return d }
        }
        if let d = ok(page.times.first.flatMap { parse($0.value, months: months, monthFirst: false) }) { return d }
        return nil
    }

    /// Modification dates, printed dates in short blocks, script variables and the first ISO date in
    /// the markup.
    static func fallbackDate(_ page: HTMLPage, rawHTML raw: [UInt8], ld: JSONLD, fromURL: CivilDate?, months: [String: Int], today: CivilDate,
                             monthFirst: Bool, ok: (CivilDate?) -> CivilDate?) -> CivilDate? {
        if let d = ok(ld.dateModified.flatMap { parse($0, months: months, monthFirst: false) }) { return d }
        for key in modifiedKeys {
            if let v = page.meta[key], let d = ok(parse(v, months: months, monthFirst: false)) { return d }
        }
        // The first full date printed in a short block of the page.
        for b in page.blocks.prefix(400) where b.chars <= 120 {
            if let d = ok(findDate(in: b.text, months: months, monthFirst: monthFirst, today: today)) { return d }
        }
        if let d = ok(fromURL) { return d }
        // Scripts that set the date for client-side rendering: "publishDate":"2020-01-14…".
        for key in scriptDateKeys {
            if let v = JSONLD.scan(raw, key: key), let d = ok(parse(v, months: months, monthFirst: false)) { return d }
        }
        // Last resorts (an answer costs nothing when there is none): a date in a long block, then
        // the first ISO date anywhere in the markup.
        for b in page.blocks where b.chars > 120 {
            if let d = ok(findDate(in: b.text, months: months, monthFirst: monthFirst, today: today)) { return d }
        }
        return firstISODate(raw, accept: ok)
    }

    /// The first `YYYY-MM-DD` (or `YYYY/MM/DD`) in a text that `accept` takes.
    static func firstISODate(_ b: [UInt8], accept: (CivilDate?) -> CivilDate?) -> CivilDate? {
        guard b.count >= 10 else { return nil }
        func digit(_ i: Int) -> Int? { b[i] >= 48 && b[i] <= 57 ? Int(b[i] - 48) : nil }
        var i = 0
        while i + 10 <= b.count {
            if (b[i] == 0x31 || b[i] == 0x32), let y1 = digit(i), let y2 = digit(i + 1), let y3 = digit(i + 2), let y4 = digit(i + 3),
               b[i + 4] == 0x2D || b[i + 4] == 0x2F, b[i + 7] == b[i + 4], let m1 = digit(i + 5), let m2 = digit(i + 6),
               let d1 = digit(i + 8), let d2 = digit(i + 9), i == 0 || digit(i - 1) == nil, i + 10 == b.count || digit(i + 10) == nil {
                let y = y1 * 1000 + y2 * 100 + y3 * 10 + y4, m = m1 * 10 + m2, d = d1 * 10 + d2
                if (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m), let date = accept(CivilDate(year: y, month: m, day: d)) {
                    return date
                }
            }
            i += 1
        }
        return nil
    }

    static let scriptDateKeys = ["\"datePublished\"", "\"date_published\"", "\"publishDate\"", "\"publishedDate\"", "\"pubDate\"",
                                 "\"publish_date\"", "\"published_at\"", "\"dateCreated\"", "\"created_at\"", "\"date\""]

    /// A date in a URL path: `/2023/12/29/`, `/2023-12-29`, `/20231229/`; `/2023/12/` gives the month.
    static func urlDate(_ url: String) -> CivilDate? {
        let b = Array(url.utf8)
        var i = 0
        func num(_ at: Int, _ len: Int) -> Int? {
            guard at + len <= b.count else { return nil }
            var v = 0
            for k in at..<(at + len) {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            if at + len < b.count, b[at + len] >= 48 && b[at + len] <= 57 { return nil }
            return v
        }
        func sep(_ at: Int) -> Bool { at < b.count && (b[at] == 0x2F || b[at] == 0x2D || b[at] == 0x5F || b[at] == 0x2E) }
        while i < b.count {
            if (b[i] == 0x2F || b[i] == 0x2D || b[i] == 0x5F), i + 5 < b.count, let y = num(i + 1, 4), (1995...2100).contains(y) {
                if sep(i + 5) {
                    let mLen = num(i + 6, 2) != nil ? 2 : 1
                    if let m = num(i + 6, mLen), (1...12).contains(m) {
                        let dAt = i + 6 + mLen
                        if sep(dAt) {
                            let dLen = num(dAt + 1, 2) != nil ? 2 : 1
                            if let d = num(dAt + 1, dLen), d >= 1, d <= CivilDate.daysIn(year: y, month: m) { return CivilDate(year: y, month: m, day: d) }
                        }
                        if dAt >= b.count || b[dAt] == 0x2F { return CivilDate(year: y, month: m, precision: .month) }
                    }
                }
            }
            if b[i] == 0x2F || b[i] == 0x2D || b[i] == 0x5F, let v = num(i + 1, 8) {
                let y = v / 10000, m = v / 100 % 100, d = v % 100
                if (1995...2100).contains(y), (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) { return CivilDate(year: y, month: m, day: d) }
            }
            i += 1
        }
        return nil
    }

    /// Parses a machine-readable date (ISO 8601, `2023/12/29`, `20231229`) or, failing that, a printed one.
    static func parse(_ s: String, months: [String: Int], monthFirst: Bool) -> CivilDate? {
        let t = s.trimmingWhitespace()
        let b = Array(t.utf8.prefix(10))
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for k in r { guard b[k] >= 48 && b[k] <= 57 else { return nil }; v = v * 10 + Int(b[k] - 48) }
            return v
        }
        if let y = digits(0..<4) {
            if b.count >= 10, b[4] == b[7], b[4] == 0x2D || b[4] == 0x2F || b[4] == 0x2E, let m = digits(5..<7), let d = digits(8..<10),
               (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) {
                return CivilDate(year: y, month: m, day: d)
            }
            if b.count >= 8, let m = digits(4..<6), let d = digits(6..<8), (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) {
                return CivilDate(year: y, month: m, day: d)
            }
            if b.count == 7, b[4] == 0x2D, let m = digits(5..<7), (1...12).contains(m) { return CivilDate(year: y, month: m, precision: .month) }
        }
        return findDate(in: t, months: months, monthFirst: monthFirst, today: nil)
    }

    /// The first full date printed in a text, in digits or with a month name in one of the known
    /// languages: "29.12.2023", "12/29/2023" (month first on US pages), "29. Dezember 2023",
    /// "December 29th, 2023", "29 de diciembre de 2023", "2023年12月29日".
    static func findDate(in s: String, months: [String: Int], monthFirst: Bool, today: CivilDate?) -> CivilDate? {
        // Every form carries a year in digits: most blocks are passed over without tokenizing.
        var digits = 0
        for c in s.utf8 where c >= 0x30 && c <= 0x39 {
            digits += 1
            if digits >= 2 { break }
        }
        guard digits >= 2 else { return nil }
        struct Tok { var text: String; var number: Int?; var digits: Int; var sepAfter: Character? }
        var toks: [Tok] = []
        var cur = ""
        var isNum = true
        func push(_ sep: Character?) {
            if !cur.isEmpty {
                var text = cur
                var number: Int?
                var digits = 0
                if isNum { number = Int(cur); digits = cur.count }
                else if let firstLetter = cur.firstIndex(where: { !$0.isNumber }), firstLetter != cur.startIndex {
                    // "29th", "29日"
                    let head = String(cur[..<firstLetter])
                    let tail = cur[firstLetter...].lowercased()
                    if ["st", "nd", "rd", "th", "日", "er", "e"].contains(tail) { number = Int(head); digits = head.count; text = head }
                }
                toks.append(Tok(text: text, number: number, digits: digits, sepAfter: sep))
            } else if let sep, !toks.isEmpty, toks[toks.count - 1].sepAfter == nil || toks[toks.count - 1].sepAfter == " " {
                toks[toks.count - 1].sepAfter = sep
            }
            cur = ""
            isNum = true
        }
        var count = 0
        for ch in s {
            count += 1
            if count > 2000 { break }
            if ch == "年" || ch == "月" {
                // CJK dates: the marker separates the numbers.
                push("-")
                continue
            }
            if ch.isLetter || ch.isNumber {
                if !ch.isNumber { isNum = false }
                cur.append(ch)
            } else {
                push(ch == " " || ch.isWhitespace ? " " : ch)
            }
        }
        push(nil)
        func valid(_ y: Int, _ m: Int, _ d: Int) -> CivilDate? {
            guard (1995...2100).contains(y), (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(year: y, month: m) else { return nil }
            let date = CivilDate(year: y, month: m, day: d)
            if let today, date > today { return nil }
            return date
        }
        func monthOf(_ t: Tok) -> Int? {
            guard t.number == nil else { return nil }
            var w = t.text.lowercased()
            if let m = DateParsing.month(w) ?? months[w] { return m }
            if w.count > 3 { w = String(w.prefix(3)); if w != "mar" && w != "jun" && w != "jul", let m = DateParsing.months[w] { return m } }
            return nil
        }
        let fillers: Set<String> = ["de", "of", "del", "the"]
        var i = 0
        while i < toks.count {
            let t = toks[i]
            if let a = t.number {
                // Numeric: 2023-12-29, 29.12.2023, 12/29/2023.
                if i + 2 < toks.count, let b = toks[i + 1].number, let c = toks[i + 2].number,
                   let s1 = t.sepAfter, let s2 = toks[i + 1].sepAfter, s1 == s2, s1 == "-" || s1 == "/" || s1 == ".",
                   toks[i + 1].digits <= 2 {
                    if t.digits == 4, toks[i + 2].digits <= 2, let d = valid(a, b, c) { return d }
                    if t.digits <= 2, toks[i + 2].digits == 4 {
                        if a > 12 || (!monthFirst || s1 == "."), let d = valid(c, b, a) { return d }
                        if let d = valid(c, a, b) { return d }
                    }
                }
                // 29 December 2023, 29. Dezember 2023, 29 de diciembre de 2023.
                if t.digits <= 2 {
                    var k = i + 1
                    while k < toks.count, fillers.contains(toks[k].text.lowercased()) { k += 1 }
                    if k < toks.count, let m = monthOf(toks[k]) {
                        var j = k + 1
                        while j < toks.count, fillers.contains(toks[j].text.lowercased()) { j += 1 }
                        if j < toks.count, let y = toks[j].number, toks[j].digits == 4, let d = valid(y, m, a) { return d }
                    }
                }
            } else if let m = monthOf(t), i + 1 < toks.count, let d = toks[i + 1].number, toks[i + 1].digits <= 2 {
                // December 29, 2023.
                var j = i + 2
                while j < toks.count, fillers.contains(toks[j].text.lowercased()) { j += 1 }
                if j < toks.count, let y = toks[j].number, toks[j].digits == 4, let date = valid(y, m, d) { return date }
            }
            i += 1
        }
        return nil
    }
}

/// The schema.org facts in a page's JSON-LD blocks, from the article object when there is one.
struct JSONLD {
    var datePublished: String?
    var dateModified: String?
    var headline: String?
    var articleBody: String?
    var author: String?
    var publisher: String?

    init(_ scripts: [String]) {
        var articleFirst: [[String: Any]] = []
        var others: [[String: Any]] = []
        for script in scripts {
            guard let data = script.trimmingWhitespace().data(using: .utf8),
                  let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                if datePublished == nil { datePublished = Self.scan(Array(script.utf8), key: "\"datePublished\"") }
                continue
            }
            var stack: [(Any, Int)] = [(root, 0)]
            while let (value, depth) = stack.popLast() {
                guard depth < 12 else { continue }
                if let dict = value as? [String: Any] {
                    let type = (dict["@type"] as? String) ?? ((dict["@type"] as? [Any])?.compactMap { $0 as? String }.joined(separator: " ")) ?? ""
                    if type.contains("Article") || type.contains("Posting") || type.contains("Report") { articleFirst.append(dict) }
                    // A photo's or a person's dates are not the page's.
                    else if !["Image", "Video", "Audio", "MediaObject", "Person", "Organization"].contains(where: { type.contains($0) }) { others.append(dict) }
                    if let graph = dict["@graph"] { stack.append((graph, depth + 1)) }
                    if let main = dict["mainEntity"] { stack.append((main, depth + 1)) }
                } else if let array = value as? [Any] {
                    for v in array.reversed() { stack.append((v, depth + 1)) }
                }
            }
        }
        for dict in articleFirst + others {
            if datePublished == nil { datePublished = dict["datePublished"] as? String ?? dict["dateCreated"] as? String }
            if dateModified == nil { dateModified = dict["dateModified"] as? String }
            if headline == nil { headline = (dict["headline"] as? String).flatMap(PageMetadata.nonEmpty) }
            if articleBody == nil { articleBody = dict["articleBody"] as? String }
            if author == nil { author = Self.name(dict["author"]) }
            if publisher == nil { publisher = Self.name(dict["publisher"]) }
        }
    }

    static func name(_ v: Any?) -> String? {
        if let s = v as? String { return PageMetadata.nonEmpty(s) }
        if let d = v as? [String: Any] { return (d["name"] as? String).flatMap(PageMetadata.nonEmpty) }
        if let a = v as? [Any] {
            let names = a.compactMap { name($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }

    /// `"key": "value"` in JSON that does not parse: the value after the first occurrence of `key`.
    /// - Complexity: O(n) over the bytes (memchr for the key's first byte, then a compare).
    static func scan(_ b: [UInt8], key: String) -> String? {
        let k = Array(key.utf8)
        guard let k0 = k.first, b.count > k.count else { return nil }
        return b.withUnsafeBufferPointer { buf -> String? in
            let base = buf.baseAddress!
            var i = 0
            let last = buf.count - k.count
            while i <= last {
                guard let hit = memchr(base + i, Int32(k0), last - i + 1) else { return nil }
                i = hit.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if memcmp(base + i, k, k.count) == 0 {
                    var j = i + k.count
                    while j < buf.count, buf[j] == 0x20 || buf[j] == 0x3A || buf[j] == 0x09 { j += 1 }
                    guard j < buf.count, buf[j] == 0x22 else { return nil }
                    j += 1
                    let start = j
                    while j < buf.count, buf[j] != 0x22 { j += 1 }
                    return j > start ? String(decoding: buf[start..<j], as: UTF8.self) : nil
                }
                i += 1
            }
            return nil
        }
    }
}
