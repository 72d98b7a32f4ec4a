import HeraldCore
import Testing

@Suite struct RetryPolicyTests {
    struct Counter: RandomNumberGenerator {
        var state: UInt64 = 42
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    @Test func delaysGrowExponentiallyWithJitterUpToTheCap() {
        let policy = RetryPolicy(firstDelay: 5, maximumDelay: 60, maximumAttempts: 10)
        var generator = Counter()
        for attempt in 1...9 {
            let bound = min(60, 5 * Double(1 << (attempt - 1)))
            let delay = policy.delay(afterAttempt: attempt, using: &generator)!
            #expect(delay >= bound / 2 && delay <= bound, "attempt \(attempt): \(delay) not in \(bound / 2)...\(bound)")
        }
        #expect(policy.delay(afterAttempt: 10, using: &generator) == nil, "no attempt is left after the tenth")
    }

    @Test func aProvidersRetryAfterWinsWhenLonger() {
        var generator = Counter()
        let policy = RetryPolicy(firstDelay: 1, maximumDelay: 10, maximumAttempts: 5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 120, using: &generator) == 120)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 0, using: &generator)! <= 1)
    }

    @Test func jitterSpreadsRetries() {
        var generator = Counter()
        let policy = RetryPolicy(firstDelay: 10, maximumDelay: 600, maximumAttempts: 8)
        let delays = Set((0..<50).map { _ in policy.delay(afterAttempt: 3, using: &generator)! })
        #expect(delays.count > 40)
    }
}
