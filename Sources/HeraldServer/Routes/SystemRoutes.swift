import HeraldApp
import Foundation
import HeraldStore
import Hummingbird

/// Routes for the machines around Herald: health checks, Prometheus, and the API description.
enum SystemRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, metrics: HeraldMetrics, openAPI: Data) {
        router.get("/healthz") { _, context in
            do {
                try await store.ping()
                return JSONResponse(Health(status: "ok", store: store.dialect.rawValue))
            } catch {
                context.logger.warning("health check failed", metadata: ["error": "\(error)"])
                throw Problem(.serviceUnavailable, detail: "the \(store.dialect.rawValue) database does not answer")
            }
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(data: openAPI)))
        }
    }

    struct Health: Encodable, Sendable {
        var status: String
        var store: String
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}
