import Foundation
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct RepeatedStartTests {
    /// Every start on an empty database comes up, hands out one bootstrap token and stops with 0. A
    /// pool connection whose setup failed on a fresh SQLite file once crashed about one start in ten.
    /// Every other stop comes during start-up, at a different moment each time. Twenty starts find
    /// a one-in-ten failure nine times in ten; a count, not a time budget, so that a loaded machine
    /// makes the test slower, never weaker.
    @Test(.timeLimit(.minutes(10)), arguments: TestDatabase.allCases)
    func aFreshStartComesUpAndStopsCleanlyEveryTime(_ engine: TestDatabase) async throws {
        var slowest: Duration = .zero
        for start in 1...20 {
            let began = ContinuousClock.now
            defer { slowest = max(slowest, ContinuousClock.now - began) }
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            try await engine.withEmptyDatabase { location in
                let arguments = engine == .sqlite ? [] : ["--database", location.argument]
                let server = try await RunningServer(arguments, in: directory)
                if start.isMultiple(of: 2) {
                    try await Task.sleep(for: .milliseconds(20 * (start % 25)))
                    let status = try await server.stop()
                    // Before Herald installs its handlers, SIGTERM's default action ends it: fine, but nothing else is.
                    let killedBeforeHandlers = status == 128 + SIGTERM
                    #expect(status == 0 || killedBeforeHandlers, "start \(start), stopped during start-up: \(server.stderr.suffix(3000))")
                    return
                }
                let url = try await server.baseURL()
                #expect(try await fetch(url + "/healthz").status == 200, "start \(start)")
                #expect(server.stdout.matches(of: /hrld_[0-9a-f]{48}/).count == 1, "start \(start): \(server.stdout)")
                let status = try await server.stop()
                #expect(status == 0, "start \(start): \(server.stderr.suffix(3000))")
                #expect(!server.stderr.contains(" error "), "start \(start): \(server.stderr.suffix(3000))")
            }
        }
        print("RepeatedStartTests: 20 starts on \(engine), the slowest took \(slowest)")
    }
}
