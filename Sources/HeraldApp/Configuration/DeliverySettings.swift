import Foundation
import HeraldChannels
import HeraldCore

/// Reads `delivery`: currency, per-message costs, monthly budgets, the zone months start in, and
/// how long each kind of delivery is retried.
func readCosts(
    _ value: JSONValue, into parent: inout ObjectReader, confirmations: inout ConfirmationTimeouts, retry: inout RetryPolicy
) -> CostPolicy {
    var policy = CostPolicy()
    var section = ObjectReader(value, prefix: "delivery.")
    if let currency = section.string("currency") {
        if currency.range(of: "^[A-Z]{3}$", options: .regularExpression) == nil {
            section.add([FieldError("delivery.currency", "must be an ISO 4217 code such as CNY or USD")])
        }
        policy.currency = currency
    }
    if let zone = section.string("budget_time_zone") {
        if let parsed = TimeZone(identifier: zone) { policy.timeZone = parsed } else {
            section.add([FieldError("delivery.budget_time_zone", "must be an IANA time zone such as Asia/Shanghai")])
        }
    }
    if let warn = section.number("budget_warn_at") {
        if (0...1).contains(warn) { policy.warnAt = warn } else { section.add([FieldError("delivery.budget_warn_at", "must be from 0 to 1")]) }
    }
    if let table = section.object("confirm_within") {
        var entries = ObjectReader(table, prefix: "delivery.confirm_within.")
        // Only channels whose provider can report delivery are waited on.
        for channel in Channels.catalogue.all.filter({ $0.confirmWithin != nil }).map(\.kind) {
            guard let seconds = entries.integer(channel.rawValue) else { continue }
            if seconds < 30 { entries.add([FieldError("delivery.confirm_within.\(channel.rawValue)", "must be at least 30 seconds")]) }
            confirmations.within[channel] = TimeInterval(seconds)
        }
        section.add(entries.errorsIncludingUnknown())
    }
    if let table = section.object("retry_for") {
        // Seconds from a delivery's first attempt; a minute at least, a week at most.
        var entries = ObjectReader(table, prefix: "delivery.retry_for.")
        for kind in DeliveryKind.allCases {
            guard let seconds = entries.integer(kind.rawValue) else { continue }
            if !(60...604_800).contains(seconds) {
                entries.add([FieldError("delivery.retry_for.\(kind.rawValue)", "must be from 60 to 604800 seconds")])
            }
            retry.retryFor[kind] = TimeInterval(seconds)
        }
        section.add(entries.errorsIncludingUnknown())
    }
    for (key, keyPath) in [("costs", \CostPolicy.perMessage), ("monthly_budgets", \CostPolicy.monthlyBudgets)] {
        guard let table = section.object(key) else { continue }
        var entries = ObjectReader(table, prefix: "delivery.\(key).")
        for channel in Channels.catalogue.kinds {
            guard let amount = entries.number(channel.rawValue) else { continue }
            if amount < 0 { entries.add([FieldError("delivery.\(key).\(channel.rawValue)", "must not be negative")]) }
            policy[keyPath: keyPath][channel] = amount
        }
        section.add(entries.errorsIncludingUnknown())
    }
    parent.add(section.errorsIncludingUnknown())
    return policy
}
