import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

/// `herald heartbeat` on the database, and against a running server with `--server`.
@Suite struct HeartbeatCommandTests {
    @Test(arguments: TestDatabase.allCases)
    func monitorsAreMadeListedPausedAndDeletedOnTheDatabase(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            try await HeraldProcess.migrate(["--database", location.argument], in: directory)
            let run = { (arguments: [String]) in try await HeraldProcess.run(["heartbeat"] + arguments + ["--database", location.argument], in: directory) }

            let bad = try await run(["create", "--name", "Nightly", "--period", "5", "--severity", "urgent"])
            #expect(bad.status == 1)
            for field in ["name:", "period_seconds:", "severity:", "team:"] { #expect(bad.stderr.contains(field), "\(field) in \(bad.stderr)") }

            let created = try await run(["create", "--name", "nightly-backup", "--period", "86400", "--grace", "1800", "--label", "component=backup"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.firstMatch(of: /^http:\/\/127\.0\.0\.1:8080\/hb\/[0-9a-f]{32}$/.anchorsMatchLineEndings()) != nil, "\(created.stdout)")
            let listed = try await run(["list"])
            let line = try #require(listed.stdout.split(separator: "\n").first { $0.contains("nightly-backup") }, "\(listed.stdout)")
            #expect(line.contains("\twaiting\t86400s+1800s\tnever\t-"))
            let id = String(try #require(line.split(separator: "\t").first))

            #expect(try await run(["pause", id]).stdout.contains("paused heartbeat \(id)"))
            #expect(try await run(["list"]).stdout.contains("nightly-backup\tpaused"))
            #expect(try await run(["resume", id]).status == 0)
            #expect(try await run(["delete", id]).stdout.contains("deleted heartbeat \(id)"))
            let missing = try await run(["delete", id])
            #expect(missing.status == 1 && missing.stderr.contains(id))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func theCommandsWorkAgainstARunningServer() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await RunningServer([], in: directory)
        let url = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let run = { (arguments: [String]) in try await HeraldProcess.run(["heartbeat"] + arguments + ["--server", url, "--token", token], in: directory) }

        let refused = try await run(["create", "--name", "nightly-backup", "--period", "60", "--team", "nobody"])
        #expect(refused.status == 1 && refused.stderr.contains("team: 'nobody' is not a team"), "\(refused.stderr)")
        let created = try await run(["create", "--name", "nightly-backup", "--period", "60", "--label", "component=backup"])
        #expect(created.status == 0, "\(created.stderr)")
        let beatURL = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(beatURL.hasPrefix(url + "/hb/"), "without server.public_url the URL is the server's own: \(beatURL)")
        let beat = try await fetch(beatURL)
        #expect(beat.status == 200 && beat.body.contains(#""outcome":"on_time""#), "\(beat.body)")
        let listed = try await run(["list"])
        #expect(listed.stdout.contains("nightly-backup\tup\t60s+60s"), "\(listed.stdout)\(listed.stderr)")
        let id = String(try #require(listed.stdout.split(separator: "\n").first { $0.contains("nightly-backup") }?.split(separator: "\t").first))
        #expect(try await run(["pause", id]).status == 0)
        #expect(try await run(["list"]).stdout.contains("nightly-backup\tpaused"))
        #expect(try await run(["delete", id]).status == 0)
        #expect(try await fetch(beatURL).status == 404, "a deleted monitor's URL stops working")
        _ = try await server.stop()
    }
}
