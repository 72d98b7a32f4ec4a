import Foundation
import HeraldCore
@testable import HeraldStore
import HeraldTestSupport
import Testing

/// `herald postmortem` on the local database, as the real binary: the same rules as the API (an
/// open incident has none, a wrong action item is named, a published one is final), and the
/// Markdown in the language and zone asked for.
@Suite struct PostmortemCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func aPostmortemIsWrittenReviewedPublishedAndPrinted(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let common = ["--database", location.argument]
            try await HeraldProcess.migrate(common, in: directory)
            let incident = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                let integration = try await store.createIntegration(name: "cron", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
                    .integration
                let opened = try await store.ingest(
                    IncomingAlert(action: .trigger, dedupKey: "db", summary: "数据库主库宕机", labels: ["alertname": "DBDown"], occurredAt: Date()),
                    integration: integration, severity: .high)
                return try #require(opened.incidentID)
            }
            func run(_ arguments: [String]) async throws -> HeraldProcess.Output {
                try await HeraldProcess.run(["postmortem"] + arguments + common, in: directory)
            }
            let early = try await run(["start", incident])
            #expect(early.status == 1 && early.stderr.contains("resolved"), "an open incident has no postmortem yet: \(early.stderr)")

            _ = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.postIncidentUpdate(id: incident, status: .resolved, message: "切换到备库", isPublic: false, actor: "cli:test")
            }
            #expect(try await run(["start", incident]).stdout.contains("is draft"))
            let wrong = try await run(["write", incident, "--action", "加监控|dba|2026-02-30"])
            #expect(wrong.status == 1 && wrong.stderr.contains("action_items[0].due"), "no 30 February: \(wrong.stderr)")
            let written = try await run([
                "write", incident, "--root-cause", "磁盘写满导致主库停止", "--went-well", "十分钟内切换", "--action", "加磁盘告警|dba|2026-12-31|done",
                "--action", "补写切换手册|dba|2020-01-01",
            ])
            #expect(written.status == 0, "\(written.stderr)")
            let skipped = try await run(["state", incident, "published"])
            #expect(skipped.status == 1, "a draft is reviewed before it is published: \(skipped.stdout)")
            #expect(try await run(["state", incident, "in_review"]).stdout.contains("is in_review"))
            let unwritten = try await run(["state", incident, "published", "--public"])
            #expect(unwritten.status == 1 && unwritten.stderr.contains("public_summary"), "\(unwritten.stderr)")
            #expect(try await run(["write", incident, "--public-summary-zh", "主库磁盘写满，服务中断 10 分钟。"]).status == 0)
            #expect(try await run(["state", incident, "published", "--public"]).stdout.contains("is published, on the status page"))
            let listed = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.publicSnapshot().incidents.first { $0.incident.id == incident }
            }
            #expect(listed?.publicStatus == "postmortem" && listed?.postmortem(.en)?.body == "主库磁盘写满，服务中断 10 分钟。")

            let chinese = try await run(["show", incident, "--zone", "Asia/Shanghai"])
            #expect(chinese.status == 0, "\(chinese.stderr)")
            for text in ["磁盘写满导致主库停止", "十分钟内切换", "加磁盘告警", "数据库主库宕机", "Asia/Shanghai", "(UTC+08:00)"] {
                #expect(chinese.stdout.contains(text), "\(text) in \(chinese.stdout)")
            }
            let english = try await run(["show", incident, "--language", "en", "--zone", "Europe/Berlin"])
            #expect(english.stdout != chinese.stdout && english.stdout.contains("加磁盘告警"), "\(english.stdout)")
            #expect(english.stdout.contains("Europe/Berlin") && !english.stdout.contains("(UTC+08:00)"), "times in Berlin: \(english.stdout)")

            let actions = try await HeraldProcess.run(["postmortem", "actions", "--overdue"] + common, in: directory)
            #expect(actions.status == 0, "\(actions.stderr)")
            let rows = actions.stdout.split(separator: "\n").map(String.init)
            #expect(rows.first == "DUE\tOVERDUE\tOWNER\tREMINDED\tACTION ITEM\tINCIDENT")
            #expect(rows.count == 2 && rows[1].hasPrefix("2020-01-01\t") && rows[1].hasSuffix("d\tdba\t-\t补写切换手册\t\(incident)"), "the done one is not listed: \(actions.stdout)")
            let noTeam = try await HeraldProcess.run(["postmortem", "actions", "--team", "nobody"] + common, in: directory)
            #expect(noTeam.status == 1 && noTeam.stderr.contains("nobody"), "\(noTeam.stderr)")

            let final = try await run(["write", incident, "--went-wrong", "迟了"])
            #expect(final.status == 1, "published is final: \(final.stdout)")
            let bad = try await run(["show", incident, "--language", "fr"])
            #expect(bad.status != 0 && bad.stderr.contains("--language must be zh-CN or en"), "\(bad.stderr)")
        }
    }
}
