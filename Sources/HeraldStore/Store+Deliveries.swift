import Crypto
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
        let contents = try await storeContents(deliveries, into: database)
        var inserted = 0
        // Batches keep each statement under both engines' limits on bound parameters.
        for batch in stride(from: 0, to: deliveries.count, by: 500).map({ deliveries[$0..<min($0 + 500, deliveries.count)] }) {
            var insert = database.insert(into: "deliveries")
                .columns(
                    "idempotency_key", "channel", "address", "severity", "priority", "content_id", "state",
                    "next_attempt_at", "announcement_id", "contact_id", "fallback_from", "created_at", "unsubscribe_url",
                    "lane", "destination")
            for delivery in batch {
                insert = insert.values(
                    SQLBind(delivery.idempotencyKey), SQLBind(delivery.channel.rawValue), SQLBind(delivery.address),
                    SQLBind(delivery.severity.rawValue), SQLBind(Int64(delivery.severity.rank)),
                    SQLBind(contents[MessageContent(delivery)]!), SQLBind(DeliveryState.pending.rawValue),
                    SQLBind(delivery.notBefore.map(Timestamp.milliseconds).map { max($0, now) } ?? now),
                    SQLBind(delivery.announcementID), SQLBind(delivery.contactID), SQLBind(delivery.fallbackFrom), SQLBind(now),
                    SQLBind(delivery.unsubscribeURL), SQLBind(delivery.lane.rawValue), SQLBind(delivery.destination))
            }
            inserted += try await insert.ignoringConflicts(with: ["idempotency_key"]).returning("id").all().count
        }
        return inserted
    }

    /// Stores each distinct text once and returns its row per content. A fan-out to 100,000 people
    /// has a handful of distinct texts (one per channel kind and language); copying the text into
    /// every delivery made the queue's rows large, and every claim and update rewrote them.
    static func storeContents(_ deliveries: [NewDelivery], into database: any SQLDatabase) async throws -> [MessageContent: Int64] {
        let distinct = Array(Set(deliveries.map(MessageContent.init)))
        var ids: [MessageContent: Int64] = [:]
        for batch in stride(from: 0, to: distinct.count, by: 200).map({ distinct[$0..<min($0 + 200, distinct.count)] }) {
            var insert = database.insert(into: "delivery_contents").columns("digest", "subject", "body", "html", "actions_json")
            for content in batch {
                insert = insert.values(
                    SQLBind(content.digest), SQLBind(content.subject), SQLBind(content.body), SQLBind(content.html), SQLBind(content.actionsJSON))
            }
            try await insert.ignoringConflicts(with: ["digest"]).run()
            let byDigest = Dictionary(batch.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
            for row in try await database.select().column("content_id").column("digest").from("delivery_contents")
                .where("digest", .in, SQLBind.group(batch.map(\.digest))).all()
            {
                if let content = byDigest[try row.decode(column: "digest", as: String.self)] {
                    ids[content] = try row.decode(column: "content_id", as: Int64.self)
                }
            }
        }
        return ids
    }

    /// Deliveries with their texts.
    static func deliveryRows(_ database: any SQLDatabase) -> SQLSelectBuilder {
        database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("deliveries")))
            .column(SQLColumn("subject", table: "delivery_contents")).column(SQLColumn("body", table: "delivery_contents"))
            .column(SQLColumn("html", table: "delivery_contents")).column(SQLColumn("actions_json", table: "delivery_contents"))
            .from("deliveries")
            .join("delivery_contents", on: SQLColumn("content_id", table: "deliveries"), .equal, SQLColumn("content_id", table: "delivery_contents"))
    }

    /// Takes up to `limit` due deliveries for this worker, high severity first. The claim lasts
    /// `lease` seconds; a worker that dies mid-send leaves them to be claimed again after it, with
    /// the same idempotency key, and that claim counts the lost one as an attempt (`interrupted`).
    public func claimDeliveries(limit: Int, lease: Int64 = 60) async throws -> [Delivery] {
        try await claimDeliveries(lane: nil, room: ClaimRoom(total: limit), lease: lease)
    }

    /// Takes due deliveries of `lane` (nil: either) within `room`: no more than it has for each
    /// destination, none for a destination it has no room for. On PostgreSQL the candidates are
    /// locked with `SKIP LOCKED`, so two nodes never take the same delivery.
    public func claimDeliveries(lane: DeliveryLane?, room: ClaimRoom, lease: Int64 = 60) async throws -> [Delivery] {
        guard room.total > 0 else { return [] }
        let full = Array(room.full.prefix(500))
        /// Due, unclaimed deliveries of the lane, skipping destinations without room. Rows queued
        /// before destinations were stored have none yet; they are judged once read.
        @Sendable func due(_ database: any SQLDatabase, now: Int64) -> SQLSelectBuilder {
            var query = database.select().column("id").column("channel").column("address").column("destination")
                .column("claimed_until").column("claimed_at").from("deliveries")
                .where("state", .equal, DeliveryState.pending.rawValue)
            if let lane { query = query.where("lane", .equal, lane.rawValue) }
            query = query.where("next_attempt_at", .lessThanOrEqual, now)
                .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, SQLBind(now)) }
            if !full.isEmpty {
                query = query.where { $0.where("destination", .is, SQLLiteral.null).orWhere("destination", .notIn, SQLBind.group(full)) }
            }
            return query
        }
        // Most looks at an idle lane (the urgent one looks ten times a second) find nothing: a read
        // says so without taking SQLite's one write lock, which the other lane's records wait for.
        let now = self.timestamp()
        guard try await read({ database in try await due(database, now: now).limit(1).first() != nil }) else { return [] }
        return try await transaction { database in
            let now = self.timestamp()
            // The ids first, off the claim index alone: joined with the texts, PostgreSQL chose to
            // sort every pending delivery (and spill to disk) before taking the first few.
            var query = due(database, now: now)
            // A destination's limit may leave some candidates behind, so a few more are read than taken.
            let candidates = room.perDestination == nil && room.remaining.isEmpty ? room.total : room.total * 2
            query = query.orderBy("priority", .descending).orderBy("next_attempt_at").orderBy("id").limit(candidates)
            if self.dialect == .postgres { query = query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            struct Candidate {
                var id: Int64
                var destination: String
                var stored: Bool
                var interrupted: Bool
            }
            let rows = try await query.all().map { row in
                let stored = try row.optionalText("destination")
                let destination = try stored
                    ?? DeliveryDestination.of(channel: row.enumeration("channel", as: ChannelKind.self), address: row.text("address"))
                return Candidate(
                    id: try row.integer("id"), destination: destination, stored: stored != nil,
                    interrupted: try row.optionalInteger("claimed_until") != nil)
            }
            let ids = room.pick(rows.map { ($0.id, $0.destination) })
            guard !ids.isEmpty else { return [] }
            let picked = Set(ids)
            let taken = rows.filter { picked.contains($0.id) }
            // A lease that ran out without an outcome: the worker was stopped mid-send. The request
            // may well have gone out, so the history says so and the count includes it.
            let interrupted = taken.filter(\.interrupted).map(\.id)
            if !interrupted.isEmpty { try await Self.recordInterrupted(interrupted, in: database, at: now) }
            try await database.update("deliveries").set("claimed_until", to: SQLBind(now + lease * 1000))
                .set("claimed_at", to: SQLBind(now)).where("id", .in, ids).run()
            for candidate in taken where !candidate.stored {
                try await database.update("deliveries").set("destination", to: SQLBind(candidate.destination))
                    .where("id", .equal, candidate.id).run()
            }
            let claimed = try await Self.deliveryRows(database).where(SQLColumn("id", table: "deliveries"), .in, SQLBind.group(ids))
                .all().map { try $0.delivery() }
            // In claim order: high severity first.
            let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            return claimed.sorted { order[$0.id]! < order[$1.id]! }
        }
    }

    /// Records an `interrupted` attempt for each delivery whose claim ran out: at the time it was
    /// claimed, as far as that is known (rows claimed before it was stored use the lease's end).
    static func recordInterrupted(_ ids: [Int64], in database: any SQLDatabase, at now: Int64) async throws {
        var numbers: [Int64: Int64] = [:]
        for row in try await database.select().column("delivery_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("delivery_attempts").where("delivery_id", .in, SQLBind.group(ids)).groupBy("delivery_id").all()
        {
            numbers[try row.integer("delivery_id")] = try row.integer("n")
        }
        var attemptRows: [[any SQLExpression]] = []
        for row in try await database.select().column("id").column("claimed_until").column("claimed_at").from("deliveries")
            .where("id", .in, SQLBind.group(ids)).all()
        {
            let id = try row.integer("id")
            let until = try row.integer("claimed_until")
            let at = try row.optionalInteger("claimed_at") ?? until
            attemptRows.append([
                SQLBind(id), SQLBind((numbers[id] ?? 0) + 1), SQLBind(at), SQLBind(DeliveryTransition.interruptedLabel),
                SQLBind("its worker stopped before recording an outcome; the lease ran out at \(ISO8601DateFormatter().string(from: Timestamp.date(until))); it may have been sent"),
                SQLBind(max(0, until - at)), SQLBind(Double?.none),
            ])
        }
        try await database.insert(into: "delivery_attempts")
            .columns("delivery_id", "number", "at", "outcome", "detail", "latency_ms", "cost").rows(attemptRows).run()
        try await database.update("deliveries").set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
            .set(SQLIdentifier("first_attempt_at"), to: SQLRaw("COALESCE(first_attempt_at, claimed_at, claimed_until)"))
            .where("id", .in, SQLBind.group(ids)).run()
    }

    /// Records one attempt and decides what follows: sent, retried after a backoff, or a dead letter.
    @discardableResult
    public func recordAttempt(
        deliveryID: Int64, outcome: SendOutcome, latency: Duration, policy: RetryPolicy = RetryPolicy(),
        fallback: NewDelivery? = nil
    ) async throws -> Delivery {
        let delivery = try await self.delivery(id: deliveryID)
        let recorded = try await recordAttempts(
            [AttemptResult(delivery: delivery, outcome: outcome, latency: latency, fallback: fallback)], policy: policy)
        return recorded[0]
    }

    /// Records a batch of attempts in one transaction and returns each delivery as it now stands.
    ///
    /// One transaction per batch rather than per message is what lets the queue keep up with a fast
    /// receiver: the deliveries that were sent are marked with one statement, and every attempt row
    /// goes in with one insert. A fallback is queued in the same transaction as its dead letter, so a
    /// crash cannot lose it.
    @discardableResult
    public func recordAttempts(_ results: [AttemptResult], policy: RetryPolicy = RetryPolicy()) async throws -> [Delivery] {
        guard !results.isEmpty else { return [] }
        return try await transaction { database in
            let now = self.timestamp()
            let ids = results.map(\.delivery.id)
            var numbers: [Int64: Int] = [:]
            for row in try await database.select().column("delivery_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("delivery_attempts").where("delivery_id", .in, SQLBind.group(ids)).groupBy("delivery_id").all()
            {
                numbers[try row.decode(column: "delivery_id", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
            }
            var updated: [Delivery] = []
            var sentIDs: [Int64] = []
            var attemptRows: [[any SQLExpression]] = []
            var fallbacks: [NewDelivery] = []
            var firstAttempts: [(Int64, Int64)] = []
            for result in results {
                var delivery = result.delivery
                delivery.attempts += 1
                // Judged at the time the attempt ended, as the worker judged whether to prepare a fallback.
                let at = result.at.map(Timestamp.milliseconds) ?? now
                let firstAttempt = delivery.firstAttemptAt.map(Timestamp.milliseconds) ?? at
                delivery.firstAttemptAt = Timestamp.date(firstAttempt)
                let label = DeliveryTransition.label(result.outcome)
                var detail: String?
                var cost: Double?
                switch DeliveryTransition.after(
                    attempt: delivery.attempts, outcome: result.outcome, kind: delivery.kind, firstAttemptAt: Timestamp.date(firstAttempt),
                    confirmWithin: result.confirmWithin, policy: policy, now: Timestamp.date(at))
                {
                case .sent(let providerID, let price, let confirmBy):
                    (detail, cost) = (providerID, price)
                    delivery.state = .sent
                    delivery.sentAt = Timestamp.date(now)
                    delivery.lastError = nil
                    if let confirmBy {
                        // Waits for a receipt: its own row, since the provider id and deadline differ per delivery.
                        delivery.providerID = providerID
                        delivery.confirmBy = confirmBy
                        try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.sent.rawValue))
                            .set("sent_at", to: SQLBind(now)).set("last_error", to: SQLLiteral.null)
                            .set("claimed_until", to: SQLLiteral.null).set("attempts", to: SQLBind(Int64(delivery.attempts)))
                            .set("first_attempt_at", to: SQLBind(firstAttempt))
                            .set("provider_id", to: SQLBind(providerID))
                            .set("confirm_by", to: SQLBind(Timestamp.milliseconds(confirmBy)))
                            .where("id", .equal, delivery.id).run()
                    } else {
                        sentIDs.append(delivery.id)
                        if result.delivery.firstAttemptAt == nil { firstAttempts.append((delivery.id, firstAttempt)) }
                    }
                case .retry(let at, let reason):
                    detail = reason
                    delivery.nextAttemptAt = at
                    delivery.lastError = reason
                case .dead(let reason):
                    if case .retryable(let said, _) = result.outcome { detail = said } else { detail = reason }
                    delivery.state = .dead
                    delivery.lastError = reason
                }
                if delivery.state != .sent {
                    try await database.update("deliveries").set("attempts", to: SQLBind(Int64(delivery.attempts)))
                        .set("claimed_until", to: SQLLiteral.null).set("state", to: SQLBind(delivery.state.rawValue))
                        .set("first_attempt_at", to: SQLBind(firstAttempt))
                        .set("next_attempt_at", to: SQLBind(Timestamp.milliseconds(delivery.nextAttemptAt)))
                        .set("last_error", to: SQLBind(delivery.lastError)).where("id", .equal, delivery.id).run()
                }
                if delivery.state == .dead, let fallback = result.fallback { fallbacks.append(fallback) }
                let milliseconds = result.latency.components.seconds * 1000 + result.latency.components.attoseconds / 1_000_000_000_000_000
                attemptRows.append([
                    SQLBind(delivery.id), SQLBind(Int64((numbers[delivery.id] ?? 0) + 1)), SQLBind(at), SQLBind(label),
                    SQLBind(detail.map { String($0.prefix(500)) }), SQLBind(milliseconds), SQLBind(cost), SQLBind(self.node),
                ])
                updated.append(delivery)
            }
            if !sentIDs.isEmpty {
                try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.sent.rawValue))
                    .set("sent_at", to: SQLBind(now)).set("last_error", to: SQLLiteral.null).set("claimed_until", to: SQLLiteral.null)
                    .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
                    .where("id", .in, SQLBind.group(sentIDs)).run()
            }
            // The first try was also the last: kept, so the history and the row agree.
            for (id, first) in firstAttempts {
                try await database.update("deliveries").set("first_attempt_at", to: SQLBind(first)).where("id", .equal, id).run()
            }
            for batch in stride(from: 0, to: attemptRows.count, by: 500) {
                try await database.insert(into: "delivery_attempts")
                    .columns("delivery_id", "number", "at", "outcome", "detail", "latency_ms", "cost", "node")
                    .rows(Array(attemptRows[batch..<min(batch + 500, attemptRows.count)]))
                    .run()
            }
            if !fallbacks.isEmpty { _ = try await Self.insert(fallbacks, into: database, at: now) }
            return updated
        }
    }

    /// Gives several claimed deliveries back at once, each to be tried at its own time.
    public func postpone(_ deliveries: [(id: Int64, until: Date)]) async throws {
        guard !deliveries.isEmpty else { return }
        try await transaction { database in
            for (id, time) in deliveries {
                try await database.update("deliveries").set("next_attempt_at", to: SQLBind(Timestamp.milliseconds(time)))
                    .set("claimed_until", to: SQLLiteral.null).where("id", .equal, id).run()
            }
        }
    }

    /// Parks the queued deliveries to `destination` while its circuit breaker is open: those due
    /// before `until` wait until then. Their attempts and history are untouched, a later retry time
    /// is kept, and deliveries claimed by a worker now are left to it. Returns how many moved.
    @discardableResult
    public func park(destination: String, until: Date) async throws -> Int {
        try await transaction { database in
            let now = self.timestamp()
            return try await database.update("deliveries").set("next_attempt_at", to: SQLBind(Timestamp.milliseconds(until)))
                .where("destination", .equal, destination).where("state", .equal, DeliveryState.pending.rawValue)
                .where("next_attempt_at", .lessThan, Timestamp.milliseconds(until))
                .where { $0.where("claimed_until", .is, SQLLiteral.null).orWhere("claimed_until", .lessThan, SQLBind(now)) }
                .returning("id").all().count
        }
    }

    public func delivery(id: Int64) async throws -> Delivery {
        try await read { database in
            guard let row = try await Self.deliveryRows(database).where("id", .equal, id).first()
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
                        cost: try row.decode(column: "cost", as: Double?.self), node: try row.optionalText("node"))
                }
        }
    }

    /// Whether an attempt at `delivery` that ended at `at` with `outcome` makes it a dead letter.
    public static func isLastAttempt(_ delivery: Delivery, outcome: SendOutcome, policy: RetryPolicy, at: Date) -> Bool {
        DeliveryTransition.isFinal(outcome: outcome, kind: delivery.kind, firstAttemptAt: delivery.firstAttemptAt, policy: policy, now: at)
    }

    /// Every delivery made for a notice's announcements, per recipient and channel.
    public func deliveries(noticeID: String) async throws -> [Delivery] {
        try await read { database in
            try await database.raw(
                """
                SELECT d.*, c.subject, c.body, c.html, c.actions_json FROM deliveries d
                JOIN delivery_contents c ON c.content_id = d.content_id
                JOIN announcements a ON d.announcement_id = a.id
                WHERE a.notice_id = \(bind: noticeID) ORDER BY d.id
                """
            ).all().map { try $0.delivery() }
        }
    }

    /// Deliveries that failed for good or ran out of attempts, newest first.
    public func deadLetters(limit: Int = 100) async throws -> [Delivery] {
        try await read { database in
            try await Self.deliveryRows(database).where("state", .equal, DeliveryState.dead.rawValue)
                .orderBy("id", .descending).limit(limit).all().map { try $0.delivery() }
        }
    }

    /// Puts a dead letter back in the queue for a fresh round of attempts; its history is kept.
    public func retryDeadLetter(id: Int64) async throws -> Delivery {
        try await transaction { database in
            guard let row = try await Self.deliveryRows(database).where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "delivery", id: String(id)) }
            guard try row.delivery().state == .dead else {
                throw StoreError.conflict(FieldError("state", .problemOnlyDeadLetterRetried))
            }
            try await database.update("deliveries").set("state", to: SQLBind(DeliveryState.pending.rawValue))
                .set("attempts", to: SQLBind(Int64(0))).set("next_attempt_at", to: SQLBind(self.timestamp()))
                .set("first_attempt_at", to: SQLLiteral.null)
                .set("claimed_until", to: SQLLiteral.null).where("id", .equal, id).run()
            // The row holds personal data (address, texts); the entry says only what the retry changed.
            try await Self.audit(
                database, action: "retried", kind: "delivery", id: String(id),
                change: AuditChange(["state": .init(before: .string(DeliveryState.dead.rawValue), after: .string(DeliveryState.pending.rawValue))]),
                at: self.timestamp())
            return try await Self.deliveryRows(database).where("id", .equal, id).first()!.delivery()
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
            createdAt: try date("created_at"), sentAt: try optionalDate("sent_at"), unsubscribeURL: try optionalText("unsubscribe_url"),
            providerID: try optionalText("provider_id"), confirmBy: try optionalDate("confirm_by"),
            confirmedAt: try optionalDate("confirmed_at"), firstAttemptAt: try optionalDate("first_attempt_at"),
            actions: try MessageContent.actions(optionalText("actions_json")))
    }
}

/// What one attempt at a claimed delivery came to, ready to be recorded.
public struct AttemptResult: Sendable {
    /// The delivery as it was claimed.
    public var delivery: Delivery
    public var outcome: SendOutcome
    public var latency: Duration
    /// Queued if this attempt makes it a dead letter.
    public var fallback: NewDelivery?
    /// Set when the channel reports delivery: how long to wait for its receipt.
    public var confirmWithin: TimeInterval?
    /// When the attempt ended, on the store's clock; nil is when it is recorded.
    public var at: Date?

    public init(
        delivery: Delivery, outcome: SendOutcome, latency: Duration, fallback: NewDelivery? = nil, confirmWithin: TimeInterval? = nil,
        at: Date? = nil
    ) {
        self.at = at
        self.confirmWithin = confirmWithin
        self.delivery = delivery
        self.outcome = outcome
        self.latency = latency
        self.fallback = fallback
    }
}

/// The text of a delivery, stored once however many deliveries carry it.
struct MessageContent: Hashable, Sendable {
    var subject: String?
    var body: String
    var html: String?
    /// The buttons, as JSON (`[{"label":…,"url":…}]`); nil without buttons.
    var actionsJSON: String?

    init(_ delivery: NewDelivery) {
        subject = delivery.subject
        body = delivery.body
        html = delivery.html
        actionsJSON = delivery.actions.isEmpty ? nil : Self.json(delivery.actions)
    }

    static func json(_ actions: [MessageAction]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(actions)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The buttons stored with a text; none for texts stored before buttons were (the column is null).
    static func actions(_ json: String?) throws -> [MessageAction] {
        guard let json else { return [] }
        return try JSONDecoder().decode([MessageAction].self, from: Data(json.utf8))
    }

    /// Identifies the text across enqueues: SHA-256 over the parts, each marked present or absent.
    /// The buttons count only when there are some, so a text without them keeps the digest it had
    /// before buttons were stored.
    var digest: String {
        var hash = SHA256()
        for part in [subject, body, html] + (actionsJSON.map { [$0] } ?? []) {
            if let part {
                hash.update(data: Data("+\(part.utf8.count):".utf8))
                hash.update(data: Data(part.utf8))
            } else {
                hash.update(data: Data("-".utf8))
            }
        }
        return hash.finalize().hexadecimal
    }
}
