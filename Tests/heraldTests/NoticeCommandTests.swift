import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct NoticeCommandTests {
    static let config = """
        catalogue:
          components:
            - {id: web, name: 官方网站}
        notices:
          test_audiences: [ops-team]
        """

    @Test(arguments: TestDatabase.allCases)
    func anOperatorWritesChecksPreviewsPublishesAndCancelsANotice(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.config.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        try await engine.withEmptyDatabase { location in
            let common = ["--config", "herald.yaml", "--database", location.argument]
            try await HeraldProcess.migrate(common, in: directory)
            let skeleton = try await HeraldProcess.run(["notice", "new"], in: directory)
            #expect(skeleton.status == 0)
            try skeleton.stdout.write(to: directory.appendingPathComponent("notice.yaml"), atomically: true, encoding: .utf8)

            let check = try await HeraldProcess.run(["notice", "check", "notice.yaml"] + common, in: directory)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            #expect(check.stdout.contains("ok: can be published"))
            #expect(check.stderr.isEmpty, "tools do not log at info level: \(check.stderr)")

            let preview = try await HeraldProcess.run(
                ["notice", "preview", "notice.yaml", "--kind", "sms", "--language", "zh-CN"] + common, in: directory)
            #expect(preview.stdout.contains("【运维部】官方网站将于"))
            #expect(preview.stdout.contains("UCS-2 characters, 1 message)"))

            let published = try await HeraldProcess.run(["notice", "publish", "notice.yaml"] + common, in: directory)
            #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
            let id = try #require(published.stdout.firstMatch(of: /published notice ([a-z0-9]{12})/)?.output.1)

            let extended = try await HeraldProcess.run(
                ["notice", "extend", String(id), "--until", "2099-01-01T06:00+08:00", "--reason", "数据迁移比预期慢"] + common, in: directory)
            #expect(extended.status == 0, "\(extended.stderr)")
            let moved = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.announcements(noticeID: String(id)).last?.messages[.email, .zhCN]?.text
            }
            #expect(moved?.contains("变更原因：数据迁移比预期慢") == true, "\(moved ?? "")")
            let cancelled = try await HeraldProcess.run(["notice", "cancel", String(id), "--reason", "推迟"] + common, in: directory)
            #expect(cancelled.status == 0)

            let steps = try await Store.withStore(location, logger: TestDatabase.logger) { store in
                try await store.announcements(noticeID: String(id)).map(\.step.key)
            }
            #expect(steps == ["announcement", "reschedule-1", "cancellation"])
            let listed = try await HeraldProcess.run(["notice", "list"] + common, in: directory)
            #expect(listed.stdout.contains("\(id)\tcancelled"))
        }
    }

    @Test func aBrokenNoticeFileIsRefusedWithEveryProblem() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.config.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        try """
            title: {zh-CN: 维护}
            components: [web, ghost]
            time_zone: Asia/Shanghai
            planned_start: 2099-01-01T02:00:00+08:00
            planned_end: 2099-01-01T01:00:00+08:00
            """.write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try await HeraldProcess.migrate(["--config", "herald.yaml"], in: directory)
        let check = try await HeraldProcess.run(["notice", "check", "bad.yaml", "--config", "herald.yaml"], in: directory)
        #expect(check.status == 1)
        for field in ["reason.zh-CN", "impact.zh-CN", "signature.zh-CN", "contact", "components[1]", "planned_end"] {
            #expect(check.stdout.contains("error: \(field):"), "\(field) in \(check.stdout)")
        }
        let publish = try await HeraldProcess.run(["notice", "publish", "bad.yaml", "--config", "herald.yaml"], in: directory)
        #expect(publish.status != 0)
        #expect(publish.stdout.contains("not published"))
        let listed = try await HeraldProcess.run(["notice", "list", "--config", "herald.yaml"], in: directory)
        #expect(listed.stdout.split(separator: "\n").count == 1, "a refused file leaves no draft behind: \(listed.stdout)")

        try "title: {zh-CN: 维护}\nplanned_start: tomorrow\n".write(
            to: directory.appendingPathComponent("worse.yaml"), atomically: true, encoding: .utf8)
        // A type error and a missing field in one pass, reported as the check's errors: exit 1, no usage text.
        let unreadable = try await HeraldProcess.run(["notice", "check", "worse.yaml"], in: directory)
        #expect(unreadable.status == 1)
        #expect(unreadable.stdout.contains("error: planned_start: must be an RFC 3339 time with its offset"))
        #expect(unreadable.stdout.contains("error: time_zone: is required"))
        #expect(!(unreadable.stdout + unreadable.stderr).contains("Usage:"))
    }
}
