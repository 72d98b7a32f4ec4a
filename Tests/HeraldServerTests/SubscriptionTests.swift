import HeraldApp
import Foundation
import HTTPTypes
import HeraldChannels
import HeraldCore
import HeraldServer
import HeraldStore
import HeraldTestSupport
import Testing

/// Subscribing from the status page: double opt-in, becoming a contact, choosing components and
/// language, managing and leaving, limits per client, and what subscribers are then sent.
@Suite struct SubscriptionTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func token(in text: String, after prefix: String) throws -> String {
        let range = try #require(text.range(of: prefix))
        return String(text[range.upperBound...].prefix { $0.isHexDigit })
    }

    @Test(arguments: TestDatabase.allCases)
    func anEmailSubscriberConfirmsChoosesAndLeaves(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://status.example.cn" }) { server in
            _ = try await PublicFixture.make(server)
            let page = try await server.send(.get, "/subscribe?lang=en")
            #expect(page.body.contains("value=\"pay\"") && page.body.contains("支付网关"))

            let bad = try await server.send(
                .post, "/subscribe", json: #"{"email":"not an address","webhook_url":"ftp://x","components":["nope"],"language":"fr"}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["email", "webhook_url", "components[0]", "language"])
            #expect(try await server.send(.post, "/subscribe", json: #"{"email":"#).problemFields == ["body"], "broken JSON is a 400, not a 500")
            #expect(try await server.store.subscriptions().isEmpty, "nothing of a refused request is stored")

            let before = try await server.store.deliveryCounts()[.email]?[.pending] ?? 0
            let sent = try await server.send(
                .post, "/subscribe?lang=en", body: "email=reader%40example.com&components=pay&language=en", headers: Self.form)
            #expect(sent.status == .accepted && sent.body.contains("reader@example.com"))
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == before + 1, "one confirmation email")
            #expect(try await server.store.recipients(following: ["pay"]).allSatisfy { $0.name != "reader@example.com" }, "nothing before confirming")

            let mail = try #require(try await server.store.claimDeliveries(limit: 100).first { $0.address == "reader@example.com" })
            #expect(mail.subject == "Confirm your subscription to Service Status")
            let confirm = try Self.token(in: mail.body, after: "https://status.example.cn/subscribe/confirm/")
            let shown = try await server.send(.get, "/subscribe/confirm/\(confirm)")
            #expect(shown.body.contains("<form method=\"post\""))
            #expect(try await server.store.subscriptions().first?.state == .pending, "opening the link only shows the button")

            let confirmed = try await server.send(.post, "/subscribe/confirm/\(confirm)")
            #expect(confirmed.status == .ok)
            let manage = try Self.token(in: confirmed.body, after: "/subscription/")
            let reader = try #require(try await server.store.recipients(following: ["pay"]).first { $0.name == "reader@example.com" })
            #expect(reader.language == .en && reader.subscriptions == ["pay"] && reader.groups == ["subscribers"])
            #expect(try await server.store.recipients(following: ["web"]).contains { $0.id == reader.id } == false)
            #expect(try await server.send(.post, "/subscribe/confirm/\(confirm)").status == .ok, "confirming twice is harmless")

            let changed = try await server.send(.post, "/subscription/\(manage)", body: "action=update&components=web&language=zh-CN", headers: Self.form)
            #expect(changed.body.contains("已保存"))
            let moved = try await server.store.contact(id: reader.id)
            #expect(moved.subscriptions == ["web"] && moved.language == .zhCN)

            // The one-click link in a notice's email (List-Unsubscribe) ends the subscription too.
            let unsubscribeToken = try #require(moved.unsubscribeToken)
            #expect(try await server.send(.post, "/unsubscribe/\(unsubscribeToken)").status == .ok)
            #expect(try await server.store.subscriptions().first?.state == .unsubscribed)
            _ = try await server.send(.post, "/subscription/\(manage)", body: "action=unsubscribe", headers: Self.form)
            #expect(try await server.store.contact(id: reader.id).consent == .withdrawn)
            #expect(try await server.store.subscriptions().first?.state == .unsubscribed)
            #expect(try await server.send(.get, "/subscription/0000").status == .notFound)
        }
    }

    @Test func oneClientMayAskOnlySoOften() async throws {
        try await TestServer.run(.sqlite, configure: { $0.statusPage.subscriptionsPerHour = 2 }) { server in
            for attempt in 1...3 {
                let reply = try await server.send(.post, "/subscribe", json: #"{"email":"a\#(attempt)@example.com"}"#)
                #expect(reply.status == (attempt <= 2 ? .accepted : .tooManyRequests), "attempt \(attempt)")
                if attempt == 3 { #expect(reply.headers[.retryAfter] == "3600") }
            }
            #expect(try await server.store.subscriptions().count == 2)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func subscribersHearAboutPublicUpdatesInStatuspagesWebhookShape(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        let configure: @Sendable (inout HeraldConfiguration) -> Void = {
            $0.publicURL = "https://status.example.cn"
            // The partner's name resolves to a public address (offline, in the test's resolver).
            $0.resolver = OutboundResolver { _ in [IPAddress(93, 184, 215, 14)] }
        }
        try await TestServer.run(engine, now: clock.now, configure: configure) { server in
            let fixture = try await PublicFixture.make(server)
            let notifier = SubscriberNotifier(
                store: server.store, site: PublicSite(store: server.store, settings: StatusPageSettings(), publicURL: "https://status.example.cn"),
                baseURL: "https://status.example.cn", logger: TestDatabase.logger)
            #expect(await notifier.tick() == 0, "what happened before anyone subscribed is not sent")

            for body in [#"{"email":"ops@partner.example.com","webhook_url":"https://partner.example.com/hooks/status","components":["pay"]}"#,
                         #"{"email":"reader@example.com","components":["pay"]}"#, #"{"email":"web-only@example.com","components":["web"]}"#] {
                #expect(try await server.send(.post, "/subscribe", json: body).status == .accepted)
            }
            for mail in try await server.store.claimDeliveries(limit: 100, lease: 86400) {
                let token = try Self.token(in: mail.body, after: "/subscribe/confirm/")
                #expect(try await server.send(.post, "/subscribe/confirm/\(token)").status == .ok)
            }

            _ = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder,
                json: #"{"message":"支付已恢复，正在观察。","status":"monitoring","public":true}"#)
            _ = try await server.send(.put, "/api/v1/components/pay/status", token: server.responder, json: #"{"status":"operational"}"#)
            #expect(await notifier.tick() == 0, "changes settle a few seconds before they are read")
            clock.advance(by: 6)
            #expect(await notifier.tick() == 3, "the partner's webhook twice (update, component), the reader's email once")
            #expect(await notifier.tick() == 0, "once")

            let queued = try await server.store.claimDeliveries(limit: 100, lease: 86400)
            let email = try #require(queued.first { $0.channel == .email })
            #expect(email.address == "reader@example.com" && email.subject == "【观察中】<script>alert(1)</script> 支付失败")
            #expect(email.body.contains("支付已恢复，正在观察。") && email.body.contains("https://status.example.cn/subscription/"))
            let hooks = queued.filter { $0.channel == .webhook }
            #expect(hooks.allSatisfy { $0.address == "https://partner.example.com/hooks/status" })
            let payloads = hooks.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
            let incident = try #require(payloads.first { $0["incident"] != nil })
            #expect(Set(incident.keys) == ["meta", "page", "incident"])
            #expect(Set((incident["meta"] as? [String: Any])?.keys.map { $0 } ?? []) == ["unsubscribe", "documentation", "generated_at"])
            #expect(Set((incident["page"] as? [String: Any])?.keys.map { $0 } ?? []) == ["id", "status_indicator", "status_description"])
            #expect((incident["incident"] as? [String: Any])?["status"] as? String == "monitoring")
            let component = try #require(payloads.first { $0["component_update"] != nil })
            #expect(Set(component.keys) == ["meta", "page", "component", "component_update"])
            let update = try #require(component["component_update"] as? [String: Any])
            #expect(update["old_status"] as? String == "major_outage" && update["new_status"] as? String == "operational")
            #expect(Set(update.keys) == ["id", "component_id", "old_status", "new_status", "created_at"])
        }
    }
}
