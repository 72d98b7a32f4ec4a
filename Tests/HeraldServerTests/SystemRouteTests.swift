import Foundation
import HeraldChannels
@testable import HeraldServer
import HeraldStore
import HeraldTestSupport
import HTTPTypes
import Testing

@Suite struct SystemRouteTests {
    @Test(arguments: TestDatabase.allCases)
    func healthReportsTheStoreAndMetricsCountRequests(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let health = try await server.send(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.object["store"] as? String == engine.rawValue)
            _ = try await server.send(.get, "/api/v1/components")
            let metrics = try await server.send(.get, "/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains(#"herald_http_requests_total{method="GET",route="/api/v1/components",status="401"} 1"#))
            #expect(metrics.body.contains(#"herald_http_requests_total{method="GET",route="/healthz",status="200"} 1"#))
        }
    }

    @Test func unknownPathsGetAProblemResponse() async throws {
        try await TestServer.run(.sqlite) { server in
            let reply = try await server.send(.get, "/no/such/page")
            #expect(reply.status == .notFound)
            #expect(reply.headers[.contentType] == "application/problem+json")
            #expect(reply.object["instance"] as? String == "/no/such/page")
        }
    }

    /// A path that is served, asked with a method it does not serve, is 405 with the methods it does
    /// (RFC 9110 §15.5.6), not 404, which would say the path does not exist.
    @Test func anUnservedMethodOnAServedPathIs405WithAllow() async throws {
        try await TestServer.run(.sqlite) { server in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.trace, "/", "GET"),
                (.delete, "/api/v1/components", "GET, POST"),
                (.trace, "/api/v1/components/pay", "DELETE, GET, PATCH"),
                (.get, "/api/v1/config/reload", "POST"),
                (.put, "/unsubscribe/abc", "GET, POST"),
                (.options, "/api/v1/ingest/generic", "POST"),
            ]
            for (method, path, allow) in cases {
                let reply = try await server.send(method, path, token: server.admin)
                #expect(reply.status == .methodNotAllowed, "\(method) \(path): \(reply.status)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                #expect(reply.headers[.contentType] == "application/problem+json")
            }
            // A path nothing serves stays 404, whatever the method; a served method still answers.
            #expect(try await server.send(.trace, "/no/such/page").status == .notFound)
            #expect(try await server.send(.get, "/api/v1/components", token: server.admin).status == .ok)
            #expect(try await server.send(.get, "/api/v1/components/nope", token: server.admin).status == .notFound)
        }
    }

    /// The OpenAPI document is a contract: it must list exactly the routes served, with the roles enforced.
    @Test func theOpenAPIDocumentMatchesTheRoutesServed() async throws {
        let routes = try await AuthorizationTests.adminRoutes()
        try await TestServer.run(.sqlite, configure: { configuration in
            // Twilio's receipt route is served only when an account has a status callback.
            configuration.channelSettings[TwilioVoiceChannel.self] = TwilioAccount(accountSID: "AC1", authToken: "t", from: "+15005550006", statusCallback: "https://h.example.com/receipts/twilio")
        }) { server in
            let reply = try await server.send(.get, "/openapi.json")
            #expect(reply.status == .ok)
            let document = reply.object
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: [String: String] = [:]
            for (path, item) in paths {
                for (method, operation) in item where method != "parameters" {
                    let role = (operation as? [String: Any])?["x-herald-role"] as? String ?? "public"
                    documented["\(method.uppercased()) \(path)"] = role
                }
            }
            var served = Dictionary(uniqueKeysWithValues: routes.map { ("\($0.method) \($0.path)", $0.role.rawValue) })
            for path in ["/healthz", "/metrics", "/openapi.json", "/unsubscribe/{token}"] { served["GET \(path)"] = "public" }
            served["POST /unsubscribe/{token}"] = "public"
            served["POST /receipts/twilio"] = "public"
            for format in IngestFormats.all { served["POST \(format.path)"] = "public" }
            served["GET /respond/{token}"] = "public"
            served["GET /respond/{token}/runbook"] = "public"
            served["POST /respond/{token}"] = "public"
            for path in [
                "/", "/history", "/incidents/{id}", "/maintenance/{id}", "/feed.atom", "/feed.rss", "/maintenance.ics", "/cap.xml", "/cap.atom",
                "/cap/{file}", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
                "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances.json", "/api/v2/scheduled-maintenances/upcoming.json",
                "/api/v2/scheduled-maintenances/active.json",
            ] { served["GET \(path)"] = "public" }
            served["POST /feedback"] = "public"
            for path in ["/hb/{key}", "/hb/{key}/fail"] {
                served["GET \(path)"] = "public"
                served["POST \(path)"] = "public"
            }
            for path in ["/subscribe", "/subscribe/confirm/{token}", "/subscription/{token}"] {
                served["GET \(path)"] = "public"
                served["POST \(path)"] = "public"
            }
            #expect(documented == served)
        }
    }
}
