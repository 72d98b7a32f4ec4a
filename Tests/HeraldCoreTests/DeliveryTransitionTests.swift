import Foundation
import HeraldCore
import Testing

/// Where a delivery goes after an attempt, decided without a queue or a clock.
@Suite struct DeliveryTransitionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A generator that always draws the top of the range, so the wait is the backoff bound itself.
    struct Highest: RandomNumberGenerator {
        mutating func next() -> UInt64 { .max }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var attempt: Int
        var outcome: SendOutcome
        var confirmWithin: TimeInterval? = nil
        var expected: DeliveryTransition
        var testDescription: String { name }
    }

    static let policy = RetryPolicy(firstDelay: 5, maximumDelay: 600, maximumAttempts: 4)
    static let rows: [Row] = [
        Row(name: "sent without a receipt to wait for", attempt: 1, outcome: .sent(providerID: "m1", cost: 0.05),
            expected: .sent(providerID: "m1", cost: 0.05, confirmBy: nil)),
        Row(name: "sent on a channel with receipts waits for one", attempt: 1, outcome: .sent(providerID: "SM1", cost: nil), confirmWithin: 300,
            expected: .sent(providerID: "SM1", cost: nil, confirmBy: now + 300)),
        Row(name: "the first failure waits the first delay", attempt: 1, outcome: .retryable(reason: "503", retryAfter: nil),
            expected: .retry(at: now + 5, reason: "503")),
        Row(name: "the wait doubles per attempt", attempt: 3, outcome: .retryable(reason: "503", retryAfter: nil),
            expected: .retry(at: now + 20, reason: "503")),
        Row(name: "a provider's longer Retry-After wins", attempt: 1, outcome: .retryable(reason: "429", retryAfter: 120),
            expected: .retry(at: now + 120, reason: "429")),
        Row(name: "after the last attempt a retryable failure is a dead letter", attempt: 4, outcome: .retryable(reason: "503", retryAfter: nil),
            expected: .dead(reason: "gave up after 4 attempts: 503")),
        Row(name: "a permanent refusal is a dead letter at once", attempt: 1, outcome: .permanent(reason: "bad number"),
            expected: .dead(reason: "bad number")),
    ]

    @Test(arguments: rows)
    func anAttemptMovesTheDelivery(_ row: Row) {
        var generator = Highest()
        let transition = DeliveryTransition.after(
            attempt: row.attempt, outcome: row.outcome, confirmWithin: row.confirmWithin, policy: Self.policy, now: Self.now, using: &generator)
        #expect(transition == row.expected)
    }
}
