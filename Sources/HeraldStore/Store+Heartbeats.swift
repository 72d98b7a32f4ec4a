import Crypto
import Foundation
import HeraldCore
import SQLKit

/// A heartbeat monitor to create: what the API, the CLI and the console give.
public struct NewHeartbeat: Sendable, Equatable {
    public var name: String
    public var period: TimeInterval
    public var grace: TimeInterval
    public var teamID: String?
    public var labels: [String: String]
    public var severity: Severity

    public init(name: String, period: TimeInterval, grace: TimeInterval, teamID: String?, labels: [String: String], severity: Severity) {
        self.name = name
        self.period = period
        self.grace = grace
        self.teamID = teamID
        self.labels = labels
        self.severity = severity
    }
}

/// What a beat or a check came to: the monitor as it was before, what Core decided, and what the
/// alert it sent did in the pipeline (nil when it sent none).
public struct HeartbeatResult: Sendable, Equatable {
    public var monitor: HeartbeatMonitor
    public var decision: HeartbeatDecision
    public var ingest: IngestResult?
    /// The alert that was sent, and how it was routed: for the page queued when an incident opened.
    public var alert: IncomingAlert?
    public var routing: RoutingDecision
}

/// How a heartbeat's alert is graded and taken in: the pipeline's settings, handed to the store so
/// that the monitor's change and its alert commit in one transaction.
public struct HeartbeatIntake: Sendable {
    public var integration: String
    /// The route and severity of the alert (the monitor's team, else the routing rules).
    public var routing: @Sendable (IncomingAlert, HeartbeatMonitor) async throws -> RoutingDecision
    public var autoResolve: Bool
    public var inhibitions: [InhibitRule]
    public var flapping: FlapPolicy
    /// The language of incident titles, and the zone of the times on the timeline.
    public var language: Language
    public var zone: TimeZone

    public init(
        integration: String = Store.heartbeatIntegration,
        routing: @escaping @Sendable (IncomingAlert, HeartbeatMonitor) async throws -> RoutingDecision, autoResolve: Bool,
        inhibitions: [InhibitRule], flapping: FlapPolicy, language: Language, zone: TimeZone
    ) {
        self.integration = integration
        self.routing = routing
        self.autoResolve = autoResolve
        self.inhibitions = inhibitions
        self.flapping = flapping
        self.language = language
        self.zone = zone
    }
}

extension Store {
    /// The built-in integration every heartbeat alert belongs to (made by migration 27).
    public static let heartbeatIntegration = "heartbeat"
    /// The built-in integration every drill's and test's alert belongs to (made by migration 40).
    public static let drillIntegration = "drill"
    /// Herald's own integrations, which no key reaches and the lists leave out.
    public static let builtInIntegrations = [heartbeatIntegration, drillIntegration]

    /// Makes a monitor and its key (32 hex characters), shown once; only a SHA-256 of it is stored.
    public func createHeartbeat(_ new: NewHeartbeat) async throws -> (monitor: HeartbeatMonitor, key: String) {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexadecimal
        let created = now()
        var monitor = HeartbeatMonitor(
            id: Identifier.make(), name: new.name, keyHint: String(key.suffix(4)), period: new.period, grace: new.grace, teamID: new.teamID,
            labels: new.labels, severity: new.severity, watchedSince: created, dueAt: nil, createdAt: created)
        monitor.dueAt = monitor.facts.deadline
        let stored = monitor
        try await transaction { database in
            if let team = new.teamID, try await database.select().column("id").from("teams").where("id", .equal, team).first() == nil {
                throw StoreError.invalid([FieldError("team", .problemNotATeam, values: ["team": team])])
            }
            if try await database.select().column("id").from("heartbeat_monitors").where("name", .equal, new.name).first() != nil {
                throw StoreError.conflict(FieldError("name", .problemHeartbeatNameTaken, values: ["name": new.name]))
            }
            try await Self.recordingChange(database, table: "heartbeat_monitors", id: stored.id, kind: "heartbeat", at: self.timestamp()) {
                try await database.insert(into: "heartbeat_monitors")
                    .columns(
                        "id", "name", "key_hash", "key_hint", "period_seconds", "grace_seconds", "team_id", "labels_json", "severity", "paused", "state",
                        "watched_since", "due_at", "created_at")
                    .values(
                        SQLBind(stored.id), SQLBind(stored.name), SQLBind(Self.integrationKeyHash(key)), SQLBind(stored.keyHint),
                        SQLBind(Int64(stored.period)), SQLBind(Int64(stored.grace)), SQLBind(stored.teamID), SQLBind(try JSONColumn.text(stored.labels)),
                        SQLBind(stored.severity.rawValue), SQLBind(Int64(0)), SQLBind(stored.state.rawValue),
                        SQLBind(Timestamp.milliseconds(stored.watchedSince)), SQLBind(stored.dueAt.map(Timestamp.milliseconds)),
                        SQLBind(Timestamp.milliseconds(created)))
                    .run()
            }
        }
        return (stored, key)
    }

    public func heartbeats(page request: PageRequest) async throws -> Page<HeartbeatMonitor> {
        try await read { database in
            try await Self.page(
                database.select().column("*").from("heartbeat_monitors"),
                order: .by(("name", .text, descending: false), ("id", .text, descending: false)), request) { try $0.heartbeat() }
        }
    }

    public func heartbeat(id: String) async throws -> HeartbeatMonitor {
        try await read { database in
            guard let row = try await database.select().column("*").from("heartbeat_monitors").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "heartbeat monitor", id: id) }
            return try row.heartbeat()
        }
    }

    /// The monitor whose key is `key`; nil for an unknown key.
    public func heartbeat(key: String) async throws -> HeartbeatMonitor? {
        try await read { database in
            try await database.select().column("*").from("heartbeat_monitors").where("key_hash", .equal, Self.integrationKeyHash(key))
                .first()?.heartbeat()
        }
    }

    /// Pauses a monitor (nothing opens until it is resumed), or resumes it: the period then counts
    /// from `now`, so a monitor paused for a week is not late the moment it resumes.
    public func setHeartbeatPaused(id: String, paused: Bool, at now: Date) async throws -> HeartbeatMonitor {
        try await transaction { database in
            var query = database.select().column("*").from("heartbeat_monitors").where("id", .equal, id)
            if self.dialect == .postgres { query = query.for(.update) }
            guard var monitor = try await query.first()?.heartbeat() else { throw StoreError.notFound(kind: "heartbeat monitor", id: id) }
            guard monitor.paused != paused else { return monitor }
            monitor.paused = paused
            if !paused { monitor.watchedSince = now }
            monitor.dueAt = paused || monitor.state.isDown ? nil : monitor.facts.deadline
            let changed = monitor
            try await Self.recordingChange(
                database, table: "heartbeat_monitors", id: id, kind: "heartbeat", action: paused ? "paused" : "resumed", at: self.timestamp()
            ) {
                try await database.update("heartbeat_monitors").set("paused", to: SQLBind(Int64(paused ? 1 : 0)))
                    .set("watched_since", to: SQLBind(Timestamp.milliseconds(changed.watchedSince)))
                    .set("due_at", to: SQLBind(changed.dueAt.map(Timestamp.milliseconds))).where("id", .equal, id).run()
            }
            return monitor
        }
    }

    /// Deletes a monitor; its URL stops working at once. Its incidents stay, with their history.
    public func deleteHeartbeat(id: String) async throws {
        try await transaction { database in
            try await Self.recordingChange(database, table: "heartbeat_monitors", id: id, kind: "heartbeat", at: self.timestamp()) {
                let deleted = try await database.delete(from: "heartbeat_monitors").where("id", .equal, id).returning("id").all()
                if deleted.isEmpty { throw StoreError.notFound(kind: "heartbeat monitor", id: id) }
            }
        }
    }

    /// The monitors the checker should look at by `time`: not paused, deadline passed.
    public func heartbeatsDue(by time: Date, limit: Int = 100) async throws -> [String] {
        try await read { database in
            try await database.select().column("id").from("heartbeat_monitors").where("paused", .equal, SQLBind(Int64(0)))
                .where("due_at", .lessThanOrEqual, SQLBind(Timestamp.milliseconds(time))).orderBy("due_at").limit(limit).all()
                .map { try $0.text("id") }
        }
    }

    /// A beat (or a reported failure) for the monitor whose key is `key`; nil for an unknown key.
    public func beat(key: String, _ signal: HeartbeatSignal, at now: Date, intake: HeartbeatIntake) async throws -> HeartbeatResult? {
        try await take(signal, where: ("key_hash", Self.integrationKeyHash(key)), skipLocked: false, at: now, intake: intake)
    }

    /// A beat for the monitor `id`: for monitors Herald beats itself (scheduled backups), which have
    /// no use for their key.
    public func beat(monitorID id: String, _ signal: HeartbeatSignal, at now: Date, intake: HeartbeatIntake) async throws -> HeartbeatResult? {
        try await take(signal, where: ("id", id), skipLocked: false, at: now, intake: intake)
    }

    /// The monitor named `new.name` with `new`'s period, grace, team, labels and severity: made when
    /// missing, brought up to date when the config changed them. Its state and last beat are kept.
    public func ensureHeartbeat(_ new: NewHeartbeat) async throws -> HeartbeatMonitor {
        let existing = try await read { database in
            try await database.select().column("*").from("heartbeat_monitors").where("name", .equal, new.name).first()?.heartbeat()
        }
        guard let existing else {
            do { return try await createHeartbeat(new).monitor } catch StoreError.conflict {
                // Another node made it meanwhile.
                return try await ensureHeartbeat(new)
            }
        }
        let current = NewHeartbeat(
            name: existing.name, period: existing.period, grace: existing.grace, teamID: existing.teamID, labels: existing.labels,
            severity: existing.severity)
        guard current != new else { return existing }
        try await transaction { database in
            if let team = new.teamID, try await database.select().column("id").from("teams").where("id", .equal, team).first() == nil {
                throw StoreError.invalid([FieldError("team", "'\(team)' is not a team")])
            }
            try await database.update("heartbeat_monitors")
                .set("period_seconds", to: SQLBind(Int64(new.period))).set("grace_seconds", to: SQLBind(Int64(new.grace)))
                .set("team_id", to: SQLBind(new.teamID)).set("labels_json", to: SQLBind(try JSONColumn.text(new.labels)))
                .set("severity", to: SQLBind(new.severity.rawValue)).where("id", .equal, existing.id).run()
            try await Self.audit(database, action: "heartbeat.update", kind: "heartbeat", id: existing.id, at: self.timestamp())
        }
        return try await heartbeat(id: existing.id)
    }

    /// The checker's look at one monitor. On PostgreSQL a monitor another node is checking is
    /// skipped (`SKIP LOCKED`), and the decision reads the row as it is once locked, so a monitor is
    /// found late once, whichever node gets there.
    public func checkHeartbeat(id: String, at now: Date, intake: HeartbeatIntake) async throws -> HeartbeatResult? {
        try await take(.check, where: ("id", id), skipLocked: true, at: now, intake: intake)
    }

    /// Loads the monitor locked, asks `HeartbeatCheck`, sends the alert it decided through intake,
    /// writes the timeline line and the monitor's new state, all in one transaction.
    private func take(
        _ signal: HeartbeatSignal, where match: (column: String, value: String), skipLocked: Bool, at now: Date, intake: HeartbeatIntake
    ) async throws -> HeartbeatResult? {
        // Routing reads the cached rules outside the transaction; only the monitor's own fields matter to it.
        guard let peek = try await read({ database in
            try await database.select().column("*").from("heartbeat_monitors").where(match.column, .equal, match.value).first()?.heartbeat()
        }) else { return nil }
        let opening = HeartbeatDecision(outcome: .late, state: .late, lastBeatAt: nil, dueAt: nil, alert: .trigger)
        guard let probe = HeartbeatWords.alert(for: peek, opening, at: now, language: intake.language) else { return nil }
        let routing = try await intake.routing(probe, peek)
        return try await transaction { database in
            var query = database.select().column("*").from("heartbeat_monitors").where(match.column, .equal, match.value)
            if self.dialect == .postgres { query = query.lockingClause(SQLRaw(skipLocked ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE")) }
            guard let monitor = try await query.first()?.heartbeat() else { return nil }
            let decision = HeartbeatCheck.decide(signal, facts: monitor.facts, at: now)
            var ingested: IngestResult?
            let alert = HeartbeatWords.alert(for: monitor, decision, at: now, language: intake.language)
            if let alert {
                guard let row = try await database.select().column("*").from("integrations").where("id", .equal, intake.integration).first()
                else { throw StoreError.notFound(kind: "integration", id: intake.integration) }
                ingested = try await self.ingest(
                    database, alert, integration: try row.integration(), severity: routing.severity, route: routing.route,
                    autoResolve: intake.autoResolve, inhibitions: intake.inhibitions, flapping: intake.flapping)
            }
            let texts = HeartbeatWords.timeline(monitor, decision, at: now, zone: intake.zone)
            if let incident = ingested?.incidentID, let english = texts[.en] {
                try await Self.addEvent(
                    database, incident: incident, kind: .heartbeat, actor: "heartbeat:\(monitor.name)", detail: english,
                    at: Timestamp.milliseconds(now), translations: texts)
            }
            if signal != .check || decision.state != monitor.state || decision.dueAt != monitor.dueAt {
                try await database.update("heartbeat_monitors").set("state", to: SQLBind(decision.state.rawValue))
                    .set("last_beat_at", to: SQLBind(decision.lastBeatAt.map(Timestamp.milliseconds)))
                    .set("due_at", to: SQLBind(decision.dueAt.map(Timestamp.milliseconds))).where("id", .equal, monitor.id).run()
            }
            return HeartbeatResult(monitor: monitor, decision: decision, ingest: ingested, alert: alert, routing: routing)
        }
    }
}

extension SQLRow {
    func heartbeat() throws -> HeartbeatMonitor {
        HeartbeatMonitor(
            id: try text("id"), name: try text("name"), keyHint: try text("key_hint"), period: TimeInterval(try integer("period_seconds")),
            grace: TimeInterval(try integer("grace_seconds")), teamID: try optionalText("team_id"),
            labels: try json("labels_json", as: [String: String].self), severity: try enumeration("severity", as: Severity.self),
            paused: try integer("paused") != 0, state: try enumeration("state", as: HeartbeatState.self), lastBeatAt: try optionalDate("last_beat_at"),
            watchedSince: try date("watched_since"), dueAt: try optionalDate("due_at"), createdAt: try date("created_at"))
    }
}
