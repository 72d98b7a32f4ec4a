import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// The delivery a provider's receipt names.
    public func delivery(channel: ChannelKind, providerID: String) async throws -> Delivery? {
        try await read { database in
            try await Self.deliveryRows(database).where("channel", .equal, channel.rawValue).where("provider_id", .equal, providerID)
                .first()?.delivery()
        }
    }

    /// Sent deliveries whose receipt has not come in time, oldest deadline first.
    public func unconfirmedDeliveries(before time: Date, limit: Int = 100) async throws -> [Delivery] {
        try await read { database in
            try await Self.deliveryRows(database)
                .where("confirm_by", .lessThanOrEqual, SQLBind(Timestamp.milliseconds(time)))
                .where("confirmed_at", .is, SQLLiteral.null)
                .where("state", .equal, DeliveryState.sent.rawValue)
                .orderBy("confirm_by").limit(limit).all().map { try $0.delivery() }
        }
    }

    /// What a receipt or a missed deadline did to a delivery.
    public enum ConfirmationChange: Sendable, Equatable {
        case confirmed
        /// Failed after it was sent (or was never confirmed); the fallback, if any, is queued.
        case failed(fallbackQueued: Bool)
        /// Already settled by an earlier receipt or another node: nothing changed.
        case unchanged
    }

    /// Settles a delivery that was waiting for a receipt. Each change happens once, however many
    /// receipts or nodes report it: the update only applies while the delivery is still waiting.
    /// A failure is recorded as an attempt and its fallback queued in the same transaction.
    public func settle(
        deliveryID: Int64, receipt: Receipt, fallback: NewDelivery?, timedOut: Bool = false
    ) async throws -> ConfirmationChange {
        try await transaction { database in
            let now = self.timestamp()
            var update = database.update("deliveries").set("confirm_by", to: SQLLiteral.null)
            switch receipt {
            case .underway:
                return .unchanged
            case .confirmed:
                update = update.set("confirmed_at", to: SQLBind(now))
            case .failed(_, let reason):
                update = update.set("last_error", to: SQLBind(reason))
                if !timedOut { update = update.set("state", to: SQLBind(DeliveryState.dead.rawValue)) }
            }
            let changed = try await update.where("id", .equal, deliveryID).where("confirmed_at", .is, SQLLiteral.null)
                .where("state", .equal, DeliveryState.sent.rawValue)
                .where(timedOut ? SQLBinaryExpression(SQLColumn("confirm_by"), .isNot, SQLLiteral.null) : SQLLiteral.boolean(true))
                .returning("id").all()
            guard !changed.isEmpty else { return .unchanged }
            guard case .failed(_, let reason) = receipt else { return .confirmed }
            let number = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("delivery_attempts").where("delivery_id", .equal, deliveryID).first()?.decode(column: "n", as: Int.self) ?? 0
            try await database.insert(into: "delivery_attempts")
                .columns("delivery_id", "number", "at", "outcome", "detail", "latency_ms", "cost")
                .values(
                    SQLBind(deliveryID), SQLBind(Int64(number + 1)), SQLBind(now), SQLBind(timedOut ? "unconfirmed" : "undelivered"),
                    SQLBind(String(reason.prefix(500))), SQLBind(Int64(0)), SQLBind(Double?.none))
                .run()
            if let fallback { _ = try await Self.insert([fallback], into: database, at: now) }
            return .failed(fallbackQueued: fallback != nil)
        }
    }
}
