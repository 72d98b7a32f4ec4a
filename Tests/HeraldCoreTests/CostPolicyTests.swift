import Foundation
import HeraldCore
import Testing

@Suite struct CostPolicyTests {
    let policy = CostPolicy(
        currency: "CNY", perMessage: [.sms: 0.05, .voice: 0.15], monthlyBudgets: [.sms: 10],
        timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    @Test func theConfiguredPriceWinsOverTheProvidersAndFailuresCostNothing() {
        #expect(policy.cost(of: .sent(providerID: "SM1", cost: 0.0075), on: .sms) == .sent(providerID: "SM1", cost: 0.05))
        #expect(policy.cost(of: .sent(providerID: "X", cost: 0.01), on: .email) == .sent(providerID: "X", cost: 0.01))
        #expect(policy.cost(of: .permanent(reason: "bad number"), on: .sms) == .permanent(reason: "bad number"))
    }

    @Test func aBudgetWarnsFromEightyPercentAndStopsAllButHighSeverity() {
        #expect(policy.decide(channel: .sms, severity: .low, spent: 5) == .within)
        #expect(policy.decide(channel: .sms, severity: .low, spent: 7.96) == .nearing(spent: 7.96, budget: 10))
        #expect(policy.decide(channel: .sms, severity: .medium, spent: 9.99) == .refused(spent: 9.99, budget: 10))
        #expect(policy.decide(channel: .sms, severity: .high, spent: 12) == .overBudgetButUrgent(spent: 12, budget: 10))
        #expect(policy.decide(channel: .voice, severity: .low, spent: 1_000) == .within, "no budget, no limit")
    }

    @Test func theMonthStartsAtMidnightInTheConfiguredZone() throws {
        // 2026-11-30 17:00 UTC is already 1 December in Shanghai.
        let instant = try Date("2026-11-30T17:00:00Z", strategy: .iso8601)
        #expect(policy.monthStart(containing: instant) == (try Date("2026-11-30T16:00:00Z", strategy: .iso8601)))
    }
}
