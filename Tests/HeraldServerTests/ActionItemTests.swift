import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Action items on both engines: listed open across postmortems (per team, overdue in the owner's
/// zone), and an overdue one reminds its owner through the delivery queue once a day, in their
/// language, with a link to the postmortem, until it is marked done.
@Suite struct ActionItemTests {
    @Test(arguments: TestDatabase.allCases)
    func anOverdueActionItemRemindsItsOwnerOnceADayUntilItIsDone(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://herald.example.cn/" }) { server in
            let (id, path) = try await PostmortemAPITests.startedPostmortem(server, clock: clock)
            _ = try await server.store.claimDeliveries(limit: 100, lease: 86400)
            let written = try await server.send(
                .patch, path, token: server.responder,
                json: #"{"action_items": [{"title": "按成功率告警", "owner": "李雷", "due": "2026-03-11"}, {"title": "Review the runbook", "owner": "dba team", "due": "2026-03-10"}, {"title": "Rotate keys", "owner": "oncall-li", "due": "2026-03-01", "done": true}]}"#)
            #expect(written.status == .ok, "\(written.body)")
            let reminders = ActionItemService(
                store: server.store, planner: Channels.planner, publicURL: "https://herald.example.cn/", now: clock.now, logger: TestDatabase.logger)

            let listed = try await server.send(.get, "/api/v1/action-items", token: server.viewer)
            #expect(listed.status == .ok, "\(listed.body)")
            let items = try #require(listed.object["action_items"] as? [[String: Any]])
            #expect(items.map { $0["title"] as? String } == ["Review the runbook", "按成功率告警"], "open ones, the earliest due first")
            #expect(items.map { $0["owner_contact_id"] as? String } == [nil, "oncall-li"])
            #expect(items.map { $0["overdue"] as? Bool } == [false, false] && items.first?["team"] is NSNull)
            #expect(await reminders.tick() == 0, "nothing is overdue on 10 March")

            // 09:30 on 12 March in Shanghai, the owner's zone: the day after the due day.
            clock.advance(by: RFC3339.parse("2026-03-12T09:30:00+08:00")!.timeIntervalSince(clock.now()))
            let overdue = try await server.send(.get, "/api/v1/action-items?overdue=true&zone=Asia/Shanghai", token: server.viewer)
            #expect((overdue.object["action_items"] as? [[String: Any]])?.map { "\($0["title"] ?? "") \($0["days_overdue"] ?? "")" } == ["Review the runbook 2", "按成功率告警 1"])
            let sent = await reminders.tick()
            #expect(sent >= 1)
            // The incident's own pages come back too once their lease ran out; the reminders are keyed apart.
            let queued = try await server.store.claimDeliveries(limit: 100, lease: 30 * 86400).filter { $0.idempotencyKey.hasPrefix("postmortem:") }
            #expect(queued.count == sent && queued.allSatisfy { $0.contactID == "oncall-li" && $0.severity == .low }, "only the owner who is a contact")
            let mail = try #require(queued.first)
            #expect(mail.subject == "【改进项已逾期】按成功率告警（截止 2026-03-11）")
            #expect(mail.body.contains("已逾期 1 天") && mail.body.contains("https://herald.example.cn/console/incidents/\(id)/postmortem"), "\(mail.body)")
            #expect(!(try await server.store.postmortemFacts(incidentID: id).pages.contains { $0.severity == .low }), "a reminder is not one of the incident's pages")

            clock.advance(by: 6 * 3600)
            #expect(await reminders.tick() == 0, "once a day")
            clock.advance(by: 18 * 3600)
            #expect(await reminders.tick() == sent, "the next day, again")
            let next = try await server.store.claimDeliveries(limit: 100, lease: 30 * 86400).filter { $0.idempotencyKey.hasPrefix("postmortem:") }
            #expect(next.first?.body.contains("已逾期 2 天") == true)

            let done = try await server.send(
                .patch, path, token: server.responder,
                json: #"{"action_items": [{"title": "按成功率告警", "owner": "李雷", "due": "2026-03-11", "done": true}, {"title": "Review the runbook", "owner": "dba team", "due": "2026-03-10"}]}"#)
            #expect(done.status == .ok)
            clock.advance(by: 86400)
            #expect(await reminders.tick() == 0, "done: no more reminders")

            let bad = try await server.send(.get, "/api/v1/action-items?team=nobody&overdue=maybe&zone=Mars", token: server.viewer)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["team", "overdue", "zone"])
        }
    }
}
