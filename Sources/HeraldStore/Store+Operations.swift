import Foundation
import HeraldCore
import SQLKit

/// The work waiting in the queue, as `/metrics` and `/healthz` report it: read from the database at
/// the time it is asked for, so every node reports the same numbers.
public struct QueueFacts: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var channel: ChannelKind
        /// `pending` (waiting or in flight) or `dead` (dead letters).
        public var state: DeliveryState
        public var count: Int
        /// When the oldest of them that is due and not being sent became due (pending only).
        public var oldestDue: Date?
    }

    public var lines: [Line]

    /// When the oldest due delivery that nobody is sending became due: the queue's lag is the time since.
    public var oldestDue: Date? { lines.compactMap(\.oldestDue).min() }
}

/// Incidents not yet resolved, by severity and whether someone acknowledged them.
public struct OpenIncidentFacts: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var severity: Severity
        public var acknowledged: Bool
        public var count: Int
        /// When the oldest of them opened.
        public var oldestOpened: Date
    }

    public var lines: [Line]
}

extension Store {
    /// Pending deliveries and dead letters by channel, with the oldest due one's time: one grouped
    /// query over the queue's index on state (sent and withdrawn rows are history and not read).
    public func queueFacts() async throws -> QueueFacts {
        let now = timestamp()
        return try await read { database in try await Self.queueFacts(database, now: now) }
    }

    static func queueFacts(_ database: any SQLDatabase, now: Int64) async throws -> QueueFacts {
        let rows = try await database.raw(
            """
            SELECT channel, state, COUNT(*) AS n,
                   MIN(CASE WHEN state = \(bind: DeliveryState.pending.rawValue) AND next_attempt_at <= \(bind: now)
                             AND (claimed_until IS NULL OR claimed_until < \(bind: now))
                            THEN next_attempt_at END) AS oldest_due
            FROM deliveries
            WHERE state IN (\(bind: DeliveryState.pending.rawValue), \(bind: DeliveryState.dead.rawValue))
            GROUP BY channel, state
            ORDER BY channel, state
            """
        ).all()
        return QueueFacts(
            lines: try rows.map { row in
                QueueFacts.Line(
                    channel: try row.enumeration("channel", as: ChannelKind.self), state: try row.enumeration("state", as: DeliveryState.self),
                    count: Int(try row.integer("n")), oldestDue: try row.optionalInteger("oldest_due").map(Timestamp.date))
            })
    }

    /// Open incidents by severity and acknowledgement, with the oldest one's opening: one grouped query.
    public func openIncidentFacts() async throws -> OpenIncidentFacts {
        try await read { database in try await Self.openIncidentFacts(database) }
    }

    static func openIncidentFacts(_ database: any SQLDatabase) async throws -> OpenIncidentFacts {
        let rows = try await database.raw(
            """
            SELECT severity, CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END AS acknowledged,
                   COUNT(*) AS n, MIN(created_at) AS oldest
            FROM incidents
            WHERE status <> \(bind: IncidentStatus.resolved.rawValue)
            GROUP BY severity, CASE WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END
            ORDER BY severity, acknowledged
            """
        ).all()
        return OpenIncidentFacts(
            lines: try rows.map { row in
                OpenIncidentFacts.Line(
                    severity: try row.enumeration("severity", as: Severity.self), acknowledged: try row.integer("acknowledged") == 1,
                    count: Int(try row.integer("n")), oldestOpened: Timestamp.date(try row.integer("oldest")))
            })
    }
}
