import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import NIOCore
import Testing

/// Public forms refuse what is not UTF-8 as the admin API and ingest do: 400 naming the field, and
/// nothing stored or queued; a JSON object naming a member twice is refused everywhere.
@Suite struct MangledInputTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let json: HTTPFields = [.contentType: "application/json"]

    /// Sends raw bytes, which `TestServer.send` (taking text) cannot.
    static func send(_ server: TestServer, _ path: String, bytes: [UInt8], headers: HTTPFields, token: String? = nil) async throws -> Reply {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await server.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: TestDatabase.allCases)
    func theSubscribeFormRefusesBytesThatAreNotUTF8(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await PublicFixture.make(server)
            let before = try await server.store.deliveryCounts()[.email]?[.pending] ?? 0
            let raw = try await Self.send(server, "/subscribe?lang=en", bytes: (Self.utf8("email=") + [0xFF] + Self.utf8("@example.com&components=pay")), headers: Self.form)
            #expect(raw.status == .badRequest)
            // A person reads what to mend, in the page's language; the API names the encoding (below).
            #expect(raw.body.contains("Enter a valid email address"), "\(raw.body)")
            let escaped = try await server.send(.post, "/subscribe?lang=en", body: "email=%FF%40example.com", headers: Self.form)
            #expect(escaped.status == .badRequest)
            let inJSON = try await Self.send(server, "/subscribe", bytes: Self.utf8(#"{"email":""#) + [0xFF] + Self.utf8(#"@example.com"}"#), headers: Self.json)
            #expect(inJSON.status == .badRequest && inJSON.headers[.contentType] == "application/problem+json")
            #expect(inJSON.problemFields == ["body"] && inJSON.body.contains("is not valid UTF-8"), "\(inJSON.body)")
            let twice = try await server.send(.post, "/subscribe", json: #"{"email":"a@example.com","email":"b@example.com"}"#)
            #expect(twice.status == .badRequest && twice.problemFields == ["email"], "\(twice.body)")
            #expect(try await server.store.subscriptions().isEmpty, "nothing of a refused request is stored")
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] ?? 0 == before, "and no confirmation mail is queued")

            let good = try await server.send(.post, "/subscribe?lang=en", body: "email=%E7%8E%8B%40example.com", headers: Self.form)
            #expect(good.status == .accepted, "percent-encoded UTF-8 is fine: \(good.body)")
            #expect(try await server.store.subscriptions().map(\.email) == ["王@example.com"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theFeedbackFormRefusesBytesThatAreNotUTF8(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let fixture = try await PublicFixture.make(server)
            let raw = try await Self.send(
                server, "/feedback?lang=en", bytes: (Self.utf8("notice=\(fixture.upcoming)&message=") + [0xE6, 0x94] + Self.utf8("broken")), headers: Self.form)
            #expect(raw.status == .badRequest)
            #expect(raw.body.contains("Write your question or report"), "\(raw.body)")
            let inJSON = try await Self.send(
                server, "/feedback", bytes: Self.utf8(#"{"notice":"\#(fixture.upcoming)","message":""#) + [0xC0, 0xAF] + Self.utf8(#""}"#), headers: Self.json)
            #expect(inJSON.status == .badRequest && inJSON.problemFields == ["body"])
            let twice = try await server.send(.post, "/feedback", json: #"{"notice":"\#(fixture.upcoming)","message":"a","message":"b"}"#)
            #expect(twice.status == .badRequest && twice.problemFields == ["message"])
            #expect(try await server.store.feedback().isEmpty)
        }
    }

    @Test func theAdminAPIAndIngestRefuseDuplicateMembersByName() async throws {
        try await TestServer.run(.sqlite) { server in
            let component = try await server.send(
                .post, "/api/v1/components", token: server.admin, json: #"{"id":"pay","name":"支付网关","name":"Payments"}"#)
            #expect(component.status == .badRequest && component.problemFields == ["name"], "\(component.body)")
            let integration = try await server.send(.post, "/api/v1/integrations", token: server.admin, json: #"{"name":"cron","kind":"generic"}"#)
            let key = try #require(integration.object["key"] as? String)
            let alert = try await server.send(
                .post, "/api/v1/ingest/generic?key=\(key)",
                json: #"{"dedup_key":"a","summary":"x","labels":{"team":"dba","team":"web"}}"#)
            #expect(alert.status == .badRequest && alert.problemFields == ["labels.team"], "\(alert.body)")
            let mangled = try await Self.send(
                server, "/api/v1/ingest/generic?key=\(key)", bytes: Self.utf8(#"{"dedup_key":"a","summary":""#) + [0xFF] + Self.utf8(#""}"#), headers: Self.json)
            #expect(mangled.status == .badRequest && mangled.body.contains("is not valid UTF-8"))
            #expect(try await server.store.incidents().isEmpty)
        }
    }
}
