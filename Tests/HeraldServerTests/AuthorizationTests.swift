import HeraldApp
import Foundation
import HTTPTypes
import HeraldCore
import HeraldEngine
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct AuthorizationTests {
    /// Every admin route, found from the router itself so a new route cannot skip the check.
    static func adminRoutes() async throws -> [AdminRoute] {
        try await TestDatabase.sqlite.withStore { store in
            let runtime = HeraldRuntime(
                configuration: HeraldConfiguration(), store: store, templates: try NoticeTemplates.load(), metrics: HeraldMetrics(), reloader: nil,
                logger: TestDatabase.logger)
            return try HeraldHTTP.router(runtime).1
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyAdminRouteRefusesAMissingOrUnknownToken(_ engine: TestDatabase) async throws {
        let routes = try await Self.adminRoutes()
        #expect(routes.count >= 15)
        try await TestServer.run(engine) { server in
            for route in routes {
                let path = route.path.replacing(/\{[^}]+\}/, with: "api")  // every parameter: {id}, {regime}, {step}
                let method = HTTPRequest.Method(route.method)!
                let missing = try await server.send(method, path)
                #expect(missing.status == .unauthorized, "\(route.method) \(route.path)")
                #expect(missing.headers[.contentType] == "application/problem+json")
                #expect(missing.headers[.wwwAuthenticate] == "Bearer realm=\"herald\"")
                let unknown = try await server.send(method, path, token: "hrld_" + String(repeating: "1", count: 48))
                #expect(unknown.status == .unauthorized, "\(route.method) \(route.path)")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func everyAdminRouteRefusesATooWeakRole(_ engine: TestDatabase) async throws {
        let routes = try await Self.adminRoutes()
        try await TestServer.run(engine) { server in
            for route in routes where route.role != .viewer {
                let path = route.path.replacing(/\{[^}]+\}/, with: "api")  // every parameter: {id}, {regime}, {step}
                let method = HTTPRequest.Method(route.method)!
                let weaker = route.role == .admin ? [server.viewer, server.responder] : [server.viewer]
                for token in weaker {
                    let reply = try await server.send(method, path, token: token, json: "{}")
                    #expect(reply.status == .forbidden, "\(route.method) \(route.path)")
                    #expect(reply.body.contains("needs the \(route.role.rawValue) role"))
                }
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aTokenMadeThroughTheAPIWorksUntilRevoked(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let made = try await server.send(.post, "/api/v1/tokens", token: server.admin, json: #"{"name":"grafana","role":"responder"}"#)
            #expect(made.status == .created)
            let secret = try #require(made.object["secret"] as? String)
            let token = try #require(made.object["token"] as? [String: Any])
            let id = try #require(token["id"] as? String)
            #expect(token["role"] as? String == "responder")

            #expect(try await server.send(.get, "/api/v1/components", token: secret).status == .ok)
            let listed = try await server.send(.get, "/api/v1/tokens", token: server.admin)
            #expect(listed.body.contains("grafana"))
            #expect(!listed.body.contains(secret))

            #expect(try await server.send(.delete, "/api/v1/tokens/\(id)", token: server.admin).status == .ok)
            #expect(try await server.send(.get, "/api/v1/components", token: secret).status == .unauthorized)
        }
    }

    @Test func aBadTokenRequestNamesEveryBadField() async throws {
        try await TestServer.run(.sqlite) { server in
            let reply = try await server.send(.post, "/api/v1/tokens", token: server.admin, json: #"{"role":"root","scope":"all"}"#)
            #expect(reply.status == .badRequest)
            #expect(Set(reply.problemFields) == ["name", "role", "scope"])
            #expect(try await server.store.tokens().count == 3)
        }
    }
}
