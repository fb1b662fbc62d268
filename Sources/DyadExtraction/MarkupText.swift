/// Turns HTML into lines of text for the page-dump extractor: drops scripts, styles and comments,
/// breaks lines at block elements and decodes the common entities.
///
/// This is the interim reader for HTML input; the libxml2 extractor will replace it for HTML
/// while page dumps keep using `PageDumpExtractor`.
public enum MarkupText {
    static let blockTags: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th", "table", "article",
        "section", "header", "footer", "nav", "aside", "main", "title", "blockquote", "figure", "figcaption", "hr", "form",
    ]
    static let skipTags: Set<String> = ["script", "style", "noscript", "template", "svg", "head"]

    /// The text of an HTML page, one block a line; the `<title>` is returned apart.
    public static func lines(_ html: String) -> (title: String?, text: String) {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var title: String?
        var i = 0
        let n = s.count
        while i < n {
            if s[i] == "<" {
                if i + 3 < n, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                    i = find("-->", s, from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                guard let close = s[i...].firstIndex(of: ">") else { break }
                var name = ""
                var k = i + 1
                let closing = k < n && s[k] == "/"
                if closing { k += 1 }
                while k < close, s[k].isUnicodeAlphabetic || (s[k].value >= 48 && s[k].value <= 57) {
                    name.unicodeScalars.append(s[k])
                    k += 1
                }
                name = name.lowercased()
                i = close + 1
                if !closing && name == "title", let end = find("</title", s, from: i, caseInsensitive: true) {
                    title = decode(String(String.UnicodeScalarView(s[i..<end]))).trimmingWhitespace()
                    i = s[end...].firstIndex(of: ">").map { $0 + 1 } ?? n
                    continue
                }
                if !closing && skipTags.contains(name) && name != "head" {
                    i = find("</\(name)", s, from: i, caseInsensitive: true).flatMap { e in s[e...].firstIndex(of: ">").map { $0 + 1 } } ?? n
                    continue
                }
                if blockTags.contains(name) { out.append("\n") } else { out.append(" ") }
                continue
            }
            out.append(s[i])
            i += 1
        }
        return (title, decode(String(out)))
    }

    static func find(_ needle: String, _ s: [Unicode.Scalar], from: Int, caseInsensitive: Bool = false) -> Int? {
        let nd = Array((caseInsensitive ? needle.lowercased() : needle).unicodeScalars)
        guard nd.count <= s.count else { return nil }
        var i = from
        while i + nd.count <= s.count {
            var ok = true
            for k in 0..<nd.count {
                var c = s[i + k]
                if caseInsensitive, c.value >= 65, c.value <= 90 { c = Unicode.Scalar(c.value + 32)! }
                if c != nd[k] { ok = false; break }
            }
            if ok { return i }
            i += 1
        }
        return nil
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "hellip": "\u{2026}", "shy": "",
    ]

    /// Decodes named and numeric character references.
    public static func decode(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let body = s[s.index(after: i)..<semi]
                var rep: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X"), let v = UInt32(body.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { rep = String(u) }
                else if body.hasPrefix("#"), let v = UInt32(body.dropFirst()), let u = Unicode.Scalar(v) { rep = String(u) }
                else { rep = entities[String(body)] }
                if let rep { out += rep; i = s.index(after: semi); continue }
            }
            out.append(s[i])
            i = s.index(after: i)
        }
        return out
    }
}
