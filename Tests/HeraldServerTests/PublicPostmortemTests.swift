import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// A postmortem published on the status page, on both engines: refused without a public summary
/// (and outside publishing), then on the incident's page in the reader's language, in the
/// Statuspage JSON (`status` postmortem, `postmortem_body`, `postmortem_published_at`, not among
/// the updates), in the Atom feed, and in subscribers' email and webhooks, once each. A postmortem
/// published inside only stays off all of them.
@Suite struct PublicPostmortemTests {
    static let chinese = "3 月 10 日 09:48 至 10:40，部分支付失败。原因是一次配置变更把连接池设成了 0。我们已加上变更检查，并改为按成功率告警。"
    static let english = "From 09:48 to 10:40 on 10 March some payments failed: a configuration change set a connection pool to 0. Changes are now checked, and we alert on the success rate."

    @Test(arguments: TestDatabase.allCases)
    func aPostmortemPublishedOnTheStatusPageReachesItsJSONPageFeedAndSubscribers(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        let configure: @Sendable (inout HeraldConfiguration) -> Void = {
            $0.publicURL = "https://status.example.cn"
            $0.resolver = OutboundResolver { _ in [IPAddress(93, 184, 215, 14)] }
        }
        try await TestServer.run(engine, now: clock.now, configure: configure) { server in
            let id = try await PostmortemAPITests.resolvedIncident(server, clock: clock)
            let notifier = SubscriberNotifier(
                store: server.store, site: PublicSite(store: server.store, settings: StatusPageSettings(), publicURL: "https://status.example.cn"),
                baseURL: "https://status.example.cn", logger: TestDatabase.logger)
            for body in [#"{"email":"reader@example.com","components":["pay"],"language":"en"}"#,
                         #"{"email":"ops@partner.example.com","webhook_url":"https://partner.example.com/hooks/status","components":["pay"]}"#] {
                #expect(try await server.send(.post, "/subscribe", json: body).status == .accepted)
            }
            for mail in try await server.store.claimDeliveries(limit: 100, lease: 86400) where mail.body.contains("/subscribe/confirm/") {
                let token = try SubscriptionTests.token(in: mail.body, after: "/subscribe/confirm/")
                #expect(try await server.send(.post, "/subscribe/confirm/\(token)").status == .ok)
            }
            _ = try await server.store.claimDeliveries(limit: 100, lease: 86400)
            #expect(await notifier.tick() == 0)
            #expect(try await Self.listed(server, id) == nil, "nothing public was said about the incident")

            let path = "/api/v1/incidents/\(id)/postmortem"
            #expect(try await server.send(.post, path, token: server.responder).status == .created)
            let early = try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "in_review", "public": true}"#)
            #expect(early.status == .badRequest && early.problemFields == ["public"], "\(early.body)")
            #expect(try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "in_review"}"#).status == .ok)
            let unwritten = try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "published", "public": true}"#)
            #expect(unwritten.status == .badRequest && unwritten.problemFields == ["public_summary"], "\(unwritten.body)")
            #expect(unwritten.body.contains("public summary"))
            #expect(try await server.store.postmortem(incidentID: id)?.state == .inReview, "a refused publication changes nothing")
            let bad = try await server.send(.patch, path, token: server.responder, json: #"{"public_summary": {"fr": "Bonjour", "en": ""}}"#)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["public_summary.fr", "public_summary.en"], "\(bad.body)")

            let written = try await server.send(
                .patch, path, token: server.responder, json: #"{"public_summary": {"zh-CN": "\#(Self.chinese)", "en": "\#(Self.english)"}}"#)
            #expect(written.status == .ok, "\(written.body)")
            #expect((written.object["public_summary"] as? [String: String]) == ["zh-CN": Self.chinese, "en": Self.english])
            clock.advance(by: 600)
            let published = try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "published", "public": true}"#)
            #expect(published.status == .ok, "\(published.body)")
            #expect(published.object["public"] as? Bool == true && published.object["published_at"] as? String == "2026-03-10T02:50:00Z")

            let incident = try #require(try await Self.listed(server, id))
            #expect(incident["status"] as? String == "postmortem")
            #expect(incident["postmortem_body"] as? String == Self.chinese, "the page's language")
            #expect(incident["postmortem_published_at"] as? String == "2026-03-10T10:50:00.000+08:00")
            let updates = try #require(incident["incident_updates"] as? [[String: Any]])
            #expect(!updates.contains { $0["status"] as? String == "postmortem" || ($0["body"] as? String ?? "").contains("连接池") })
            let unresolved = try await server.send(.get, "/api/v2/incidents/unresolved.json").object["incidents"] as? [[String: Any]]
            #expect(unresolved?.isEmpty == true)

            let english = try await server.send(.get, "/incidents/\(id)?lang=en")
            #expect(english.status == .ok)
            #expect(english.body.contains("<h2 id=\"postmortem\">Postmortem</h2>") && english.body.contains(Self.english))
            #expect(english.body.contains("Published 2026-03-10 10:50"))
            let chinesePage = try await server.send(.get, "/incidents/\(id)?lang=zh-CN")
            #expect(chinesePage.body.contains("<h2 id=\"postmortem\">事后复盘</h2>") && chinesePage.body.contains(Self.chinese))
            let feed = try await server.send(.get, "/feed.atom")
            #expect(feed.body.contains("postmortem") && feed.body.contains("连接池设成了 0"))

            clock.advance(by: 6)
            #expect(await notifier.tick() == 2, "the reader's email and the partner's webhook")
            #expect(await notifier.tick() == 0, "once")
            let queued = try await server.store.claimDeliveries(limit: 100, lease: 86400)
            let email = try #require(queued.first { $0.channel == .email })
            #expect(email.address == "reader@example.com" && (email.subject ?? "").contains("Postmortem") && email.body.contains(Self.english))
            let hook = try #require(queued.first { $0.channel == .webhook })
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(hook.body.utf8)) as? [String: Any])
            let sent = try #require(payload["incident"] as? [String: Any])
            #expect(sent["status"] as? String == "postmortem" && sent["postmortem_body"] as? String == Self.chinese)

            let markdown = try await server.send(.get, path + "/markdown?language=en&zone=Asia/Shanghai", token: server.viewer).body
            #expect(markdown.contains("- State: Published Also on the status page."))
            #expect(markdown.hasSuffix("## Public summary\n\n\(Self.english)\n"))
            #expect(!markdown.contains("Postmortem published on the status page ·"), "the summary is not repeated in the timeline")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPostmortemPublishedInsideOnlyStaysOffThePublicSide(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let (id, path) = try await PostmortemAPITests.startedPostmortem(server, clock: clock)
            _ = try await server.send(.patch, path, token: server.responder, json: #"{"public_summary": {"en": "\#(Self.english)"}}"#)
            #expect(try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "in_review"}"#).status == .ok)
            let published = try await server.send(.post, path + "/state", token: server.responder, json: #"{"state": "published"}"#)
            #expect(published.status == .ok && published.object["public"] as? Bool == false)
            #expect(try await Self.listed(server, id) == nil)
            #expect(try await server.send(.get, "/incidents/\(id)").status == .notFound)
            #expect(!(try await server.send(.get, "/feed.atom").body.contains("configuration change")))
        }
    }

    /// The incident as `incidents.json` lists it, if it does.
    static func listed(_ server: TestServer, _ id: String) async throws -> [String: Any]? {
        let incidents = try await server.send(.get, "/api/v2/incidents.json").object["incidents"] as? [[String: Any]]
        return incidents?.first { $0["id"] as? String == id }
    }
}
