import Foundation
import HeraldCore
import Testing

/// A confirmation link works for seven days after the subscription was asked for, and a confirmed
/// subscription stays confirmed however late its link is opened again.
@Suite struct SubscriptionConfirmationTests {
    static let asked = Date(timeIntervalSince1970: 1_800_000_000)

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var state: Subscription.State
        var after: TimeInterval
        var lifetime = SubscriptionConfirmation.lifetime
        var decision: SubscriptionConfirmation.Decision
        var testDescription: String { name }
    }

    static let week = SubscriptionConfirmation.lifetime
    static let rows: [Row] = [
        Row(name: "at once", state: .pending, after: 0, decision: .confirm),
        Row(name: "a second before the week is out", state: .pending, after: week - 1, decision: .confirm),
        Row(name: "exactly a week later", state: .pending, after: week, decision: .expired(expiredAt: asked + week)),
        Row(name: "a year later", state: .pending, after: 365 * 86400, decision: .expired(expiredAt: asked + week)),
        Row(name: "a shorter lifetime", state: .pending, after: 3601, lifetime: 3600, decision: .expired(expiredAt: asked + 3600)),
        Row(name: "confirmed, opened again a year later", state: .confirmed, after: 365 * 86400, decision: .unchanged),
        Row(name: "unsubscribed", state: .unsubscribed, after: 60, decision: .unchanged),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        let subscription = Subscription(id: "s", kind: .email, email: "li@example.com", state: row.state, createdAt: Self.asked)
        #expect(SubscriptionConfirmation.decide(subscription, now: Self.asked + row.after, lifetime: row.lifetime) == row.decision)
    }

    @Test func theLifetimeInDays() {
        #expect(SubscriptionConfirmation.days() == 7)
        #expect(SubscriptionConfirmation.days(3600) == 1)
        #expect(SubscriptionConfirmation.days(3 * 86400) == 3)
    }
}
