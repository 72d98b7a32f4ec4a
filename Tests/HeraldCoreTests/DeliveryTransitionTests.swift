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
        var kind: DeliveryKind = .notice
        /// Seconds before now of the first attempt; nil when this is the first.
        var firstTriedAgo: TimeInterval? = nil
        var expected: DeliveryTransition
        var testDescription: String { name }
    }

    static let policy = RetryPolicy(firstDelay: 5, maximumDelay: 600, retryFor: [.notice: 3600, .page: 300])
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
        Row(name: "a failure after many attempts is retried while time is left", attempt: 40, outcome: .retryable(reason: "503", retryAfter: nil),
            firstTriedAgo: 1800, expected: .retry(at: now + 600, reason: "503")),
        Row(name: "the last retry falls on the deadline", attempt: 12, outcome: .retryable(reason: "503", retryAfter: nil),
            firstTriedAgo: 3300, expected: .retry(at: now + 300, reason: "503")),
        Row(name: "a retryable failure once the kind's time is up is a dead letter", attempt: 13, outcome: .retryable(reason: "503", retryAfter: nil),
            firstTriedAgo: 3600, expected: .dead(reason: "gave up after 13 attempts in 1 h: 503")),
        Row(name: "a page's time is its own", attempt: 6, outcome: .retryable(reason: "no answer", retryAfter: nil), kind: .page,
            firstTriedAgo: 300, expected: .dead(reason: "gave up after 6 attempts in 5 min: no answer")),
        Row(name: "a permanent refusal is a dead letter at once", attempt: 1, outcome: .permanent(reason: "bad number"),
            expected: .dead(reason: "bad number")),
    ]

    @Test(arguments: rows)
    func anAttemptMovesTheDelivery(_ row: Row) {
        var generator = Highest()
        let transition = DeliveryTransition.after(
            attempt: row.attempt, outcome: row.outcome, kind: row.kind, firstAttemptAt: row.firstTriedAgo.map { Self.now - $0 },
            confirmWithin: row.confirmWithin, policy: Self.policy, now: Self.now, using: &generator)
        #expect(transition == row.expected)
        let final = DeliveryTransition.isFinal(
            outcome: row.outcome, kind: row.kind, firstAttemptAt: row.firstTriedAgo.map { Self.now - $0 }, policy: Self.policy, now: Self.now)
        if case .dead = row.expected { #expect(final, "the worker prepares the fallback for exactly these") } else { #expect(!final) }
    }
}
