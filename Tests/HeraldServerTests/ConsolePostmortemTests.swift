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
            #expect(published.body.contains("Only inside Herald: not on the status page."))
        }
    }

    /// Publishing on the status page from the console: refused, saying why, until the public
    /// summary is written; then the page carries it and the screen says so.
    @Test(arguments: TestDatabase.allCases)
    func aResponderPublishesThePostmortemOnTheStatusPage(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let id = try await PostmortemAPITests.resolvedIncident(server, clock: clock)
            let responder = try await server.consoleUser(.responder)
            let base = "/console/incidents/\(id)/postmortem"
            #expect(try await server.post(base + "/start", as: responder, form: [:]).status == .seeOther)
            let draft = try await server.get(base, as: responder)
            #expect(draft.body.contains("name=\"public_summary_zh\"") && draft.body.contains("name=\"public_summary_en\"") && draft.body.contains("对外摘要（中文）"))
            #expect(try await server.post(base + "/state", as: responder, form: ["state": "in_review"]).status == .seeOther)
            let review = try await server.get(base + "?lang=en", as: responder)
            #expect(review.body.contains("Publish, and on the status page") && review.body.contains("name=\"public\" value=\"true\""))

            let refused = try await server.post(base + "/state", as: responder, form: ["state": "published", "public": "true"])
            #expect(refused.status == .unprocessableContent && refused.body.contains("请先写对外摘要"))
            #expect(try await server.store.postmortem(incidentID: id)?.state == .inReview)

            #expect(try await server.post(base + "/state", as: responder, form: ["state": "draft"]).status == .seeOther)
            let tooLong = try await server.post(
                base + "/sections", as: responder, form: ["public_summary_en": String(repeating: "x", count: PostmortemRules.maximumText + 1)])
            #expect(tooLong.status == .unprocessableContent && tooLong.body.contains("aria-invalid=\"true\" aria-describedby=\"f-public_summary_en-error"))
            let saved = try await server.post(
                base + "/sections", as: responder, form: ["public_summary_zh": "部分支付失败了 40 分钟。", "public_summary_en": ""])
            #expect(saved.status == .seeOther)
            #expect(try await server.store.postmortem(incidentID: id)?.sections.publicSummary == LocalizedText(zhCN: "部分支付失败了 40 分钟。"))
            #expect(try await server.post(base + "/state", as: responder, form: ["state": "in_review"]).status == .seeOther)
            #expect(try await server.post(base + "/state", as: responder, form: ["state": "published", "public": "true"]).status == .seeOther)
            let published = try await server.get(base + "?done=state", as: responder)
            #expect(published.body.contains("同时公开在状态页上。") && published.body.contains("部分支付失败了 40 分钟。"))
            let page = try await server.send(.get, "/incidents/\(id)?lang=en")
            #expect(page.body.contains("部分支付失败了 40 分钟。"), "English readers get the Chinese summary when no English one was written")
        }
    }

    /// The open action items, from the incidents screen: a table per team, overdue ones marked in
    /// their owner's zone, owners who are not contacts said to get no reminders, each linked to its
    /// postmortem; a viewer may read it.
    @Test(arguments: TestDatabase.allCases)
    func theOpenActionItemsAreListedPerTeam(_ engine: TestDatabase) async throws {
        let clock = TestClock(PostmortemAPITests.start)
        try await TestServer.run(engine, now: clock.now) { server in
            let (id, path) = try await PostmortemAPITests.startedPostmortem(server, clock: clock)
            _ = try await server.send(
                .patch, path, token: server.responder,
                json: #"{"action_items": [{"title": "按成功率告警", "owner": "李雷", "due": "2026-03-09"}, {"title": "<b>Review</b> the runbook", "owner": "dba team", "due": "2026-03-20"}, {"title": "Rotate keys", "owner": "李雷", "due": "2026-03-01", "done": true}]}"#)
            let viewer = try await server.consoleUser(.viewer)
            #expect(try await server.get("/console/incidents", as: viewer).body.contains("href=\"/console/action-items\""))
            let page = try await server.get("/console/action-items", as: viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h2>无团队</h2>"), "the incident was routed to no team")
            #expect(page.body.contains("按成功率告警") && page.body.contains("已逾期") && page.body.contains("李雷 · Asia/Shanghai"))
            #expect(page.body.contains("&lt;b&gt;Review&lt;/b&gt; the runbook") && page.body.contains("不是联系人：不会提醒"))
            #expect(!page.body.contains("Rotate keys"), "done ones are not listed")
            #expect(page.body.contains("href=\"/console/incidents/\(id)/postmortem\""))
            #expect(page.body.components(separatedBy: "已逾期").count == 2, "only the one past its day")
            let english = try await server.get("/console/action-items?lang=en", as: viewer)
            #expect(english.body.contains("Open action items") && english.body.contains("not a contact: no reminders") && english.body.contains("No team"))
        }
    }
}
