import Crypto
import Foundation
import HeraldCore
import SQLKit

/// A change someone made, as the audit log keeps it: the chained entry and the row it is stored in.
public struct AuditEvent: Sendable, Equatable {
    /// The row's id; `entry.sequence` is its place in the chain.
    public var id: Int64
    public var entry: AuditEntry

    public var at: Date { entry.at }
    public var actor: String { entry.actor }
    public var action: String { entry.action }
    public var recordKind: String { entry.targetKind }
    public var recordID: String { entry.targetID }
    public var detail: String? { entry.detail }
}

/// What the audit log's list is narrowed to: each given field must match; `from` inclusive, `until` exclusive.
public struct AuditFilter: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var targetKind: String?
    public var targetID: String?
    public var from: Date?
    public var until: Date?

    public init(actor: String? = nil, action: String? = nil, targetKind: String? = nil, targetID: String? = nil, from: Date? = nil, until: Date? = nil) {
        self.actor = actor
        self.action = action
        self.targetKind = targetKind
        self.targetID = targetID
        self.from = from
        self.until = until
    }
}

/// The SHA-256 the audit chain is sealed with.
public enum AuditDigest {
    public static func sha256(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).hexadecimal }
}

extension Store {
    /// The key of the PostgreSQL advisory lock every audit append takes, so entries written by
    /// several nodes still form one line: each reads the last entry and chains to it under the lock,
    /// which is held to the end of the transaction that made the change.
    static let auditLockKey: Int64 = 0x4845_5241_4C44_0003

    /// Appends one entry for a change made in the transaction `database` is in, by
    /// `AuditActor.current` (whose name `actor` replaces where a caller names someone else; the role
    /// is then not theirs to claim and is left out).
    static func audit(
        _ database: any SQLDatabase, actor: String? = nil, action: String, kind: String, id: String, change: AuditChange = .none,
        detail: String? = nil, at now: Int64
    ) async throws {
        guard auditing else { return }
        let current = AuditActor.current
        let name = actor ?? current.name
        if database.dialect.name == "postgresql" {
            try await database.raw("SELECT pg_advisory_xact_lock(\(bind: auditLockKey))").run()
        }
        let last = try await database.select().column("sequence").column("hash").from("audit_events")
            .where("sequence", .isNot, SQLLiteral.null).orderBy("sequence", .descending).orderBy("id", .descending).limit(1).first()
        let next = AuditChain.next(after: try last.map { (sequence: try $0.integer("sequence"), hash: try $0.text("hash")) })
        let entry = AuditChain.sealed(
            AuditEntry(
                sequence: next.sequence, at: Timestamp.date(now), actor: name, role: name == current.name ? current.role : nil,
                client: current.client, action: action, targetKind: kind, targetID: id, change: change, detail: detail,
                previousHash: next.previous, hash: ""),
            digest: AuditDigest.sha256)
        try await insertAudit(database, entry)
    }

    /// Appends one entry per target, chained in order, under one lock and one read of the last entry:
    /// what a bulk change (an import) records.
    static func audit(
        _ database: any SQLDatabase, batch: [(action: String, kind: String, id: String)], detail: String? = nil, at now: Int64
    ) async throws {
        guard auditing, !batch.isEmpty else { return }
        let current = AuditActor.current
        if database.dialect.name == "postgresql" {
            try await database.raw("SELECT pg_advisory_xact_lock(\(bind: auditLockKey))").run()
        }
        let last = try await database.select().column("sequence").column("hash").from("audit_events")
            .where("sequence", .isNot, SQLLiteral.null).orderBy("sequence", .descending).orderBy("id", .descending).limit(1).first()
        var head = try last.map { (sequence: try $0.integer("sequence"), hash: try $0.text("hash")) }
        for item in batch {
            let next = AuditChain.next(after: head)
            let entry = AuditChain.sealed(
                AuditEntry(
                    sequence: next.sequence, at: Timestamp.date(now), actor: current.name, role: current.role, client: current.client,
                    action: item.action, targetKind: item.kind, targetID: item.id, change: .none, detail: detail, previousHash: next.previous,
                    hash: ""),
                digest: AuditDigest.sha256)
            try await insertAudit(database, entry)
            head = (sequence: entry.sequence, hash: entry.hash)
        }
    }

    static func insertAudit(_ database: any SQLDatabase, _ entry: AuditEntry) async throws {
        try await database.insert(into: "audit_events")
            .columns("sequence", "at", "actor", "role", "client", "action", "record_kind", "record_id", "change_json", "detail", "previous_hash", "hash")
            .values(
                SQLBind(entry.sequence), SQLBind(AuditTime.milliseconds(entry.at)), SQLBind(entry.actor), SQLBind(entry.role), SQLBind(entry.client),
                SQLBind(entry.action), SQLBind(entry.targetKind), SQLBind(entry.targetID),
                SQLBind(entry.change.fields.isEmpty ? nil : CanonicalJSON.write(entry.change.json)), SQLBind(entry.detail),
                SQLBind(entry.previousHash), SQLBind(entry.hash)
            ).run()
    }

    /// Entries written before the log was a chain get their places in it, oldest first (migration 28).
    static func sealUnchainedAuditEvents(_ database: any SQLDatabase) async throws {
        let rows = try await database.select().column("*").from("audit_events").where("sequence", .is, SQLLiteral.null).orderBy("id").all()
        var last: (sequence: Int64, hash: String)?
        for row in rows {
            let next = AuditChain.next(after: last)
            let entry = AuditChain.sealed(
                AuditEntry(
                    sequence: next.sequence, at: try row.date("at"), actor: try row.text("actor"), role: nil, client: nil,
                    action: try row.text("action"), targetKind: try row.text("record_kind"), targetID: try row.text("record_id"),
                    change: .none, detail: try row.optionalText("detail"), previousHash: next.previous, hash: ""),
                digest: AuditDigest.sha256)
            try await database.update("audit_events").set("sequence", to: SQLBind(entry.sequence))
                .set("previous_hash", to: SQLBind(entry.previousHash)).set("hash", to: SQLBind(entry.hash))
                .where("id", .equal, try row.integer("id")).run()
            last = (sequence: entry.sequence, hash: entry.hash)
        }
    }

    static func auditEvent(_ row: any SQLRow) throws -> AuditEvent {
        let change = try row.optionalText("change_json").map { try JSONValue.parse(Array($0.utf8), field: "change_json") }
        return AuditEvent(
            id: try row.integer("id"),
            entry: AuditEntry(
                sequence: try row.optionalInteger("sequence") ?? 0, at: try row.date("at"), actor: try row.text("actor"),
                role: try row.optionalText("role"), client: try row.optionalText("client"), action: try row.text("action"),
                targetKind: try row.text("record_kind"), targetID: try row.text("record_id"), change: change.map(AuditChange.init(json:)) ?? .none,
                detail: try row.optionalText("detail"), previousHash: try row.optionalText("previous_hash") ?? "",
                hash: try row.optionalText("hash") ?? ""))
    }

    /// The audit log, newest first, narrowed by `filter`.
    public func auditEvents(page request: PageRequest, filter: AuditFilter = AuditFilter()) async throws -> Page<AuditEvent> {
        try await read { database in
            var query = database.select().column("*").from("audit_events")
            if let actor = filter.actor { query = query.where("actor", .equal, actor) }
            if let action = filter.action { query = query.where("action", .equal, action) }
            if let kind = filter.targetKind { query = query.where("record_kind", .equal, kind) }
            if let id = filter.targetID { query = query.where("record_id", .equal, id) }
            if let from = filter.from { query = query.where("at", .greaterThanOrEqual, Timestamp.milliseconds(from)) }
            if let until = filter.until { query = query.where("at", .lessThan, Timestamp.milliseconds(until)) }
            return try await Self.page(query, order: .by(("id", .integer, descending: true)), request, decode: Self.auditEvent)
        }
    }

    /// Every entry from `since` on (all when nil), in chain order: by sequence, then as stored, so a
    /// second row claiming a number is seen beside the first.
    public func auditEntries(since: Date? = nil) async throws -> [AuditEntry] {
        try await read { database in
            var query = database.select().column("*").from("audit_events")
            if let since { query = query.where("at", .greaterThanOrEqual, Timestamp.milliseconds(since)) }
            return try await query.orderBy("sequence").orderBy("id").all().map { try Self.auditEvent($0).entry }
        }
    }

    /// The last entry's sequence number and hash: what a checkpoint signs (0 and `genesis` while empty).
    public func auditHead() async throws -> (sequence: Int64, hash: String) {
        try await read { database in
            let last = try await database.select().column("sequence").column("hash").from("audit_events")
                .where("sequence", .isNot, SQLLiteral.null).orderBy("sequence", .descending).orderBy("id", .descending).limit(1).first()
            return try last.map { (sequence: try $0.integer("sequence"), hash: try $0.text("hash")) } ?? (sequence: 0, hash: AuditChain.genesis)
        }
    }

    /// Keeps a signed checkpoint.
    public func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws {
        try await transaction { database in
            try await database.insert(into: "audit_checkpoints").columns("sequence", "hash", "at", "public_key", "signature")
                .values(
                    SQLBind(checkpoint.sequence), SQLBind(checkpoint.hash), SQLBind(AuditTime.milliseconds(checkpoint.at)),
                    SQLBind(checkpoint.publicKey), SQLBind(checkpoint.signature)
                ).run()
        }
    }

    /// The checkpoints from `since` on (all when nil), oldest first.
    public func auditCheckpoints(since: Date? = nil) async throws -> [AuditCheckpoint] {
        try await read { database in
            var query = database.select().column("*").from("audit_checkpoints")
            if let since { query = query.where("at", .greaterThanOrEqual, Timestamp.milliseconds(since)) }
            return try await query.orderBy("at").orderBy("id").all().map { row in
                AuditCheckpoint(
                    sequence: try row.integer("sequence"), hash: try row.text("hash"), at: try row.date("at"),
                    publicKey: try row.text("public_key"), signature: try row.text("signature"))
            }
        }
    }

    /// Records a bulk read of personal data (an export), which changes nothing else.
    public func recordExport(kind: String, detail: String) async throws {
        try await transaction { database in
            try await Self.audit(database, action: "exported", kind: kind, id: "*", detail: detail, at: self.timestamp())
        }
    }
}
