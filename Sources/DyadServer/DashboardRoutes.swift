import DyadCore
import DyadStore
import Foundation
import Hummingbird

/// The dashboard: overview, dyad page, event page, article page and search, rendered on the server.
struct DashboardRoutes: Sendable {
    let store: any EventStoring
    typealias H = HTML

    func mount(on router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Reply.html(try overview()) }
        router.get("/dyads/:a/:b") { request, context in
            guard let a = context.parameters.get("a"), let b = context.parameters.get("b") else { return Reply.html(notFound(), status: .notFound) }
            let interval = SeriesInterval(rawValue: request.query("interval") ?? "month") ?? .month
            return Reply.html(try dyad(a.uppercased(), b.uppercased(), interval))
        }
        router.get("/events/:id") { _, context in
            guard let id = context.parameters.get("id"), let d = try store.event(id: id) else { return Reply.html(notFound(), status: .notFound) }
            return Reply.html(event(d))
        }
        router.get("/documents/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let d = try store.document(id: id) else {
                return Reply.html(notFound(), status: .notFound)
            }
            return Reply.html(document(d))
        }
        router.get("/search") { request, _ in Reply.html(try search(request)) }
    }

    func notFound() -> String { H.page(title: "Not found", body: "<h1>Not found</h1><p>Nothing is stored under that address.</p>") }

    func actorLink(_ code: String?, _ text: String?) -> String {
        guard let code else { return "<span class=\"muted\">—</span>" }
        return "<a href=\"/search?actor=\(H.url(code))\">\(H.escape(code))</a>" + (text.map { " <span class=\"muted\">\(H.escape($0))</span>" } ?? "")
    }

    func eventTable(_ rows: [EventRow]) -> String {
        var out = "<table><tr><th>date</th><th>source</th><th>event</th><th>target</th><th>modality</th><th>evidence</th><th>sources</th></tr>"
        for e in rows {
            out += "<tr><td>\(H.escape(e.date ?? "—"))</td><td>\(actorLink(e.sourceCode, nil))</td>"
            out += "<td class=\"q\(e.quadClass)\"><a href=\"/events/\(H.url(e.eventID))\">\(H.escape(e.cameo))</a> \(H.escape(e.ploverEvent ?? ""))</td>"
            out += "<td>\(actorLink(e.targetCode, nil))</td><td>\(H.escape(e.modality))</td>"
            out += "<td>\(H.escape(String(e.sentence.prefix(160))))\(e.sentence.count > 160 ? "…" : "")</td><td>\(e.sources)</td></tr>"
        }
        return out + "</table>"
    }

    func overview() throws -> String {
        let c = try store.counts()
        var body = "<h1>Overview</h1><p class=\"muted\">\(c.documents) documents, \(c.events) events stored.</p>"
        body += "<h2>Most active pairs</h2><table><tr><th>pair</th><th>happenings</th><th>Goldstein mean</th></tr>"
        for d in try store.topDyads(limit: 15, from: nil, to: nil) {
            body += "<tr><td><a href=\"/dyads/\(H.url(d.a))/\(H.url(d.b))\">\(H.escape(d.a)) – \(H.escape(d.b))</a></td><td>\(d.clusters)</td><td>\(String(format: "%.2f", d.goldsteinMean))</td></tr>"
        }
        body += "</table><h2>Actor network</h2><table><tr><th>from</th><th>to</th><th>happenings</th><th>cooperative</th><th>conflictual</th><th>Goldstein mean</th></tr>"
        for e in try store.network(from: nil, to: nil, minimum: 1).prefix(15) {
            body += "<tr><td>\(actorLink(e.source, nil))</td><td>\(actorLink(e.target, nil))</td><td>\(e.clusters)</td>"
            body += "<td class=\"q1\">\(e.quad[0] + e.quad[1])</td><td class=\"q3\">\(e.quad[2] + e.quad[3])</td><td>\(String(format: "%.2f", e.goldsteinMean))</td></tr>"
        }
        body += "</table><h2>Latest happenings</h2><table><tr><th>date</th><th>who</th><th>event</th><th>reports</th><th>sources</th><th>first report</th></tr>"
        for cl in try store.latestClusters(limit: 20) {
            body += "<tr><td>\(H.escape(cl.date ?? "—"))</td><td>\(H.escape(cl.sourceCode ?? "—")) → \(H.escape(cl.targetCode ?? "—"))</td>"
            body += "<td class=\"q\(cl.quadClass)\"><a href=\"/events/\(H.url(cl.firstEventID))\">\(H.escape(cl.cameo))</a></td><td>\(cl.reports)</td><td>\(cl.sources)</td>"
            body += "<td>\(H.escape(String(cl.sentence.prefix(140))))</td></tr>"
        }
        return H.page(title: "Overview", body: body + "</table>")
    }

    func dyad(_ a: String, _ b: String, _ interval: SeriesInterval) throws -> String {
        let s = try store.dyadSeries(a, b, interval: interval, from: nil, to: nil)
        var body = "<h1>\(H.escape(a)) – \(H.escape(b))</h1>"
        body += "<p>" + SeriesInterval.allCases.map { i in
            i == interval ? "<strong>\(i.rawValue)</strong>" : "<a href=\"/dyads/\(H.url(a))/\(H.url(b))?interval=\(i.rawValue)\">\(i.rawValue)</a>"
        }.joined(separator: " · ") + " <span class=\"muted\">counted over happenings (clusters of reports); click a period for its events</span></p>"
        body += "<div class=\"card\">" + Charts.dyadChart(s) { p in periodLink(a, b, p.period, interval) } + "</div>"
        body += "<table><tr><th>period</th><th>verbal coop.</th><th>material coop.</th><th>verbal conflict</th><th>material conflict</th><th>Goldstein mean</th><th>coop.–conflict index</th></tr>"
        for p in s.points.reversed() {
            body += "<tr><td><a href=\"\(H.escape(periodLink(a, b, p.period, interval)))\">\(H.escape(p.period))</a></td>"
            body += (0..<4).map { "<td>\(p.quad[$0])</td>" }.joined()
            body += "<td>\(String(format: "%.2f", p.goldsteinMean))</td><td>\(String(format: "%+.2f", p.cooperationIndex))</td></tr>"
        }
        return H.page(title: "\(a) – \(b)", body: body + "</table>")
    }

    /// The search page for one period of a dyad.
    func periodLink(_ a: String, _ b: String, _ period: String, _ interval: SeriesInterval) -> String {
        var from = period, to = period
        switch interval {
        case .month: from = period + "-01"; to = period + "-31"
        case .week: if let d = CivilDate(iso: period) { to = d.adding(days: 6).description }
        case .day: break
        }
        return "/search?dyad=\(H.url(a)),\(H.url(b))&from=\(H.url(from))&to=\(H.url(to))"
    }

    func highlighted(_ e: EventRow) -> String {
        // Mark the trigger and the actors' words inside the sentence (first occurrence of each).
        var spans: [(Range<String.Index>, String)] = []
        func mark(_ text: String?, _ cls: String) {
            guard let text, !text.isEmpty, let r = e.sentence.range(of: text), !spans.contains(where: { $0.0.overlaps(r) }) else { return }
            spans.append((r, cls))
        }
        mark(e.trigger, "trigger")
        mark(e.sourceText, "source")
        mark(e.targetText, "target")
        spans.sort { $0.0.lowerBound < $1.0.lowerBound }
        var out = "", i = e.sentence.startIndex
        for (r, cls) in spans {
            out += H.escape(String(e.sentence[i..<r.lowerBound])) + "<mark class=\"\(cls)\">" + H.escape(String(e.sentence[r])) + "</mark>"
            i = r.upperBound
        }
        return out + H.escape(String(e.sentence[i...]))
    }

    func event(_ d: EventDetail) -> String {
        let e = d.event
        var body = "<h1 class=\"q\(e.quadClass)\">\(H.escape(e.sourceCode ?? "—")) → \(H.escape(e.cameo)) → \(H.escape(e.targetCode ?? "—"))</h1>"
        body += "<div class=\"card\"><p>\(highlighted(e))</p><p class=\"muted\">trigger <mark class=\"trigger\">\(H.escape(e.trigger ?? ""))</mark> · source <mark class=\"source\">\(H.escape(e.sourceText ?? "—"))</mark> · target <mark class=\"target\">\(H.escape(e.targetText ?? "—"))</mark> · rule \(H.escape(e.rule))</p></div>"
        body += "<table><tr><th>date</th><td>\(H.escape(e.date ?? "—")) \(H.escape(e.datePrecision ?? ""))</td></tr>"
        body += "<tr><th>CAMEO</th><td>\(H.escape(e.cameo)) · Goldstein \(String(format: "%.1f", e.goldstein)) · \(H.escape(H.quadNames[e.quadClass] ?? ""))</td></tr>"
        body += "<tr><th>PLOVER</th><td>\(H.escape(e.ploverEvent ?? "—"))</td></tr><tr><th>modality</th><td>\(H.escape(e.modality))</td></tr>"
        body += "<tr><th>article</th><td><a href=\"/documents/\(e.documentRowID)\">\(H.escape(e.title ?? e.docID))</a> \(H.escape(e.site ?? ""))"
        if let url = e.url, url.hasPrefix("http") { body += " · <a href=\"\(H.escape(url))\" rel=\"noopener nofollow\">original</a>" }
        body += "</td></tr></table>"
        if let c = d.cluster {
            body += "<h2>The same happening: \(c.reports) report(s) from \(c.sources) independent source(s)</h2><table><tr><th>date</th><th>report</th><th>why it is the same</th></tr>"
            for (m, reason) in d.members {
                body += "<tr><td>\(H.escape(m.date ?? "—"))</td><td><a href=\"/events/\(H.url(m.eventID))\">\(H.escape(m.title ?? m.docID))</a> <span class=\"muted\">\(H.escape(m.site ?? ""))</span><br>\(H.escape(String(m.sentence.prefix(200))))</td><td class=\"muted\">\(H.escape(reason))</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Record</h2><pre class=\"card\" style=\"white-space:pre-wrap\">\(H.escape(e.record))</pre>"
        return H.page(title: "Event \(e.cameo)", body: body)
    }

    func document(_ d: DocumentDetail) -> String {
        // Mark each event's words in the text by their character offsets (Unicode scalars).
        let scalars = Array(d.text.unicodeScalars)
        var marks: [(Int, Int, EventRow)] = d.events.compactMap { e in
            guard let s = e.charStart, let t = e.charEnd, s >= 0, t <= scalars.count, s < t, e.sentenceIndex >= 0 else { return nil }
            return (s, t, e)
        }
        marks.sort { $0.0 < $1.0 }
        var text = "", i = 0
        func slice(_ a: Int, _ b: Int) -> String { scalars.string(from: a, to: b) }
        for (s, t, e) in marks where s >= i {
            text += H.escape(slice(i, s)) + "<a href=\"/events/\(H.url(e.eventID))\"><mark class=\"event\" title=\"\(H.escape("\(e.sourceCode ?? "—") \(e.cameo) \(e.targetCode ?? "—")"))\">" + H.escape(slice(s, t)) + "</mark></a>"
            i = t
        }
        text += H.escape(slice(i, scalars.count))
        var body = "<h1>\(H.escape(d.title ?? d.docID))</h1><p class=\"muted\">\(H.escape(d.site ?? "")) · \(H.escape(d.published ?? "no date")) · \(H.escape(d.docID))"
        if d.family != d.rowID { body += " · a copy of <a href=\"/documents/\(d.family)\">document \(d.family)</a>" }
        body += "</p><div class=\"card article\">\(text)</div><h2>Events</h2>" + eventTable(d.events)
        return H.page(title: d.title ?? d.docID, body: body)
    }

    func search(_ request: Request) throws -> String {
        var f = eventFilter(request)
        var pairNote = ""
        var rows: [EventRow] = []
        var total = 0
        if let dyad = request.query("dyad") {
            // A dyad's period: events with the pair on either side.
            let parts = dyad.split(separator: ",").map { String($0).uppercased() }
            if parts.count == 2 {
                f.actor = parts[0]
                f.limit = 500
                let page = try store.search(f)
                let b = parts[1]
                rows = page.events.filter { ($0.sourceCode ?? "").hasPrefix(b) || ($0.targetCode ?? "").hasPrefix(b) || $0.sourceCountry == b || $0.targetCountry == b }
                total = rows.count
                pairNote = " between \(H.escape(parts[0])) and \(H.escape(parts[1]))"
            }
        } else {
            let page = try store.search(f)
            rows = page.events
            total = page.total
        }
        var body = "<h1>Events\(pairNote)</h1><form action=\"/search\" method=\"get\" class=\"card\">"
        for (name, label, value) in [("q", "text", f.text), ("actor", "actor", f.actor), ("country", "country", f.country), ("code", "CAMEO", f.code),
                                     ("from", "from", f.from), ("to", "to", f.to)] {
            body += "<label>\(label) <input name=\"\(name)\" value=\"\(H.escape(value ?? ""))\" size=\"10\"></label> "
        }
        body += "<button>Filter</button></form><p class=\"muted\">\(total) event(s)\(total > rows.count ? ", the first \(rows.count) shown" : "")</p>"
        return H.page(title: "Events", body: body + eventTable(rows))
    }
}
