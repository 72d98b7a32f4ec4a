import Foundation

/// What each channel's messages cost and how much may be spent on each channel in a month.
public struct CostPolicy: Sendable, Equatable {
    /// The unit costs and budgets are in, e.g. CNY; one currency for all of them.
    public var currency: String
    /// What one sent message costs, per channel. It wins over a provider's reported price, which
    /// may come in another currency or not at all.
    public var perMessage: [ChannelKind: Double]
    public var monthlyBudgets: [ChannelKind: Double]
    /// The share of a budget after which every message on that channel is sent with a warning.
    public var warnAt: Double
    /// The zone a month starts in.
    public var timeZone: TimeZone

    public init(
        currency: String = "CNY", perMessage: [ChannelKind: Double] = [:], monthlyBudgets: [ChannelKind: Double] = [:],
        warnAt: Double = 0.8, timeZone: TimeZone = TimeZone(identifier: "UTC")!
    ) {
        self.currency = currency
        self.perMessage = perMessage
        self.monthlyBudgets = monthlyBudgets
        self.warnAt = warnAt
        self.timeZone = timeZone
    }

    /// What a sent message is recorded as costing: the configured price, else the provider's.
    public func cost(of outcome: SendOutcome, on channel: ChannelKind) -> SendOutcome {
        guard case .sent(let providerID, let price) = outcome else { return outcome }
        return .sent(providerID: providerID, cost: perMessage[channel] ?? price)
    }

    /// The first instant of the month that contains `date`.
    public func monthStart(containing date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateInterval(of: .month, for: date)?.start ?? date
    }

    /// Whether a message may go out given what the channel has spent this month.
    ///
    /// A high-severity message is always sent, over budget or not: a page that does not arrive
    /// costs more than any SMS. Lower severities stop at the budget and fall back to the next channel.
    public func decide(channel: ChannelKind, severity: Severity, spent: Double) -> BudgetDecision {
        guard let budget = monthlyBudgets[channel] else { return .within }
        let next = spent + (perMessage[channel] ?? 0)
        if next > budget {
            return severity == .high ? .overBudgetButUrgent(spent: spent, budget: budget) : .refused(spent: spent, budget: budget)
        }
        return next >= budget * warnAt ? .nearing(spent: spent, budget: budget) : .within
    }
}

/// What the monthly budget says about sending one more message on a channel.
public enum BudgetDecision: Sendable, Equatable {
    case within
    /// Sent, with a warning: the month's spending is past the warning share.
    case nearing(spent: Double, budget: Double)
    /// Sent although it exceeds the budget, because it is high severity; warned loudly.
    case overBudgetButUrgent(spent: Double, budget: Double)
    /// Not sent: the budget is used up and the message can wait for another channel.
    case refused(spent: Double, budget: Double)
}
