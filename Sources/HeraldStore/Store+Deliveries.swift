import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Stores deliveries before anything is sent. A delivery whose idempotency key is already queued
    /// is not queued again, so enqueueing the same fan-out twice (after a crash) changes nothing.
    @discardableResult
    public func enqueue(_ deliveries: [NewDelivery]) async throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        return try await transaction { database in
            try await Self.insert(deliveries, into: database, at: self.timestamp())
        }
    }

    static func insert(_ deliveries: [NewDelivery], into database: any SQLDatabase, at now: Int64) async throws -> Int {
        var inserted = 0
        // Batches keep each statement under both engines' limits on bound parameters.
        for batch in stride(from: 0, to: deliveries.count, by: 500).map({ deliveries[$0..<min($0 + 500, deliveries.count)] }) {
            var insert = database.insert(into: "deliveries")
                .columns(
                    "idempotency_key", "channel", "address", "severity", "priority", "subject", "body", "html", "state",
                    "next_attempt_at", "announcement_id", "contact_id", "fallback_from", "created_at")
            for delivery in batch {
                insert = insert.values(
                    SQLBind(delivery.idempotencyKey), SQLBind(delivery.channel.rawValue), SQLBind(delivery.address),
                    SQLBind(delivery.severity.rawValue), SQLBind(Int64(priority(delivery.severity))),
                    SQLBind(delivery.subject), SQLBind(delivery.body), SQLBind(delivery.html), SQLBind(DeliveryState.pending.rawValue),
                    SQLBind(delivery.notBefore.map(Timestamp.milliseconds).map { max($0, now) } ?? now),
                    SQLBind(delivery.announcementID), SQLBind(delivery.contactID), SQLBind(delivery.fallbackFrom), SQLBind(now))
            }
            inserted += try await insert.ignoringConflicts(with: ["idempotency_key"]).returning("id").all().count
        }
        return inserted
    }

    /// Takes up to `limit` due deliveries for this worker, high severity first. The claim lasts
    /// `lease` seconds; a worker that dies mid-send leaves them to be claimed again after it, with
    /// the same idempotency key.
    public func claimDeliveries(limit: Int, lease: Int64 = 60) async throws -> [Delivery] {
        try await transaction { database in
            let now = self.timestamp()
            var query = database.select().column("*").from("deliveries")
                .where("state", .equal, DeliveryState.pending.rawValue)
                .where("next_attempt_at", .lessThanOrEqual, now)
                .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, SQLBind(now)) }
                .orderBy("priority", .descending).orderBy("next_attempt_at").orderBy("id")
                .limit(limit)
            if self.dialect == .postgres { query = query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            let claimed = try await query.all().map { try $0.delivery() }
            guard !claimed.isEmpty else { return [] }
            try await database.update("deliveries").set("claimed_until", to: SQLBind(now + lease * 1000))
                .where("id", .in, claimed.map(\.id)).run()
            return claimed
        }
    }

    /// Records one attempt and decides what follows: sent, retried after a backoff, or a dead letter.
    @discardableResult
    public func recordAttempt(
        deliveryID: Int64, outcome: SendOutcome, latency: Duration, policy: RetryPolicy = RetryPolicy(),
        fallback: NewDelivery? = nil
    ) async throws -> Delivery {
        try await transaction { database in
            let now = self.timestamp()
            guard let row = try await database.select().column("*").from("deliveries").where("id", .equal, deliveryID).first()
            else { throw StoreError.notFound(kind: "delivery", id: String(deliveryID)) }
            let delivery = try row.delivery()
            let number = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("delivery_attempts").where("delivery_id", .equal, deliveryID).first()?.decode(column: "n", as: Int.self) ?? 0
            let attempts = delivery.attempts + 1
            let milliseconds = Int(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000)
            var update = database.update("deliveries").set("attempts", to: SQLBind(Int64(attempts)))
                .set("claimed_until", to: SQLLiteral.null)
            let (label, detail, cost): (String, String?, Double?)
            switch outcome {
            case .sent(let providerID, let price):
                (label, detail, cost) = ("sent", providerID, price)
                update = update.set("state", to: SQLBind(DeliveryState.sent.rawValue)).set("sent_at", to: SQLBind(now))
                    .set("last_error", to: SQLLiteral.null)
            case .retryable(let reason, let retryAfter):
                (label, detail, cost) = ("retryable", reason, nil)
                if let wait = policy.delay(afterAttempt: attempts, retryAfter: retryAfter) {
                    update = update.set("next_attempt_at", to: SQLBind(now + Int64(wait * 1000))).set("last_error", to: SQLBind(reason))
                } else {
                    update = update.set("state", to: SQLBind(DeliveryState.dead.rawValue))
                        .set("last_error", to: SQLBind("gave up after \(attempts) attempts: \(reason)"))
                }
            case .permanent(let reason):
                (label, detail, cost) = ("permanent", reason, nil)
                update = update.set("state", to: SQLBind(DeliveryState.dead.rawValue)).set("last_error", to: SQLBind(reason))
            }
            try await update.where("id", .equal, deliveryID).run()
            try await database.insert(into: "delivery_attempts")
                .columns("delivery_id", "number", "at", "outcome", "detail", "latency_ms", "cost")
                .values(
                    SQLBind(deliveryID), SQLBind(Int64(number + 1)), SQLBind(now), SQLBind(label),
                    SQLBind(detail.map { String($0.prefix(500)) }), SQLBind(Int64(milliseconds)), SQLBind(cost))
                .run()
            guard let updated = try await database.select().column("*").from("deliveries").where("id", .equal, deliveryID).first()
            else { throw StoreError.notFound(kind: "delivery", id: String(deliveryID)) }
            let result = try updated.delivery()
            // In the same transaction as the dead letter, so a crash cannot lose the fallback.
            if result.state == .dead, let fallback {
                _ = try await Self.insert([fallback], into: database, at: now)
            }
            return result
        }
    }

    /// Gives a claimed delivery back to be tried at `time`, without counting an attempt: for a
    /// message held back by a provider's rate limit before it was sent.
    public func postpone(deliveryID: Int64, until time: Date) async throws {
        try await transaction { database in
            try await database.update("deliveries").set("next_attempt_at", to: SQLBind(Timestamp.milliseconds(time)))
                .set("claimed_until", to: SQLLiteral.null).where("id", .equal, deliveryID).run()
        }
    }

    public func delivery(id: Int64) async throws -> Delivery {
        try await read { database in
            guard let row = try await database.select().column("*").from("deliveries").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "delivery", id: String(id)) }
            return try row.delivery()
        }
    }

    public func deliveryAttempts(deliveryID: Int64) async throws -> [DeliveryAttempt] {
        try await read { database in
            try await database.select().column("*").from("delivery_attempts").where("delivery_id", .equal, deliveryID)
                .orderBy("id").all().map { row in
                    DeliveryAttempt(
                        number: Int(try row.integer("number")), at: try row.date("at"), outcome: try row.text("outcome"),
                        detail: try row.optionalText("detail"), latencyMilliseconds: Int(try row.integer("latency_ms")),
                        cost: try row.decode(column: "cost", as: Double?.self))
                }
        }
    }

    /// Whether the next attempt at `delivery` would be its last under `policy` (or it cannot be retried).
    public static func isLastAttempt(_ delivery: Delivery, outcome: SendOutcome, policy: RetryPolicy) -> Bool {
        switch outcome {
        case .sent: false
        case .permanent: true
        case .retryable: delivery.attempts + 1 >= policy.maximumAttempts
        }
    }

    /// Every delivery made for a notice's announcements, per recipient and channel.
    public func deliveries(noticeID: String) async throws -> [Delivery] {
        try await read { database in
            try await database.raw(
                "SELECT d.* FROM deliveries d JOIN announcements a ON d.announcement_id = a.id WHERE a.notice_id = \(bind: noticeID) ORDER BY d.id"
            ).all().map { try $0.delivery() }
        }
    }

    /// Deliveries that failed for good or ran out of attempts, newest first.
    public func deadLetters(limit: Int = 100) async throws -> [Delivery] {
        try await read { database in
            try await database.select().column("*").from("deliveries").where("state", .equal, DeliveryState.dead.rawValue)
                .orderBy("id", .descending).limit(limit).all().map { try $0.delivery() }
        }
    }

    /// Puts a dead letter back in the queue for a fresh round of attempts; its history is kept.
    public func retryDeadLetter(id: Int64) async throws -> Delivery {
        try await transaction { database in
            guard let row = try await database.select().column("*").from("deliveries").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "delivery", id: String(id)) }
            guard try row.delivery().state == .dead else {
                throw StoreError.conflict(FieldError("state", "only a dead letter can be retried"))
            }
            try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.pending.rawValue))
                .set("attempts", to: SQLBind(Int64(0))).set("next_attempt_at", to: SQLBind(self.timestamp()))
                .set("claimed_until", to: SQLLiteral.null).where("id", .equal, id).run()
            return try await database.select().column("*").from("deliveries").where("id", .equal, id).first()!.delivery()
        }
    }

    /// Counts of deliveries by channel and state.
    public func deliveryCounts() async throws -> [ChannelKind: [DeliveryState: Int]] {
        try await read { database in
            let rows = try await database.select().column("channel").column("state")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("deliveries").groupBy("channel").groupBy("state").all()
            var counts: [ChannelKind: [DeliveryState: Int]] = [:]
            for row in rows {
                counts[try row.enumeration("channel", as: ChannelKind.self), default: [:]][try row.enumeration("state", as: DeliveryState.self)] =
                    try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    static func priority(_ severity: Severity) -> Int {
        switch severity {
        case .high: 2
        case .medium: 1
        case .low: 0
        }
    }
}

extension SQLRow {
    func delivery() throws -> Delivery {
        Delivery(
            id: try integer("id"), idempotencyKey: try text("idempotency_key"),
            channel: try enumeration("channel", as: ChannelKind.self), address: try text("address"),
            severity: try enumeration("severity", as: Severity.self), subject: try optionalText("subject"),
            body: try text("body"), html: try optionalText("html"), state: try enumeration("state", as: DeliveryState.self),
            attempts: Int(try integer("attempts")), nextAttemptAt: try date("next_attempt_at"),
            lastError: try optionalText("last_error"), announcementID: try optionalInteger("announcement_id"),
            contactID: try optionalText("contact_id"), fallbackFrom: try optionalInteger("fallback_from"),
            createdAt: try date("created_at"), sentAt: try optionalDate("sent_at"))
    }
}
