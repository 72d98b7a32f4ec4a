import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// The CLI against a running `herald serve` over HTTP (`--server`/`--token`, or HERALD_URL and
/// HERALD_TOKEN), with no access to its database; and against a database that does not exist.
@Suite(.serialized) struct RemoteCommandTests {
    static let csv = "name,email,phone,groups\n李雷,li@example.com,+8613800000000,ops\n王芳,wang@example.com,,ops\n"

    @Test(.timeLimit(.minutes(3)))
    func theCommandsWorkAgainstARunningServer() async throws {
        let started = ContinuousClock.now
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let serverDirectory = directory.appendingPathComponent("server")
        try FileManager.default.createDirectory(at: serverDirectory, withIntermediateDirectories: true)
        try "catalogue:\n  components:\n    - {id: web, name: 官方网站}\n"
            .write(to: serverDirectory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        let server = try await RunningServer(["--config", "herald.yaml"], in: serverDirectory)
        let url = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        // The operator's machine: no database here, only the server's address.
        let remote = ["--server", url, "--token", token]
        let run = { (arguments: [String]) in try await HeraldProcess.run(arguments + remote, in: directory) }

        // Notices: a draft from a file, shown, published, moved, cancelled; another published at once and completed.
        let skeleton = try await HeraldProcess.run(["notice", "new"], in: directory)
        try skeleton.stdout.write(to: directory.appendingPathComponent("notice.yaml"), atomically: true, encoding: .utf8)
        let created = try await run(["notice", "create", "notice.yaml"])
        #expect(created.status == 0, "\(created.stdout)\(created.stderr)")
        let id = String(try #require(created.stdout.firstMatch(of: /draft notice ([a-z0-9]{12})/)?.output.1))
        let shown = try await run(["notice", "show", id])
        #expect(shown.stdout.contains("state: draft") && shown.stdout.contains("components: web"), "\(shown.stdout)\(shown.stderr)")
        let published = try await run(["notice", "publish", id])
        #expect(published.status == 0 && published.stdout.contains("published notice \(id): scheduled"), "\(published.stdout)\(published.stderr)")
        let until = ISO8601DateFormatter().string(from: Date().addingTimeInterval(90 * 86_400))
        let extended = try await run(["notice", "extend", id, "--until", until, "--reason", "数据迁移比预期慢"])
        #expect(extended.status == 0, "\(extended.stderr)")
        let movedShown = try await run(["notice", "show", id])
        #expect(movedShown.stdout.contains("extension reason: 数据迁移比预期慢"), "\(movedShown.stdout)\(movedShown.stderr)")
        let cancelled = try await run(["notice", "cancel", id, "--reason", "推迟"])
        #expect(cancelled.status == 0 && cancelled.stdout.contains("cancelled notice \(id)"), "\(cancelled.stderr)")
        let direct = try await run(["notice", "publish", "notice.yaml"])
        let second = String(try #require(direct.stdout.firstMatch(of: /published notice ([a-z0-9]{12})/)?.output.1, "\(direct.stderr)"))
        let listed = try await run(["notice", "list"])
        #expect(listed.stdout.contains("\(id)\tcancelled") && listed.stdout.contains("\(second)\tscheduled"), "\(listed.stdout)")

        // A problem+json answer is shown readably, field by field, and exits 1: work not begun cannot be completed.
        let early = try await run(["notice", "complete", second])
        #expect(early.status == 1)
        #expect(early.stderr.contains("the server answered 409 Conflict to POST /api/v1/notices/\(second)/complete"), "\(early.stderr)")
        #expect(early.stderr.contains("  - state: the notice is scheduled; only an in-progress downtime can be completed"), "\(early.stderr)")
        #expect(!early.stderr.contains("{"), "not raw JSON: \(early.stderr)")

        // Contacts: imported from a file, listed, deleted with their data erased.
        try Self.csv.write(to: directory.appendingPathComponent("contacts.csv"), atomically: true, encoding: .utf8)
        let imported = try await run(["contacts", "import", "contacts.csv"])
        #expect(imported.status == 0 && imported.stdout.contains("imported 2 contacts (2 new, 0 updated)"), "\(imported.stdout)\(imported.stderr)")
        let again = try await run(["contacts", "import", "contacts.csv"])
        #expect(again.stdout.contains("imported 2 contacts (0 new, 2 updated)"), "\(again.stdout)\(again.stderr)")
        let contacts = try await run(["contacts", "list"])
        let li = String(try #require(contacts.stdout.split(separator: "\n").first { $0.contains("李雷") }?.split(separator: "\t").first))
        #expect(contacts.stdout.contains("\tops\temail;sms;voice"), "\(contacts.stdout)")
        let deleted = try await run(["contacts", "delete", li])
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted contact \(li); personal data erased"), "\(deleted.stderr)")
        let missing = try await run(["contacts", "delete", li])
        #expect(missing.status == 1 && missing.stderr.contains("the server answered 404"), "\(missing.stderr)")

        // Incidents: listed, taken and resolved; HERALD_URL and HERALD_TOKEN stand for the flags.
        let integration = try await fetch(url + "/api/v1/integrations", method: "POST", token: token, json: #"{"name":"cron","kind":"generic"}"#)
        let key = String(try #require(integration.body.firstMatch(of: /"key":"([0-9a-f]{32})"/)?.output.1))
        let alert = try await fetch(url + "/api/v1/ingest/generic?key=\(key)", method: "POST",
                                    json: #"{"action":"trigger","dedup_key":"backup","summary":"夜间备份失败","severity":"error"}"#)
        #expect(alert.status == 202, "\(alert.body)")
        let environment = ["HERALD_URL": url, "HERALD_TOKEN": token]
        let open = try await HeraldProcess.run(["incident", "list", "--open"], in: directory, environment: environment)
        let incident = String(try #require(open.stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t").first, "\(open.stdout)\(open.stderr)"))
        #expect(open.stdout.contains("\thigh\t"), "\(open.stdout)")
        let acked = try await HeraldProcess.run(["incident", "ack", incident], in: directory, environment: environment)
        #expect(acked.stdout.contains("acknowledged by token:"), "\(acked.stdout)\(acked.stderr)")
        let resolved = try await HeraldProcess.run(["incident", "resolve", incident, "--message", "重跑成功"], in: directory, environment: environment)
        #expect(resolved.stdout.contains("is resolved"), "\(resolved.stdout)\(resolved.stderr)")

        // Its postmortem, from a draft to the published Markdown, under the API's rules.
        let draft = try await HeraldProcess.run(["postmortem", "start", incident], in: directory, environment: environment)
        #expect(draft.stdout.contains("postmortem of incident \(incident) is draft"), "\(draft.stdout)\(draft.stderr)")
        let badDay = try await HeraldProcess.run(
            ["postmortem", "write", incident, "--action", "清理旧备份|ops|明天", "--action", "|ops|2026-12-31"], in: directory, environment: environment)
        #expect(badDay.status == 1, "\(badDay.stdout)")
        #expect(badDay.stderr.contains("  - action_items[0].due: ") && badDay.stderr.contains("  - action_items[1].title: "), "both in one answer: \(badDay.stderr)")
        let written = try await HeraldProcess.run(
            ["postmortem", "write", incident, "--root-cause", "备份盘满了", "--action", "清理旧备份|ops|2026-12-31"], in: directory, environment: environment)
        #expect(written.status == 0 && written.stdout.contains("written"), "\(written.stderr)")
        // One language at a time: the other stays as written.
        for option in [["--public-summary-zh", "昨晚备份失败，已补做。"], ["--public-summary-en", "Last night's backup failed and was redone."]] {
            let summary = try await HeraldProcess.run(["postmortem", "write", incident] + option, in: directory, environment: environment)
            #expect(summary.status == 0, "\(summary.stderr)")
        }
        let moved = try await HeraldProcess.run(["postmortem", "state", incident, "in_review"], in: directory, environment: environment)
        #expect(moved.stdout.contains("is in_review"), "\(moved.stdout)\(moved.stderr)")
        let publicly = try await HeraldProcess.run(["postmortem", "state", incident, "published", "--public"], in: directory, environment: environment)
        #expect(publicly.stdout.contains("is published, on the status page"), "\(publicly.stdout)\(publicly.stderr)")
        let markdown = try await HeraldProcess.run(["postmortem", "show", incident, "--language", "en", "--zone", "Asia/Shanghai"], in: directory, environment: environment)
        #expect(markdown.stdout.contains("备份盘满了") && markdown.stdout.contains("清理旧备份") && markdown.stdout.contains("夜间备份失败"), "\(markdown.stdout)\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("#") && !markdown.stdout.contains("{\""), "Markdown, not JSON: \(markdown.stdout)")
        #expect(markdown.stdout.contains("## Public summary\n\nLast night's backup failed and was redone."), "\(markdown.stdout)")
        let final = try await HeraldProcess.run(["postmortem", "write", incident, "--went-well", "告警及时"], in: directory, environment: environment)
        #expect(final.status == 1 && final.stderr.contains("409"), "a published postmortem is final: \(final.stderr)")

        // A drill for a team, started, listed and scored through the API.
        let team = try await fetch(
            "\(url)/api/v1/teams/ops", method: "PUT", token: token,
            json: #"{"name": "运维组", "escalation": {"steps": [{"group": "ops", "wait_minutes": 5}]}}"#)
        #expect(team.status == 200, "\(team.body)")
        let drill = try await run(["drill", "start", "--team", "ops", "--severity", "medium", "--test"])
        let drillID = String(try #require(drill.stdout.firstMatch(of: /test ([a-z0-9]{12}) started for team ops/)?.output.1, "\(drill.stdout)\(drill.stderr)"))
        let drillShown = try await run(["drill", "show", drillID])
        #expect(drillShown.stdout.hasPrefix("drill \(drillID) for team ops (in progress)\nacknowledged: not yet\nsteps paged: 1\n"), "\(drillShown.stdout)\(drillShown.stderr)")
        #expect(drillShown.stdout.contains("runbook opened from a page: no runbook given"), "\(drillShown.stdout)")
        let drills = try await run(["drill", "list"])
        #expect(drills.status == 0 && !drills.stdout.contains(drillID), "the history lists drills, not tests: \(drills.stdout)")

        let summary = try await run(["deliveries"])
        #expect(summary.status == 0 && summary.stdout.hasPrefix("CHANNEL\tPENDING\tSENT\tDEAD"), "\(summary.stdout)\(summary.stderr)")

        // A command with no API equivalent says so instead of opening a database here.
        let local = try await run(["feedback", "list"])
        #expect(local.status == 1 && local.stderr.contains("`herald feedback list` has no API equivalent"), "\(local.stderr)")
        let wrongToken = try await HeraldProcess.run(["contacts", "list", "--server", url, "--token", "hrld_nope"], in: directory)
        #expect(wrongToken.status == 1 && wrongToken.stderr.contains("401"), "\(wrongToken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("herald-data").path), "the operator's machine has no database")
        #expect(try await server.stop() == 0)
        print("remote CLI test took \(ContinuousClock.now - started)")
    }

    @Test(arguments: TestDatabase.allCases)
    func aDatabaseThatDoesNotExistIsRefusedNotCreated(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let shown: String
            switch location {
            case .sqlite(let path): shown = path
            case .postgres: shown = location.description
            }
            for command in [["contacts", "list"], ["token", "create", "--role", "admin"], ["incident", "list"], ["deliveries"], ["notice", "list"]] {
                let refused = try await HeraldProcess.run(command + ["--database", location.argument], in: directory)
                #expect(refused.status == 1, "\(command): \(refused.stderr)")
                #expect(refused.stderr.contains("no Herald database at \(shown) (run `herald migrate` or `herald serve` to create one)"), "\(refused.stderr)")
            }
            if case .sqlite(let path) = location { #expect(!FileManager.default.fileExists(atPath: path), "nothing was created") }
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let listed = try await HeraldProcess.run(["contacts", "list", "--database", location.argument], in: directory)
            #expect(listed.status == 0, "\(listed.stderr)")
        }
        // The default database in the current directory, too.
        let bare = try await HeraldProcess.run(["token", "list"], in: directory)
        #expect(bare.status == 1 && bare.stderr.contains("no Herald database at herald-data/herald.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("herald-data").path))
    }
}
