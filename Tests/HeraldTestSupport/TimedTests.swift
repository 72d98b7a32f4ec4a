import Foundation

/// Tests whose figure is a latency run on their own, after the rest of the suite: `scripts/test` runs
/// them again with `HERALD_TIMED_TESTS=1`, so that they measure Herald rather than the hundreds of
/// tests running beside them on the same cores.
public enum TimedTests {
    public static var runAlone: Bool { ProcessInfo.processInfo.environment["HERALD_TIMED_TESTS"] == "1" }
    /// For `@Test(.enabled(if:))`: the reason shown when the parallel run skips one.
    public static let note = "timed: scripts/test runs it alone after the suite"
}
