import Dyad
import DyadCore
import DyadServer
import DyadStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

let engine = try! DyadEngine()

/// A store with a few documents written for these tests, one with hostile markup in its title.
func makeStore() throws -> (SQLiteEventStore, String) {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("dyad-server-\(UUID().uuidString).sqlite").path
    let store = try SQLiteEventStore(path: path)
    let docs = [
        Document(id: "a.txt", raw: "Beijing and Moscow will deepen military cooperation.", title: "Allies <script>alert(1)</script>",
                 publicationDate: CivilDate(iso: "2024-05-16")),
        Document(id: "b.txt", raw: "China criticized the United States over tariffs.", publicationDate: CivilDate(iso: "2024-06-03")),
        Document(id: "c.txt", raw: "Russia praised China for its support.", publicationDate: CivilDate(iso: "2024-06-20")),
    ]
    for d in docs { _ = try store.ingest(try engine.code(d)) }
    return (store, path)
}

func json(_ r: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) as? [String: Any])
}

/// GET a URI: status and body as JSON (nil when not JSON).
func get(_ client: any TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, [String: Any]?) {
    try await client.execute(uri: uri, method: .get) { r in
        (r.status, try? JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) as? [String: Any])
    }
}

func withApp(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
    let (store, path) = try makeStore()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let app = Application(router: DyadServer(store: store).router())
    try await app.test(.router) { client in try await body(client) }
}

@Test func apiEvents_listsAndFilters() async throws {
    try await withApp { client in
        try await client.execute(uri: "/api/events", method: .get) { r in
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/json; charset=utf-8")
            let body = try json(r)
            #expect(body["total"] as? Int == 4)
            let first = try #require((body["events"] as? [[String: Any]])?.first)
            #expect((first["record"] as? [String: Any])?["event_id"] != nil)
            #expect((first["cluster"] as? [String: Any])?["sources"] as? Int == 1)
        }
        #expect(try await get(client, "/api/events?country=USA").1?["total"] as? Int == 1)
        #expect(try await get(client, "/api/events?actor=CHNGOV&code=03").1?["total"] as? Int == 2)
        #expect(try await get(client, "/api/events?quad_class=3").1?["total"] as? Int == 1)
        #expect(try await get(client, "/api/events?from=2024-06-01&to=2024-06-10").1?["total"] as? Int == 1)
        #expect(try await get(client, "/api/events?q=tariffs").1?["total"] as? Int == 1)
        #expect((try await get(client, "/api/events?limit=1&offset=1").1?["events"] as? [Any])?.count == 1)
    }
}

@Test func apiEvent_givesEvidenceAndCluster_or404() async throws {
    try await withApp { client in
        let id = try await client.execute(uri: "/api/events?country=USA", method: .get) { r in
            (((try json(r)["events"] as? [[String: Any]])?.first?["record"] as? [String: Any])?["event_id"] as? String) ?? ""
        }
        try await client.execute(uri: "/api/events/\(id)", method: .get) { r in
            #expect(r.status == .ok)
            let body = try json(r)
            let record = ((body["event"] as? [String: Any])?["record"] as? [String: Any])
            #expect((record?["evidence"] as? [String: Any])?["trigger"] as? String == "criticized")
            #expect((body["cluster"] as? [String: Any])?["reports"] as? Int == 1)
            #expect((body["reports"] as? [Any])?.count == 1)
        }
        let missing = try await get(client, "/api/events/nope")
        #expect(missing.0 == .notFound)
        #expect(missing.1?["error"] as? String == "no event with that id")
    }
}

@Test func apiDyads_givesASeriesOverClusters() async throws {
    try await withApp { client in
        try await client.execute(uri: "/api/dyads/CHN/RUS?interval=month", method: .get) { r in
            let body = try json(r)
            let points = try #require(body["points"] as? [[String: Any]])
            #expect(points.map { $0["period"] as? String } == ["2024-05", "2024-06"])
            #expect(points[0]["events"] as? Int == 2)
            #expect(points[0]["cooperation_index"] as? Double == 1.0)
        }
        #expect(try await get(client, "/api/dyads/CHN/RUS?interval=year").0 == .badRequest)
    }
}

@Test func apiActorsAndDocuments() async throws {
    try await withApp { client in
        try await client.execute(uri: "/api/actors", method: .get) { r in
            let codes = (try json(r)["actors"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("CHNGOV") && codes.contains("USA"))
        }
        try await client.execute(uri: "/api/documents/1", method: .get) { r in
            let body = try json(r)
            #expect(body["doc_id"] as? String == "a.txt")
            #expect((body["events"] as? [Any])?.count == 2)
        }
        #expect(try await get(client, "/api/documents/99").0 == .notFound)
    }
}

@Test func openAPI_isValidJSONAndListsEveryRoute() async throws {
    try await withApp { client in
        try await client.execute(uri: "/openapi.json", method: .get) { r in
            let body = try json(r)
            let paths = (body["paths"] as? [String: Any])?.keys.sorted()
            #expect(paths == ["/api/actors", "/api/documents/{id}", "/api/dyads/{a}/{b}", "/api/events", "/api/events/{id}", "/api/network"])
        }
    }
}

@Test func pages_renderAndEscapeWhatUsersSupplied() async throws {
    try await withApp { client in
        try await client.execute(uri: "/", method: .get) { r in
            let html = String(buffer: r.body)
            #expect(r.status == .ok)
            #expect(html.contains("href=\"/dyads/CHN/RUS\""))
            #expect(!html.contains("<script"))
        }
        try await client.execute(uri: "/dyads/CHN/RUS", method: .get) { r in
            let html = String(buffer: r.body)
            #expect(html.contains("<svg"))
            #expect(html.contains("class=\"coop\""))
            #expect(html.contains("/search?dyad=CHN,RUS&amp;from=2024-05-01"))
        }
        try await client.execute(uri: "/documents/1", method: .get) { r in
            let html = String(buffer: r.body)
            #expect(html.contains("Allies &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert"))
            #expect(html.contains("<mark class=\"event\""))
        }
        try await client.execute(uri: "/search?q=%3Cimg%20src%3Dx%3E", method: .get) { r in
            let html = String(buffer: r.body)
            #expect(html.contains("value=\"&lt;img src=x&gt;\""))
            #expect(!html.contains("<img src=x>"))
        }
        #expect(try await get(client, "/events/nope").0 == .notFound)
    }
}

@Test func apiNetwork_givesDirectedEdgesForAPeriod() async throws {
    try await withApp { client in
        let all = try await get(client, "/api/network").1?["edges"] as? [[String: Any]] ?? []
        let pairs = Set(all.map { "\($0["source"] as? String ?? "")>\($0["target"] as? String ?? "")" })
        #expect(pairs == ["CHN>RUS", "RUS>CHN", "CHN>USA"])
        let june = try await get(client, "/api/network?from=2024-06-01&to=2024-06-30").1?["edges"] as? [[String: Any]] ?? []
        #expect(june.count == 2)
        let conflict = june.first { $0["target"] as? String == "USA" }
        #expect((conflict?["quad"] as? [String: Any])?["3"] as? Int == 1)
    }
}
