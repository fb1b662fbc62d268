import DyadCore
import DyadStore
import Foundation
import Hummingbird

/// The JSON API: `/api/events`, `/api/events/{id}`, `/api/dyads/{a}/{b}`, `/api/network`, `/api/actors`,
/// `/api/documents/{id}` and `/openapi.json`.
struct APIRoutes: Sendable {
    let store: any EventStoring

    func mount(on router: Router<BasicRequestContext>) {
        router.get("/openapi.json") { _, _ in Reply.json(.raw(OpenAPI.document)) }
        router.get("/api/events") { request, _ in
            let f = eventFilter(request)
            let page = try store.search(f)
            return Reply.json(.object([
                ("total", .int(page.total)), ("total_is_lower_bound", .bool(page.totalIsLowerBound)), ("limit", .int(f.limit)), ("offset", .int(f.offset)),
                ("events", .array(page.events.map(Self.event))),
            ]))
        }
        router.get("/api/events/:id") { _, context in
            guard let id = context.parameters.get("id"), let d = try store.event(id: id) else { return Reply.error(.notFound, "no event with that id") }
            return Reply.json(.object([
                ("event", Self.event(d.event)),
                ("cluster", d.cluster.map(Self.cluster) ?? .null),
                ("reports", .array(d.members.map { e, reason in .object([("reason", .string(reason)), ("event", Self.event(e))]) })),
            ]))
        }
        router.get("/api/dyads/:a/:b") { request, context in
            guard let a = context.parameters.get("a"), let b = context.parameters.get("b") else { return Reply.error(.badRequest, "two actors needed") }
            guard let interval = SeriesInterval(rawValue: request.query("interval") ?? "month") else {
                return Reply.error(.badRequest, "interval must be day, week or month")
            }
            let s = try store.dyadSeries(a.uppercased(), b.uppercased(), interval: interval, from: request.query("from"), to: request.query("to"))
            return Reply.json(Self.series(s))
        }
        router.get("/api/network") { request, _ in
            let edges = try store.network(from: request.query("from"), to: request.query("to"),
                                          minimum: max(1, request.query("min").flatMap(Int.init) ?? 1))
            return Reply.json(.object([("edges", .array(edges.map { e in
                .object([("source", .string(e.source)), ("target", .string(e.target)), ("events", .int(e.clusters)),
                         ("goldstein_mean", .double(e.goldsteinMean)), ("quad", .object((1...4).map { ("\($0)", .int(e.quad[$0 - 1])) }))])
            }))]))
        }
        router.get("/api/actors") { request, _ in
            let list = try store.actors(limit: min(1000, request.query("limit").flatMap(Int.init) ?? 100))
            return Reply.json(.object([("actors", .array(list.map {
                .object([("code", .string($0.code)), ("country", .optional($0.country)), ("events", .int($0.events))])
            }))]))
        }
        router.get("/api/documents/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self), let d = try store.document(id: id) else {
                return Reply.error(.notFound, "no document with that id")
            }
            return Reply.json(.object([
                ("id", .int(Int(d.rowID))), ("doc_id", .string(d.docID)), ("title", .optional(d.title)), ("url", .optional(d.url)),
                ("site", .optional(d.site)), ("published", .optional(d.published)), ("copy_of", d.family == d.rowID ? .null : .int(Int(d.family))),
                ("text", .string(d.text)), ("events", .array(d.events.map(Self.event))),
            ]))
        }
    }

    /// A stored event: its contract record plus where it is stored and its cluster.
    static func event(_ e: EventRow) -> JSONValue {
        .object([
            ("record", .raw(e.record)), ("document", .int(Int(e.documentRowID))), ("title", .optional(e.title)), ("url", .optional(e.url)),
            ("cluster", .object([("id", .optional(e.clusterID)), ("reports", .int(e.reports)), ("sources", .int(e.sources))])),
        ])
    }

    static func cluster(_ c: ClusterSummary) -> JSONValue {
        .object([
            ("id", .string(c.id)), ("first_event_id", .string(c.firstEventID)), ("date", .optional(c.date)),
            ("source", .optional(c.sourceCode)), ("target", .optional(c.targetCode)), ("cameo", .string(c.cameo)),
            ("quad_class", .int(c.quadClass)), ("reports", .int(c.reports)), ("sources", .int(c.sources)),
        ])
    }

    static func series(_ s: DyadSeries) -> JSONValue {
        .object([
            ("a", .string(s.a)), ("b", .string(s.b)), ("interval", .string(s.interval.rawValue)), ("unit", .string("clusters")),
            ("points", .array(s.points.map { p in
                .object([
                    ("period", .string(p.period)), ("events", .int(p.count)),
                    ("quad", .object((1...4).map { ("\($0)", .int(p.quad[$0 - 1])) })),
                    ("goldstein_sum", .double(p.goldsteinSum)), ("goldstein_mean", .double(p.goldsteinMean)),
                    ("cooperation_index", .double(p.cooperationIndex)),
                ])
            })),
        ])
    }
}
