import Foundation
import HeraldCore
import SQLKit

/// A change someone made to a record, as the audit log keeps it.
public struct AuditEvent: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    /// `updated`, `deleted` or `erased`.
    public var action: String
    public var recordKind: String
    public var recordID: String
    public var detail: String?
}

extension Store {
    static func audit(
        _ database: any SQLDatabase, actor: String, action: String, kind: String, id: String, detail: String? = nil, at now: Int64
    ) async throws {
        try await database.insert(into: "audit_events").columns("at", "actor", "action", "record_kind", "record_id", "detail")
            .values(SQLBind(now), SQLBind(actor), SQLBind(action), SQLBind(kind), SQLBind(id), SQLBind(detail)).run()
    }

    /// The audit log, newest first.
    public func auditEvents(page request: PageRequest) async throws -> Page<AuditEvent> {
        try await read { database in
            try await Self.page(database.select().column("*").from("audit_events"), order: .by(("id", .integer, descending: true)), request) { row in
                AuditEvent(
                    id: try row.decode(column: "id", as: Int64.self), at: Timestamp.date(try row.decode(column: "at", as: Int64.self)),
                    actor: try row.decode(column: "actor", as: String.self), action: try row.decode(column: "action", as: String.self),
                    recordKind: try row.decode(column: "record_kind", as: String.self), recordID: try row.decode(column: "record_id", as: String.self),
                    detail: try row.decode(column: "detail", as: String?.self))
            }
        }
    }
}
