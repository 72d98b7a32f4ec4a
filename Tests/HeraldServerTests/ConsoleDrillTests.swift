import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Drills from the console: a responder starts one for a team, lands on its incident page, marked
/// as a drill, with its scorecard and no public composer; the drills screen lists it with its
/// acknowledgement; a wrong runbook link is named beside its field; a viewer may look, not start.
@Suite struct ConsoleDrillTests {
    @Test(arguments: TestDatabase.allCases)
    func aResponderStartsADrillAndReadsItsScorecard(_ engine: TestDatabase) async throws {
        let clock = TestClock(DrillTests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            try await DrillTests.team(server, clock: clock)
            let responder = try await server.consoleUser(.responder)
            let empty = try await server.get("/console/drills", as: responder)
            #expect(empty.status == .ok && empty.body.contains("还没有演练。") && empty.body.contains("开始演练"))
            #expect(try await server.get("/console/incidents", as: responder).body.contains("href=\"/console/drills\""))

            let bad = try await server.post("/console/drills/start", as: responder, form: ["team": "payments", "severity": "high", "kind": "drill", "runbook_url": "wiki"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("aria-describedby=\"f-runbook_url-error\""), "\(bad.body)")
            #expect(try await server.store.drills().isEmpty)

            let started = try await server.post("/console/drills/start", as: responder, form: ["team": "payments", "severity": "medium", "kind": "drill"])
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            let id = try #require(try await server.store.drills().first?.id)
            #expect(location == "/console/incidents/\(id)?done=drill")
            let page = try await server.get(location, as: responder)
            #expect(page.body.contains("演练已开始") && page.body.contains("<span class=\"pill drill\">演练</span>"))
            #expect(page.body.contains("<h2>评分卡</h2>") && page.body.contains("未确认") && page.body.contains("已呼叫的升级步骤：1"))
            #expect(!page.body.contains("name=\"message_zh\""), "no public update for a drill")
            #expect(!page.body.contains("name=\"regime\""), "no regulatory clock for a drill")

            clock.advance(by: 120)
            #expect(try await server.post("/console/incidents/\(id)/acknowledge", as: responder, form: [:]).status == .seeOther)
            let list = try await server.get("/console/drills?lang=en", as: responder)
            #expect(list.body.contains("Acknowledged after 2 minutes"))
            #expect(list.body.contains("target 5 minutes") && list.body.contains("the team&#39;s first drill"))
            #expect(try await server.get("/console/incidents", as: responder).body.contains("<span class=\"pill drill\">演练</span>"))

            let viewer = try await server.consoleUser(.viewer)
            #expect(try await server.get("/console/drills", as: viewer).status == .ok)
            #expect(!(try await server.get("/console/drills", as: viewer).body.contains("/console/drills/start")))
            #expect(try await server.post("/console/drills/start", as: viewer, form: ["team": "payments"]).status == .forbidden)
        }
    }
}
