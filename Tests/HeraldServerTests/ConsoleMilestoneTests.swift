import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The incident page's milestones card: a responder sets when impact started in their own zone
/// (Asia/Shanghai, the status page's), with a reason; a refused order comes back beside its input.
@Suite struct ConsoleMilestoneTests {
    @Test(arguments: TestDatabase.allCases)
    func aResponderSetsImpactStartFromTheIncidentPage(_ engine: TestDatabase) async throws {
        let clock = TestClock(MilestoneAPITests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await MilestoneAPITests.open(server, clock: clock)
            let responder = try await server.consoleUser(.responder)
            let page = try await server.get("/console/incidents/\(id)", as: responder)
            #expect(page.status == .ok)
            #expect(page.body.contains("里程碑") && page.body.contains("影响开始") && page.body.contains("由 Herald 记录"))
            #expect(page.body.contains("name=\"at\"") && page.body.contains("type=\"datetime-local\"") && page.body.contains("时区：Asia/Shanghai"))

            // After detection (10:00): refused, the form filled again, nothing written.
            let refused = try await server.post(
                "/console/incidents/\(id)/milestone", as: responder, form: ["milestone": "impact_started", "at": "2026-03-10T10:05", "reason": "看错了"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("发现不能早于影响开始。"))
            #expect(refused.body.contains("value=\"看错了\""))
            let noReason = try await server.post(
                "/console/incidents/\(id)/milestone", as: responder, form: ["milestone": "impact_started", "at": "2026-03-10T09:48", "reason": " "])
            #expect(noReason.status == .unprocessableContent && noReason.body.contains("请写明原因"))
            #expect(try await server.store.milestones(incidentID: id).set.isEmpty)

            let saved = try await server.post(
                "/console/incidents/\(id)/milestone", as: responder, form: ["milestone": "impact_started", "at": "2026-03-10T09:48", "reason": "成功率 09:48 开始下降"])
            #expect(saved.status == .seeOther)
            let milestones = try await server.store.milestones(incidentID: id)
            #expect(milestones.time(.impactStarted) == RFC3339.parse("2026-03-10T09:48:00+08:00"))
            #expect(milestones.set[.impactStarted]?.actor == "user:responder@example.com")
            let after = try await server.get("/console/incidents/\(id)?done=milestone&lang=en", as: responder)
            #expect(after.body.contains("The milestone was saved."))
            #expect(after.body.contains("set by user:responder@example.com: 成功率 09:48 开始下降"))
            #expect(after.body.contains("datetime=\"2026-03-10T09:48:00+08:00\""))

            let viewer = try await server.consoleUser(.viewer)
            let read = try await server.get("/console/incidents/\(id)", as: viewer)
            #expect(read.body.contains("影响开始") && !read.body.contains("/milestone\""), "viewers read the milestones, without the form")
            #expect(try await server.post("/console/incidents/\(id)/milestone", as: viewer, form: ["milestone": "mitigated", "at": "", "reason": "x"]).status == .forbidden)
        }
    }
}
