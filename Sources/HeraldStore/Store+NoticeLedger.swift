import Foundation
import HeraldCore
import SQLKit

/// One line of a notice's delivery ledger: the delivery, and what its sent attempts cost.
public struct LedgerLine: Sendable, Equatable {
    public var delivery: Delivery
    /// The recorded cost of its attempts; nil when none was recorded.
    public var cost: Double?

    public init(delivery: Delivery, cost: Double?) {
        self.delivery = delivery
        self.cost = cost
    }
}

extension Store {
    /// A notice's deliveries, per recipient and channel, a page at a time in the order they were
    /// queued (the same deliveries as `deliveries(noticeID:)`), with each one's recorded cost.
    public func noticeLedger(noticeID: String, page request: PageRequest) async throws -> Page<LedgerLine> {
        try await read { database in
            _ = try await Self.notice(database, id: noticeID)
            let announcements = database.select().column("id").from("announcements").where("notice_id", .equal, noticeID)
            let page = try await Self.page(
                Self.deliveryRows(database).where(SQLColumn("announcement_id", table: "deliveries"), .in, SQLGroupExpression(announcements.query)),
                order: .by(("id", .integer, descending: false)), request) { try $0.delivery() }
            guard !page.items.isEmpty else { return Page(items: [], next: page.next) }
            var costs: [Int64: Double] = [:]
            for row in try await database.select().column("delivery_id").column(SQLFunction("SUM", args: SQLColumn("cost")), as: "total")
                .from("delivery_attempts").where("delivery_id", .in, page.items.map(\.id)).groupBy("delivery_id").all()
            {
                if let total = try row.decode(column: "total", as: Double?.self) { costs[try row.integer("delivery_id")] = total }
            }
            return Page(items: page.items.map { LedgerLine(delivery: $0, cost: costs[$0.id]) }, next: page.next)
        }
    }
}
