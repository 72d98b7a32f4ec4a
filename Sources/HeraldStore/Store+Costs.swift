import Foundation
import HeraldCore
import SQLKit

/// What one channel sent and spent over a period.
public struct ChannelSpending: Sendable, Equatable {
    public var channel: ChannelKind
    public var sent: Int
    public var cost: Double

    public init(channel: ChannelKind, sent: Int, cost: Double) {
        self.channel = channel
        self.sent = sent
        self.cost = cost
    }
}

extension Store {
    /// Sent messages and their recorded cost per channel since `start`.
    public func spending(since start: Date) async throws -> [ChannelKind: ChannelSpending] {
        try await read { database in try await Self.spending(database, since: start) }
    }

    static func spending(_ database: any SQLDatabase, since start: Date) async throws -> [ChannelKind: ChannelSpending] {
        let rows = try await database.select().column(SQLColumn("channel", table: "d"))
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .column(SQLFunction("SUM", args: SQLColumn("cost", table: "a")), as: "total")
            .from(SQLAlias(SQLIdentifier("delivery_attempts"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("deliveries"), as: SQLIdentifier("d")), on: SQLColumn("delivery_id", table: "a"), .equal, SQLColumn("id", table: "d"))
            .where(SQLColumn("at", table: "a"), .greaterThanOrEqual, SQLBind(Timestamp.milliseconds(start)))
            .where(SQLColumn("outcome", table: "a"), .equal, SQLBind("sent"))
            .groupBy(SQLColumn("channel", table: "d")).all()
        var spending: [ChannelKind: ChannelSpending] = [:]
        for row in rows {
            let channel = try row.enumeration("channel", as: ChannelKind.self)
            spending[channel] = ChannelSpending(
                channel: channel, sent: try row.decode(column: "n", as: Int.self),
                cost: try row.decode(column: "total", as: Double?.self) ?? 0)
        }
        return spending
    }

    /// What `channel` has spent since `start`.
    public func spent(on channel: ChannelKind, since start: Date) async throws -> Double {
        try await spending(since: start)[channel]?.cost ?? 0
    }
}
