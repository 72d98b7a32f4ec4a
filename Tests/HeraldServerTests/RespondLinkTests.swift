import Foundation
import HeraldCore
import HeraldEngine
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// The person paged acknowledges from the link in the page, without an account.
@Suite struct RespondLinkTests {
    @Test(arguments: TestDatabase.allCases)
    func aPageCarriesASignedLinkThatAcknowledgesAndExpires(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com/" }) { server in
            _ = try await server.store.createContact(Contact(id: "li", name: "李雷", groups: ["sre"], addresses: [.sms: "+8613800000000"], createdAt: server.store.now()))
            let made = try await server.send(
                .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"cron","kind":"generic","notify_group":"sre"}"#)
            let key = try #require(made.object["key"] as? String)
            _ = try await server.send(
                .post, "/api/v1/ingest/generic?key=\(key)",
                json: #"{"dedup_key":"k","summary":"<script>alert(1)</script> 备份失败","severity":"critical"}"#)
            let page = try #require(try await server.store.claimDeliveries(limit: 10).first)
            let link = try #require(page.body.firstMatch(of: /https:\/\/status\.example\.com\/respond\/(\S+)/))
            let token = String(link.1)

            let shown = try await server.send(.get, "/respond/\(token)")
            #expect(shown.status == .ok)
            #expect(shown.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; 备份失败") && !shown.body.contains("<script>"))
            let incident = try #require(try await server.store.incidents().first)
            #expect(incident.acknowledgedAt == nil, "showing the page changes nothing")

            let forged = try await server.send(
                .post, "/respond/\(token.dropLast(2))xx", body: "action=acknowledge", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(forged.status == .forbidden)
            let acknowledged = try await server.send(
                .post, "/respond/\(token)", body: "action=acknowledge", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(acknowledged.status == .ok)
            #expect(try await server.store.incident(id: incident.id).acknowledgedBy == "contact:li (link)")

            let expired = IncidentLinks(publicURL: "https://status.example.com", secret: try await server.store.linkSecret(), lifetime: -60)
                .token(incidentID: incident.id, contactID: "li", now: server.store.now())
            let late = try await server.send(.post, "/respond/\(expired)", body: "action=resolve", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(late.status == .forbidden)
            let resolved = try await server.send(.post, "/respond/\(token)", body: "action=resolve", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(resolved.status == .ok)
            #expect(try await server.store.incident(id: incident.id).status == .resolved)
        }
    }

    /// An IM page carries acknowledge and resolve buttons through the queue, both opening the signed
    /// link its text names; the SMS of the same page has none (its text has the link).
    @Test(arguments: TestDatabase.allCases)
    func anIMPageCarriesButtonsToTheSignedLink(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com/" }) { server in
            _ = try await server.store.createContact(Contact(
                id: "li", name: "李雷", groups: ["sre"],
                addresses: [.slack: "https://hooks.slack.com/services/T000/B000/XXXX", .sms: "+8613800000000"], createdAt: server.store.now()))
            let made = try await server.send(
                .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"cron","kind":"generic","notify_group":"sre"}"#)
            let key = try #require(made.object["key"] as? String)
            _ = try await server.send(.post, "/api/v1/ingest/generic?key=\(key)", json: #"{"dedup_key":"k","summary":"备份失败","severity":"critical"}"#)
            let pages = try await server.store.claimDeliveries(limit: 10)
            let slack = try #require(pages.first { $0.channel == .slack })
            let link = try #require(slack.body.firstMatch(of: /https:\/\/status\.example\.com\/respond\/\S+/)).0
            #expect(slack.actions == [
                MessageAction(label: "确认处理", url: link + "#acknowledge"), MessageAction(label: "解决", url: link + "#resolve"),
            ])
            #expect(pages.filter { $0.channel != .slack }.allSatisfy { $0.actions.isEmpty })
            let opened = try await server.send(.get, String(link.dropFirst("https://status.example.com".count)))
            #expect(opened.status == .ok)
        }
    }
}
