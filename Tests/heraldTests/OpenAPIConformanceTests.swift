import Foundation
import HeraldTestSupport
import Testing

/// The OpenAPI document is checked against the server it describes: schemathesis (in
/// Tests/support/schemathesis_check.py) sends every operation valid and invalid requests, with an
/// admin token, to a real `herald serve` on a new SQLite database, and fails on any answer the
/// document does not describe: an unlisted status, content type, header or body shape, a 5xx, an
/// invalid request accepted, or an unsupported method not answered 405 with Allow.
@Suite(.serialized) struct OpenAPIConformanceTests {
    static func schemathesisInstalled() async -> Bool {
        (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import schemathesis"]).status) == 0
    }

    /// A minute of two busy cores: run alone after the suite (as the timed tests are), so it neither
    /// slows the tests beside it nor is slowed past its time limit by them.
    @Test(
        .enabled(if: TimedTests.runAlone, Comment(rawValue: TimedTests.note)),
        .enabled("schemathesis is not installed (python3 -m pip install schemathesis==4.32.5; .ci/run does)", schemathesisInstalled),
        .timeLimit(.minutes(5)))
    func theServerAnswersAsItsDocumentSays() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Warnings only: thousands of requests' log lines would otherwise stream through the output pipes.
        let server = try await RunningServer(
            ["--database", "sqlite:" + directory.appendingPathComponent("herald.db").path, "--log-level", "warning"], in: directory)
        let base = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/schemathesis_check.py")
        let run = try await ChildProcess.python(script, [base, token, "10"])
        let data = Data(run.stdout.utf8)
        let report = try #require(
            try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        print("schemathesis:", report.filter { $0.key != "output" })
        #expect(run.status == 0, "\(report["failures"] ?? "") \(report["errors"] ?? "")\n\(report["output"] ?? "")")
        #expect((report["operations"] as? Int ?? 0) >= 100, "every documented operation is tried")
        #expect(!server.stderr.contains("request failed"), "no request may fail inside the server: \(server.stderr.suffix(4000))")
        _ = try await server.stop()
    }
}
