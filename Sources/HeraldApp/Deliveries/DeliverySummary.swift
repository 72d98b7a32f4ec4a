import Foundation
import HeraldCore
import HeraldStore

/// The queue at a glance: deliveries by channel and state, and this month's spending against budgets.
public struct DeliverySummary: Encodable, Sendable {
    public var channels: [String: [String: Int]]
    public var month: Month

    /// Spending since the month began, per channel that sent anything or has a budget.
    public struct Month: Encodable, Sendable {
        public var start: Date
        public var currency: String
        public var channels: [String: Spending]
    }

    /// One channel's month: messages sent, their cost, and its budget if it has one.
    public struct Spending: Encodable, Sendable {
        public var sent: Int
        public var cost: Double
        public var budget: Double?
        /// `cost / budget`; past 1 only high-severity messages were sent.
        public var used: Double?

        enum CodingKeys: String, CodingKey { case sent, cost, budget, used }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sent, forKey: .sent)
            try container.encode((cost * 10_000).rounded() / 10_000, forKey: .cost)
            try container.encode(budget, forKey: .budget)
            try container.encode(used.map { ($0 * 1000).rounded() / 1000 }, forKey: .used)
        }
    }

    public static func current(store: Store, costs: CostPolicy, now: Date) async throws -> DeliverySummary {
        let counts = try await store.deliveryCounts()
        let start = costs.monthStart(containing: now)
        return DeliverySummary(
            channels: Dictionary(uniqueKeysWithValues: counts.map { channel, states in
                (channel.rawValue, Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value) }))
            }),
            month: month(start: start, spending: try await store.spending(since: start), costs: costs))
    }

    /// The month that began at `start`, from what was spent since: each channel that sent or has a budget.
    public static func month(start: Date, spending: [ChannelKind: ChannelSpending], costs: CostPolicy) -> Month {
        var month: [String: Spending] = [:]
        for channel in Set(spending.keys).union(costs.monthlyBudgets.keys) {
            let spent = spending[channel] ?? ChannelSpending(channel: channel, sent: 0, cost: 0)
            let budget = costs.monthlyBudgets[channel]
            month[channel.rawValue] = Spending(
                sent: spent.sent, cost: spent.cost, budget: budget, used: budget.flatMap { $0 > 0 ? spent.cost / $0 : nil })
        }
        return Month(start: start, currency: costs.currency, channels: month)
    }
}
