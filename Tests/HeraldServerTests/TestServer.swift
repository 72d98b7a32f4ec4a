import HeraldApp
import Foundation
import HTTPTypes
import HeraldCore
import HeraldEngine
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A real Herald HTTP server on a real database, with one token per role.
struct TestServer: Sendable {
    /// The day server tests are set on: 2026-11-22 00:00 UTC, with fixtures' maintenance in December.
    static let today = Date(timeIntervalSince1970: 1_795_305_600)

    let client: any TestClientProtocol
    let store: Store
    let metrics: HeraldMetrics
    let admin: String
    let responder: String
    let viewer: String

    /// Runs `body` against a live server on `engine`; `configFile` enables the reload route.
    /// The server reads `now`, never the machine's clock: by default a clock that stands still at
    /// `TestServer.today`, so that no test depends on the date the suite runs.
    static func run(
        _ engine: TestDatabase, maxBodyBytes: Int = 1_048_576, configFile: String? = nil,
        now: @escaping @Sendable () -> Date = TestClock(TestServer.today).now, configure: @escaping @Sendable (inout HeraldConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        try await engine.withStore(now: now) { store in
            var configuration = HeraldConfiguration()
            configuration.port = 0
            configuration.maxBodyBytes = maxBodyBytes
            // HummingbirdTesting's live client connects once, when the server starts, and never
            // reconnects: beside the whole suite a test's first request can come later than the
            // 10 s a silent connection is given, and it would find its connection closed.
            // Tests of the timeouts set their own.
            configuration.connections.timeouts = ConnectionTimeouts(header: .seconds(600), body: .seconds(600), idle: .seconds(600))
            configure(&configuration)
            let metrics = HeraldMetrics()
            let reloader = configFile.map { CatalogueReloader(file: $0, store: store, logger: TestDatabase.logger) }
            let runtime = HeraldRuntime(
                configuration: configuration, store: store, templates: try NoticeTemplates.load(), metrics: metrics, reloader: reloader,
                logger: TestDatabase.logger, now: now)
            let app = try HeraldHTTP.application(runtime, logger: TestDatabase.logger)
            let admin = try await store.createToken(name: "admin", role: .admin, createdBy: "test").secret
            let responder = try await store.createToken(name: "responder", role: .responder, createdBy: "test").secret
            let viewer = try await store.createToken(name: "viewer", role: .viewer, createdBy: "test").secret
            try await app.test(.live) { client in
                try await body(
                    TestServer(client: client, store: store, metrics: metrics, admin: admin, responder: responder, viewer: viewer))
            }
        }
    }

    /// Sends a request and returns the status, headers and body.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil, body raw: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: (json ?? raw).map { ByteBuffer(string: $0) }
        ) { response in
            Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

struct Reply: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }

    /// The fields named in a problem+json response.
    var problemFields: [String] {
        ((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }
}
