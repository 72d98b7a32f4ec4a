import Foundation
import HeraldTestSupport
import Testing

/// The connection faults of `scripts/faults/connections.py` against the built `herald serve`, on
/// loopback: more idle connections than Herald's open-files limit, a head trickled a byte at a
/// time, and every connection busy at the limit. The script checks the outcome and prints figures.
@Suite(.serialized) struct ConnectionFaultTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    // Its probes are timed (2 s each); beside the suite one of ten once missed that, so it runs alone.
    @Test(.timeLimit(.minutes(3)), .enabled(if: TimedTests.runAlone, Comment(rawValue: TimedTests.note)))
    func moreIdleConnectionsThanTheFileLimitLeaveHeraldAnswering() async throws {
        let run = try await ChildProcess.python(
            Self.root.appendingPathComponent("scripts/faults/connections.py"), [HeraldProcess.binary.path, "--json"])
        let stdout = Data(run.stdout.utf8)
        let stderr = run.stderr
        let report = try #require(
            try JSONSerialization.jsonObject(with: stdout) as? [String: Any], "no report; stderr: \(stderr)")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        for check in checks {
            #expect(check["passed"] as? Bool == true, "\(check["check"] ?? "?"): \(String(decoding: stdout, as: UTF8.self))")
        }
        #expect(run.status == 0)
    }
}
