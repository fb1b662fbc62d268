import DyadCore
import DyadStore
import Foundation
import Hummingbird

/// Dyad's server: the JSON API and the dashboard, from one process over one store.
///
/// Routes are values grouped in `APIRoutes` and `DashboardRoutes` and mounted on one router;
/// tests run the same router in-process. Everything user-supplied is escaped in pages and bound as
/// SQL arguments in queries.
public struct DyadServer: Sendable {
    public let store: any EventStoring

    public init(store: any EventStoring) {
        self.store = store
    }

    /// The router with every route mounted.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        APIRoutes(store: store).mount(on: router)
        DashboardRoutes(store: store).mount(on: router)
        return router
    }

    /// An application bound to `host:port` (127.0.0.1 unless told otherwise).
    public func application(host: String = "127.0.0.1", port: Int = 8080) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(host, port: port), serverName: Engine.name))
    }
}

/// Response helpers shared by the routes.
enum Reply {
    static func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: v.serialized())))
    }

    static func html(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }
}

extension Request {
    func query(_ name: String) -> String? {
        guard let v = uri.queryParameters[Substring(name)], !v.isEmpty else { return nil }
        return String(v).removingPercentEncoding ?? String(v)
    }
}

/// A query's filter for the event list, from request parameters.
func eventFilter(_ r: Request) -> EventFilter {
    EventFilter(actor: r.query("actor"), country: r.query("country")?.uppercased(), code: r.query("code") ?? r.query("root"),
                quadClass: r.query("quad_class").flatMap(Int.init), from: r.query("from"), to: r.query("to"), text: r.query("q"),
                cluster: r.query("cluster"), limit: min(500, r.query("limit").flatMap(Int.init) ?? 50),
                offset: max(0, r.query("offset").flatMap(Int.init) ?? 0))
}
