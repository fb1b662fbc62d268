/// Building blocks of the dashboard's server-rendered pages: escaping and the page frame.
enum HTML {
    /// Escapes text for HTML content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Percent-encodes a path segment or query value.
    static func url(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || "-_.~".contains(c) { out.append(c) }
            else { out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true) }
        }
        return out
    }

    static let style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d2d4a;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
        header a{color:#fff;text-decoration:none;font-weight:600}header form{margin-left:auto}
        main{max-width:1100px;margin:0 auto;padding:16px 24px}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:28px}
        table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:6px 8px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top;font-size:.92rem}
        th{background:#eef1f5}a{color:#1f5fbf}.muted{color:#667085;font-size:.85rem}
        .card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:14px 18px;margin:12px 0}
        mark.trigger{background:#ffe08a}mark.source{background:#bfe3c9}mark.target{background:#f7c6c0}mark.event{background:#ffe08a}
        .q1,.q2{color:#1b7f3b}.q3,.q4{color:#b3261e}.article{white-space:pre-wrap;line-height:1.55}
        input,select,button{font-size:.95rem;padding:4px 6px}svg text{font-size:11px;fill:#444}
        """

    /// A whole page: header with navigation and search, then the body.
    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) — Dyad</title><style>\(style)</style></head>
        <body><header><a href="/">Dyad</a><a href="/search">Events</a><a href="/openapi.json">API</a>
        <form action="/search" method="get"><input name="q" placeholder="Search evidence and titles" aria-label="search"> <button>Search</button></form></header>
        <main>\(body)</main></body></html>
        """
    }

    static let quadNames = [1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"]
}
