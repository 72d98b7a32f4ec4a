import Foundation
import HeraldCore
import SQLKit

/// A stream of public changes the subscriber notifier reads in order, by row id.
public enum PublicStream: String, Sendable, CaseIterable {
    /// Public incident updates (`incident_events`).
    case incidentUpdates = "incident_updates"
    /// Notice steps announced to the public (`announcements` for the notice's audience).
    case maintenanceUpdates = "maintenance_updates"
    /// Component status changes.
    case componentChanges = "component_changes"

    /// The column holding when the row was written.
    var time: String {
        switch self {
        case .incidentUpdates: "at"
        case .maintenanceUpdates: "created_at"
        case .componentChanges: "changed_at"
        }
    }

    var table: String {
        switch self {
        case .incidentUpdates: "incident_events"
        case .maintenanceUpdates: "announcements"
        case .componentChanges: "component_status_changes"
        }
    }
}

/// One batch read from a public stream: what to tell subscribers about, and the position after it.
public struct PublicChanges: Sendable {
    public var incidentUpdates: [IncidentEvent] = []
    public var maintenanceUpdates: [Announcement] = []
    public var componentChanges: [ComponentStatusChange] = []
    public var position: Int64
}

extension Store {
    /// How far `stream` has been read; the first time, its current end, so a new installation does
    /// not send its whole history to subscribers.
    public func outboxPosition(_ stream: PublicStream) async throws -> Int64 {
        try await transaction { database in
            if let row = try await database.select().column("position").from("outbox_positions").where("name", .equal, stream.rawValue).first() {
                return try row.integer("position")
            }
            let end = try await database.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "n").from(stream.table).first()?
                .decode(column: "n", as: Int64?.self) ?? 0
            try await database.insert(into: "outbox_positions").columns("name", "position").values(SQLBind(stream.rawValue), SQLBind(end))
                .ignoringConflicts(with: ["name"]).run()
            return end
        }
    }

    public func setOutboxPosition(_ stream: PublicStream, to position: Int64) async throws {
        try await transaction { database in
            try await database.update("outbox_positions").set("position", to: SQLBind(position)).where("name", .equal, stream.rawValue)
                .where("position", .lessThan, SQLBind(position)).run()
        }
    }

    /// Up to `limit` changes of `stream` after `position`, oldest first, written at least `settle`
    /// seconds ago: ids are handed out before commit, so a younger row with a lower id may still be
    /// on its way, and reading past it would skip it for good.
    public func publicChanges(_ stream: PublicStream, after position: Int64, limit: Int = 100, settle: TimeInterval = 5) async throws
        -> PublicChanges
    {
        let settled = Timestamp.milliseconds(now().addingTimeInterval(-settle))
        return try await read { database in
            var changes = PublicChanges(position: position)
            let rows = try await {
                var query = database.select().column("*").from(stream.table).where("id", .greaterThan, SQLBind(position))
                    .where(SQLIdentifier(stream.time), .lessThanOrEqual, SQLBind(settled))
                switch stream {
                case .incidentUpdates:
                    // What responders wrote for the public: updates, and a postmortem published there.
                    query = query.where("public", .equal, SQLBind(Int64(1)))
                        .where("kind", .in, SQLBind.group([IncidentEventKind.update.rawValue, IncidentEventKind.postmortem.rawValue]))
                case .maintenanceUpdates: query = query.where("audience", .equal, AnnouncementAudience.notice.key)
                case .componentChanges: break
                }
                return try await query.orderBy("id").limit(limit).all()
            }()
            for row in rows {
                switch stream {
                case .incidentUpdates:
                    changes.incidentUpdates.append(try row.incidentEvent(isPublic: true))
                case .maintenanceUpdates: changes.maintenanceUpdates.append(try row.announcement())
                case .componentChanges: changes.componentChanges.append(try row.statusChange())
                }
            }
            changes.position = try rows.last?.integer("id") ?? position
            return changes
        }
    }
}
