import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The postmortem screen: reached from a resolved incident's page, started, written (action items
/// one a line), moved through review to published, and downloaded as Markdown in the viewer's zone.
@Suite struct ConsolePostmortemTests {
    @Test(arguments: TestDatabase.allCases)
    func aResponderWritesAndPublishesThePostmortemFromTheConsole(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await PostmortemAPITests.resolvedIncident(server, clock: clock)
            let responder = try await server.consoleUser(.responder)
            let incidentPage = try await server.get("/console/incidents/\(id)", as: responder)
            #expect(incidentPage.body.contains("href=\"/console/incidents/\(id)/postmortem\""), "the incident page links to it")
            let empty = try await server.get("/console/incidents/\(id)/postmortem", as: responder)
            #expect(empty.status == .ok && empty.body.contains("开始复盘"))

            #expect(try await server.post("/console/incidents/\(id)/postmortem/start", as: responder, form: [:]).status == .seeOther)
            let draft = try await server.get("/console/incidents/\(id)/postmortem?done=started", as: responder)
            #expect(draft.body.contains("复盘报告草稿已创建。") && draft.body.contains("草稿"))
            #expect(draft.body.contains("李雷") && draft.body.contains("尚未送达"), "who was paged, from the deliveries")
            #expect(draft.body.contains("datetime=\"2026-03-10T10:00:00+08:00\""), "times in the viewer's zone")
            #expect(draft.body.contains("解决用时") && draft.body.contains("40 分钟"))

            let refused = try await server.post(
                "/console/incidents/\(id)/postmortem/sections", as: responder,
                form: ["root_cause": "连接池被配置成 0", "went_well": "", "went_wrong": "", "action_items": "按成功率告警 | 李雷 | 2026-03-20\n只有标题\n检查 | han | 2026-02-30"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("第 2 行不是"))
            #expect(refused.body.contains("连接池被配置成 0"), "what was typed comes back")
            let bad = try await server.post(
                "/console/incidents/\(id)/postmortem/sections", as: responder,
                form: ["root_cause": "连接池被配置成 0", "action_items": "检查 | han | 2026-02-30"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("第 1 行：截止日期请写成 YYYY-MM-DD"))
            let saved = try await server.post(
                "/console/incidents/\(id)/postmortem/sections", as: responder,
                form: ["root_cause": "连接池被配置成 0", "went_well": "", "went_wrong": "告警晚了", "action_items": "按成功率告警 | 李雷 | 2026-03-20\n\n检查配置 | han | 2026-03-31 | done"])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await server.store.postmortem(incidentID: id))
            #expect(stored.sections.actionItems == [
                ActionItem(title: "按成功率告警", owner: "李雷", due: "2026-03-20"), ActionItem(title: "检查配置", owner: "han", due: "2026-03-31", done: true),
            ])

            #expect(try await server.post("/console/incidents/\(id)/postmortem/state", as: responder, form: ["state": "published"]).status == .conflict)
            #expect(try await server.post("/console/incidents/\(id)/postmortem/state", as: responder, form: ["state": "in_review"]).status == .seeOther)
            #expect(try await server.post("/console/incidents/\(id)/postmortem/state", as: responder, form: ["state": "published"]).status == .seeOther)
            let published = try await server.get("/console/incidents/\(id)/postmortem?lang=en", as: responder)
            #expect(published.body.contains("Published") && !published.body.contains("name=\"root_cause\""), "published: read, not edited")

            let markdown = try await server.get("/console/incidents/\(id)/postmortem/markdown?language=en", as: responder)
            #expect(markdown.status == .ok && markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.body.contains("- Times are in Asia/Shanghai."))
            #expect(markdown.body.contains("- [x] 检查配置 — han, due 2026-03-31"))

            let viewer = try await server.consoleUser(.viewer)
            #expect(try await server.post("/console/incidents/\(id)/postmortem/state", as: viewer, form: ["state": "draft"]).status == .forbidden)
        }
    }
}
