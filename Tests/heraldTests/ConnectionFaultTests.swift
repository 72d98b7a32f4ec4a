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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("scripts/faults/connections.py").path, HeraldProcess.binary.path, "--json"]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let report = try #require(
            try JSONSerialization.jsonObject(with: stdout) as? [String: Any], "no report; stderr: \(stderr)")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(!checks.isEmpty)
        for check in checks {
            #expect(check["passed"] as? Bool == true, "\(check["check"] ?? "?"): \(String(decoding: stdout, as: UTF8.self))")
        }
        #expect(process.terminationStatus == 0)
    }
}
