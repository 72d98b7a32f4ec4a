import Foundation
import HeraldCore
import Testing

@Suite struct RetryPolicyTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    struct Counter: RandomNumberGenerator {
        var state: UInt64 = 42
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    @Test func delaysGrowExponentiallyWithJitterUpToTheCap() {
        let policy = RetryPolicy(firstDelay: 5, maximumDelay: 60)
        var generator = Counter()
        for attempt in 1...40 {
            let bound = min(60, 5 * pow(2, Double(attempt - 1)))
            let delay = policy.delay(afterAttempt: attempt, using: &generator)
            #expect(delay >= bound / 2 && delay <= bound, "attempt \(attempt): \(delay) not in \(bound / 2)...\(bound)")
        }
    }

    @Test func aProvidersRetryAfterWinsWhenLonger() {
        var generator = Counter()
        let policy = RetryPolicy(firstDelay: 1, maximumDelay: 10)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 120, using: &generator) == 120)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 0, using: &generator) <= 1)
    }

    @Test func jitterSpreadsRetries() {
        var generator = Counter()
        let policy = RetryPolicy(firstDelay: 10, maximumDelay: 600)
        let delays = Set((0..<50).map { _ in policy.delay(afterAttempt: 3, using: &generator) })
        #expect(delays.count > 40)
    }

    @Test func eachKindHasItsBudgetAndConfiguredOnesReplaceTheDefaults() {
        let defaults = RetryPolicy()
        #expect(defaults.budget(.notice) == 24 * 3600)
        #expect(defaults.budget(.subscriberUpdate) == 24 * 3600)
        #expect(defaults.budget(.message) == 24 * 3600)
        #expect(defaults.budget(.page) == 15 * 60)
        let configured = RetryPolicy(retryFor: [.notice: 3600])
        #expect(configured.budget(.notice) == 3600)
        #expect(configured.budget(.page) == 15 * 60, "kinds not named keep their default")
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: DeliveryKind
        var attempt: Int
        /// Seconds since the first attempt.
        var elapsed: TimeInterval
        var retryAfter: TimeInterval?
        /// Seconds since the first attempt; nil gives up.
        var next: TimeInterval?
        var testDescription: String { name }
    }

    /// With the generator at the top of the range, the wait is the backoff bound itself.
    static let rows: [Row] = [
        Row(name: "the first failure waits the first delay", kind: .notice, attempt: 1, elapsed: 0, next: 5),
        Row(name: "the wait doubles", kind: .notice, attempt: 4, elapsed: 100, next: 140),
        Row(name: "the wait stops growing at the cap", kind: .notice, attempt: 30, elapsed: 7200, next: 7800),
        Row(name: "the eighth failure is retried, unlike under a count of eight", kind: .notice, attempt: 8, elapsed: 120, next: 720),
        Row(name: "an hour down is nothing to a notice", kind: .notice, attempt: 14, elapsed: 3600, next: 4200),
        Row(name: "the last wait ends at the deadline", kind: .notice, attempt: 40, elapsed: 86_000, next: 86_400),
        Row(name: "at the deadline a notice gives up", kind: .notice, attempt: 41, elapsed: 86_400, next: nil),
        Row(name: "a page's budget is shorter", kind: .page, attempt: 9, elapsed: 900, next: nil),
        Row(name: "a page still retries within its budget", kind: .page, attempt: 5, elapsed: 600, next: 680),
        Row(name: "a Retry-After past the deadline leaves one try at the deadline", kind: .page, attempt: 2, elapsed: 60, retryAfter: 3600,
            next: 900),
    ]

    struct Highest: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    @Test(arguments: rows)
    func retriesLastAsLongAsTheKindsBudget(_ row: Row) {
        var generator = Highest()
        let next = RetryPolicy().nextAttempt(
            afterAttempt: row.attempt, kind: row.kind, firstAttemptAt: Self.start, now: Self.start + row.elapsed,
            retryAfter: row.retryAfter, using: &generator)
        #expect(next.map { $0.timeIntervalSince(Self.start) } == row.next)
    }

    @Test func spansAreWrittenAsPeopleWriteThem() {
        #expect(RetryPolicy.describe(86_400) == "24 h")
        #expect(RetryPolicy.describe(900) == "15 min")
        #expect(RetryPolicy.describe(90) == "90 s")
    }
}
