import Foundation
import HeraldTestSupport
import Testing

/// What an operator sees when the command line was right and the world was not: a missing file, a
/// port someone else holds. Exit status 1 and one plain sentence, never a usage text or NIO's words.
@Suite struct OperatorErrorTests {
    @Test func checkingAMissingNoticeFileSaysFileNotFound() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await HeraldProcess.migrate([], in: directory)
        for path in ["notices/gone.yaml", "gone.yaml"] {
            let check = try await HeraldProcess.run(["notice", "check", path], in: directory)
            #expect(check.status == 1)
            #expect(check.stderr.contains("file not found: \(path)"), "\(check.stderr)")
            #expect(!check.stderr.contains("Usage:"))
        }
        // An id that could be a notice's is still looked up as one.
        let id = try await HeraldProcess.run(["notice", "check", "no-such-notice"], in: directory)
        #expect(id.status == 1)
        #expect(id.stderr.contains("no notice with id 'no-such-notice'"), "\(id.stderr)")
    }

    @Test func serveOnAPortInUseNamesThePort() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await RunningServer([], in: directory)
        let url = try await first.baseURL()
        let port = try #require(url.split(separator: ":").last.map(String.init))
        // The running one reports its scheduler (every node runs one; there is no leader election).
        var health = try await fetch(url + "/healthz")
        var tries = 0
        while !health.body.contains(#""running":true"#), tries < 100 {
            tries += 1
            try await Task.sleep(for: .milliseconds(50))
            health = try await fetch(url + "/healthz")
        }
        #expect(health.status == 200)
        #expect(health.body.contains(#""status":"ok""#), "\(health.body)")
        let metrics = try await fetch(url + "/metrics")
        #expect(metrics.body.contains(#"herald_scheduler_running{node="\#(ProcessInfo.processInfo.hostName)"} 1"#), "\(metrics.body)")
        let second = try await HeraldProcess.run(["serve", "--port", port], in: directory)
        #expect(second.status == 1)
        #expect(second.stderr.contains("port \(port) is already in use on 127.0.0.1"), "\(second.stderr)")
        #expect(!second.stderr.contains("bind(descriptor"))
        #expect(try await first.stop() == 0)
    }

    @Test func aFailedReloadOnSIGHUPLogsEachProblemAsFieldAndReason() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("herald.yaml")
        try "catalogue:\n  components:\n    - {id: web, name: 官方网站}\n".write(to: config, atomically: true, encoding: .utf8)
        let server = try await RunningServer(["--config", "herald.yaml"], in: directory)
        _ = try await server.baseURL()
        try "catalogue:\n  components:\n    - {id: web, name: 官方网站, group: missing, colour: red}\n".write(
            to: config, atomically: true, encoding: .utf8)
        kill(server.processIdentifier, SIGHUP)
        let deadline = ContinuousClock.now + .seconds(20)
        while !server.stderr.contains("reloading the config file failed"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = server.stderr
        #expect(log.contains("warning"), "\(log)")
        #expect(log.contains("catalogue.components[0].colour: is not a known field"), "\(log)")
        // The text log handler escapes the quotes around 'missing'.
        #expect(log.contains("catalogue.components[0].group: ") && log.contains("is not a group declared in this file"), "\(log)")
        #expect(!log.contains("CatalogueReloadError(") && !log.contains("FieldError("), "no Swift debug dump: \(log)")
        #expect(try await server.stop() == 0)
    }
}
