import HeraldApp
import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald deliveries`: what the delivery queue did, at a glance.
struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Summarise deliveries by channel and state, with this month's spending; or one notice's deliveries.")

    @OptionGroup var options: ConfigurationOptions

    @Option(help: "Show this notice's deliveries, one line per recipient and channel.")
    var notice: String?

    func run() async throws {
        if let remote = try options.remote() {
            guard notice == nil else { throw CommandFailure.noAPIEquivalent() }
            let summary = try await remote.get("/deliveries/summary")
            let states = DeliveryState.allCases
            print((["CHANNEL"] + states.map { $0.rawValue.uppercased() }).joined(separator: "\t"))
            let channels = summary.members["channels"]?.members ?? [:]
            for channel in channels.keys.sorted() {
                print(([channel] + states.map { channels[channel]?.text($0.rawValue) ?? "0" }).joined(separator: "\t"))
            }
            let month = summary.members["month"] ?? .null
            print("\nspent since \(month.text("start") ?? "-") (\(month.text("currency") ?? "-")):")
            let spent = month.members["channels"]?.members ?? [:]
            if spent.isEmpty { print("  nothing") }
            for (channel, spending) in spent.sorted(by: { $0.key < $1.key }) {
                var cost = 0.0
                switch spending.members["cost"] {
                case .number(let value)?: cost = value
                case .integer(let value)?: cost = Double(value)
                default: break
                }
                print("  \(channel): \(spending.text("sent") ?? "0") sent, \(String(format: "%.2f", cost))")
            }
            return
        }
        let configuration = try options.resolve()
        let notice = self.notice
        try await options.withStore(configuration) { store in
            if let notice {
                _ = try await store.notice(id: notice)
                let deliveries = try await store.deliveries(noticeID: notice)
                print(["ID", "CHANNEL", "ADDRESS", "STATE", "ATTEMPTS", "LAST ERROR"].joined(separator: "\t"))
                for delivery in deliveries {
                    print([String(delivery.id), delivery.channel.rawValue, delivery.address, delivery.state.rawValue,
                           String(delivery.attempts), delivery.lastError ?? "-"].joined(separator: "\t"))
                }
                return
            }
            let summary = try await DeliverySummary.current(store: store, costs: configuration.costs, now: Date())
            let states = DeliveryState.allCases
            print((["CHANNEL"] + states.map { $0.rawValue.uppercased() }).joined(separator: "\t"))
            for channel in summary.channels.keys.sorted() {
                print(([channel] + states.map { String(summary.channels[channel]?[$0.rawValue] ?? 0) }).joined(separator: "\t"))
            }
            let month = summary.month
            print("\nspent since \(month.start.formatted(.iso8601)) (\(month.currency)):")
            if month.channels.isEmpty { print("  nothing") }
            for (channel, spending) in month.channels.sorted(by: { $0.key < $1.key }) {
                var line = "  \(channel): \(spending.sent) sent, \(String(format: "%.2f", spending.cost))"
                if let budget = spending.budget, let used = spending.used {
                    line += " of \(String(format: "%.2f", budget)) (\(Int((used * 100).rounded()))%)"
                    if used >= 1 { line += " — budget used up: only high severity is sent" } else if used >= configuration.costs.warnAt { line += " — running low" }
                }
                print(line)
            }
        }
    }
}
