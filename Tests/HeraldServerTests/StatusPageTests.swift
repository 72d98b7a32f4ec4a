import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The public status page as a reader's browser sees it: languages, escaping, what is public, caching.
@Suite struct StatusPageTests {
    static let english: HTTPFields = [.acceptLanguage: "en-GB,en;q=0.9,zh-CN;q=0.5"]

    @Test(arguments: TestDatabase.allCases)
    func thePageShowsWhatIsPublicEscapedInTheReadersLanguage(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let fixture = try await PublicFixture.make(server)
            clock.advance(by: 3600)
            let page = try await server.send(.get, "/", headers: Self.english)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains("<html lang=\"en\">"))
            #expect(page.body.contains("Major System Outage"), "a high-severity incident is open")
            #expect(page.body.contains("Upcoming maintenance") && page.body.contains("Payment system upgrade"))
            #expect(page.body.contains("2026-12-01 02:00 (UTC+08:00)"), "times carry their zone")
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; 支付失败"))
            #expect(page.body.contains("正在排查 &lt;b&gt;支付&lt;/b&gt; &amp; 退款"))
            #expect(!page.body.contains("<script>alert(1)") && !page.body.contains("<b>支付</b>"), "nothing operators wrote is markup")
            #expect(!page.body.contains("数据库主库"), "internal notes stay internal")
            #expect(!page.body.contains("磁盘空间不足"), "an incident nobody announced is not on the page")
            #expect(page.body.contains("支付服务") && page.body.contains("Major outage"), "components by group, with their status")
            #expect(page.body.components(separatedBy: "class=\"bars\"").count == 3, "90-day bars for both components")
            #expect(page.body.components(separatedBy: "<span class=\"d-").count - 1 == 2, "only today has data: both were created today")
            #expect(page.body.contains("class=\"d-major_outage\" title=\"2026-11-22 Major outage 0.00%\""), "payments has been down since")
            #expect(page.body.contains("class=\"d-operational\" title=\"2026-11-22 Operational 100.00%\""))

            let chinese = try await server.send(.get, "/?lang=zh-CN", headers: Self.english)
            #expect(chinese.body.contains("<html lang=\"zh-CN\">") && chinese.body.contains("计划维护") && chinese.body.contains("支付系统升级维护"))
            #expect(chinese.body.contains("重大系统中断"))
            let browserChinese = try await server.send(.get, "/", headers: [.acceptLanguage: "zh-CN,zh;q=0.9"])
            #expect(browserChinese.body.contains("所有系统") || browserChinese.body.contains("重大系统中断"))

            let incident = try await server.send(.get, "/incidents/\(fixture.incident)", headers: Self.english)
            #expect(incident.status == .ok && incident.body.contains("Identified"))
            #expect(try await server.send(.get, "/incidents/\(fixture.internalIncident)").status == .notFound)
            let maintenance = try await server.send(.get, "/maintenance/\(fixture.cancelled)?lang=zh-CN")
            #expect(maintenance.body.contains("已取消") && maintenance.body.contains("张伟"))
            let history = try await server.send(.get, "/history", headers: Self.english)
            #expect(history.body.contains("/maintenance/\(fixture.upcoming)") && history.body.contains("/maintenance/\(fixture.cancelled)"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func thePageIsServedFromCacheUntilSomethingPublicChanges(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let fixture = try await PublicFixture.make(server)
            let first = try await server.send(.get, "/", headers: Self.english)
            let tag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl] == "public, max-age=30")
            let again = try await server.send(.get, "/", headers: Self.english.merging([.ifNoneMatch: tag]))
            #expect(again.status == .notModified && again.body.isEmpty)

            // An internal note is a change nobody outside sees, but a public update changes the page.
            _ = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder,
                json: #"{"message":"Payments are back; we are watching them.","status":"monitoring","public":true}"#)
            let changed = try await server.send(.get, "/", headers: Self.english.merging([.ifNoneMatch: tag]))
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != tag)
            #expect(changed.body.contains("Payments are back; we are watching them."))

            // Responders give it a title for the public and say how bad it is.
            let renamed = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder,
                json: #"{"message":"Card payments fail for some users.","public":true,"title":"Card payments failing","impact":"major"}"#)
            #expect(renamed.status == .created, "\(renamed.body)")
            let retitled = try await server.send(.get, "/", headers: Self.english)
            #expect(retitled.body.contains("Card payments failing"))
            let json = try await server.send(.get, "/api/v2/incidents.json")
            #expect((json.object["incidents"] as? [[String: Any]])?.first?["impact"] as? String == "major")
            #expect(retitled.body.contains("Major System Outage"), "the payments component is still down: the page shows the worst")
            let badImpact = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder, json: #"{"message":"x","impact":"huge"}"#)
            #expect(badImpact.problemFields == ["impact"])

            // A component put right by hand shows at once too.
            _ = try await server.send(.put, "/api/v1/components/web/status", token: server.responder, json: #"{"status":"degraded_performance"}"#)
            #expect(try await server.send(.get, "/", headers: Self.english).body.contains("Degraded performance"))
        }
    }
}

extension StatusPageTests {
    /// An update as long as responders may write reaches the public whole, in every language;
    /// one character more is refused, naming the field.
    @Test(arguments: TestDatabase.allCases)
    func theLongestUpdateAllowedIsKeptWhole(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, now: { PublicFixture.today }) { server in
            let fixture = try await PublicFixture.make(server)
            let chinese = String(repeating: "支付正在恢复。", count: IncidentEvent.longestUpdate / 7)
            let english = String(repeating: "Payments recover. ", count: IncidentEvent.longestUpdate / 18)
            let posted = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder,
                json: #"{"message":"\#(chinese)","public":true,"translations":{"en":"\#(english)"}}"#)
            #expect(posted.status == .created, "\(posted.body)")
            let incidents = try await server.send(.get, "/api/v2/incidents.json").object["incidents"] as? [[String: Any]]
            let bodies = (incidents?.first { $0["id"] as? String == fixture.incident }?["incident_updates"] as? [[String: Any]])?.compactMap { $0["body"] as? String }
            #expect(bodies?.contains(chinese) == true, "\(chinese.count) characters")
            #expect(try await server.send(.get, "/incidents/\(fixture.incident)", headers: Self.english).body.contains(english))
            let tooLong = try await server.send(
                .post, "/api/v1/incidents/\(fixture.incident)/updates", token: server.responder,
                json: #"{"message":"\#(String(repeating: "长", count: IncidentEvent.longestUpdate + 1))","public":true}"#)
            #expect(tooLong.status == .badRequest && tooLong.problemFields == ["message"])
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        for field in other { merged[field.name] = field.value }
        return merged
    }
}
