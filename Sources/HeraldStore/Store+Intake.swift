import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Applies one monitoring event in one transaction: loads the facts `AlertIntake` decides on,
    /// and writes the changes it decided. On PostgreSQL one integration's events are applied one at
    /// a time, so two nodes cannot both open an incident for the same group, or two alerts for one key.
    public func ingest(
        _ alert: IncomingAlert, integration: Integration, severity: Severity, route: AlertRoute? = nil, autoResolve: Bool = true,
        inhibitions: [InhibitRule] = [], flapping: FlapPolicy = .off, storm: StormPolicy? = nil, kind: IncidentKind = .real
    ) async throws -> IngestResult {
        try await transaction { database in
            try await self.ingest(
                database, alert, integration: integration, severity: severity, route: route, autoResolve: autoResolve, inhibitions: inhibitions,
                flapping: flapping, storm: storm, kind: kind)
        }
    }

    /// `ingest` within a transaction the caller holds, so that a heartbeat's change of state and the
    /// alert it sends commit together.
    func ingest(
        _ database: any SQLDatabase, _ alert: IncomingAlert, integration: Integration, severity: Severity, route: AlertRoute?, autoResolve: Bool,
        inhibitions: [InhibitRule], flapping: FlapPolicy, storm: StormPolicy? = nil, kind: IncidentKind = .real
    ) async throws -> IngestResult {
        if dialect == .postgres {
            try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "integration:" + integration.id)))").run()
        }
        let now = timestamp()
        let context = AlertIntake.Context(
            integration: integration, severity: severity, route: route, autoResolve: autoResolve, flapping: flapping, storm: storm,
            newIncidentID: Identifier.make(), now: Timestamp.date(now), kind: kind)
        let facts = try await intakeFacts(database, alert, context: context, inhibitions: inhibitions)
        var decision = AlertIntake.decide(alert, facts: facts, context: context)
        decision.incidentResolved = try await apply(database, decision.changes, alert: alert, context: context)
        return IngestResult(dedupKey: alert.dedupKey, decision: decision)
    }

    /// Reads what intake needs for `alert`, and nothing it cannot use: a repeat needs only its open alert.
    func intakeFacts(_ database: any SQLDatabase, _ alert: IncomingAlert, context: AlertIntake.Context, inhibitions: [InhibitRule])
        async throws -> IntakeFacts
    {
        var facts = IntakeFacts()
        let now = Timestamp.milliseconds(context.now)
        // One index lookup, no join: this runs for every event. Resolving an incident settles its
        // alerts in the same transaction, so an open alert always belongs to an open incident.
        if let row = try await database.select().column("id").column("incident_id").column("summary").from("alerts")
            .where("integration_id", .equal, context.integration.id).where("dedup_key", .equal, alert.dedupKey)
            .where("status", .notEqual, "resolved").first()
        {
            facts.openAlert = .init(id: try row.integer("id"), incidentID: try row.text("incident_id"), summary: try row.text("summary"))
        }
        switch alert.action {
        case .trigger:
            if facts.openAlert != nil { return facts }
            facts.joinable = try await database.select().column("*").from("incidents")
                .where("group_key", .equal, context.groupKey(for: alert)).where("status", .notEqual, IncidentStatus.resolved.rawValue)
                .orderBy("created_at", .descending).limit(1).first()
                .map { row in
                    IntakeFacts.JoinableIncident(
                        id: try row.text("id"), severity: try row.enumeration("severity", as: Severity.self), quietUntil: try row.optionalDate("quiet_until"),
                        updateDueAt: try row.optionalDate("update_due_at"), escalationStep: try row.optionalInteger("escalation_step").map(Int.init),
                        notifiedAt: try row.optionalDate("notified_at"))
                }
            if !alert.componentNames.isEmpty {
                // Locked until the event commits: the status intake decides to worsen is the one it read.
                var query = database.select().column("id").column("status").from("components")
                    .where("id", .in, SQLBind.group(Array(Set(alert.componentNames)))).orderBy("id")
                if dialect == .postgres { query = query.for(.update) }
                for row in try await query.all() {
                    facts.components[try row.text("id")] = try row.enumeration("status", as: ComponentStatus.self)
                }
            }
            if facts.joinable == nil, let policy = context.storm {
                facts.storm = try await stormFacts(database, team: context.stormTeam, route: context.route, since: now - Int64(policy.window * 1000))
            }
            facts.silence = try await Self.silence(database, matching: alert.labels, at: now)
            facts.inhibitor = try await Self.inhibitor(database, of: alert.labels, rules: inhibitions).map { .init(id: $0.id, summary: $0.summary) }
            facts.maintenance = try await Self.maintenanceHolding(database, components: Array(facts.components.keys))
        case .resolve:
            guard let open = facts.openAlert else { return facts }
            facts.otherOpenAlerts = try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
                .where("incident_id", .equal, open.incidentID).where("status", .notEqual, "resolved").where("id", .notEqual, open.id)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            facts.recentFirings = try await Self.firings(
                database, integration: context.integration.id, key: alert.dedupKey,
                since: now - Int64(context.flapping.window * 1000))
        case .acknowledge:
            break
        }
        return facts
    }

    /// Writes what intake decided; returns whether an incident resolved (it may have been already).
    func apply(_ database: any SQLDatabase, _ changes: [IntakeChange], alert: IncomingAlert, context: AlertIntake.Context) async throws -> Bool {
        let now = Timestamp.milliseconds(context.now)
        let source = context.integration.name
        var resolved = false
        for change in changes {
            switch change {
            case .countRepeat(let id, let summary):
                try await database.update("alerts").set(SQLIdentifier("events"), to: SQLRaw("events + 1"))
                    .set("last_at", to: SQLBind(now)).set("summary", to: SQLBind(summary)).where("id", .equal, id).run()
            case .resolveAlert(let id):
                try await database.update("alerts").set("status", to: SQLBind("resolved")).set("resolved_at", to: SQLBind(now))
                    .set("last_at", to: SQLBind(now)).where("id", .equal, id).run()
            case .openIncident(let incident):
                var columns = [
                    "id", "title", "status", "severity", "components_json", "integration_id", "group_key", "created_at", "team_id", "runbook_url",
                ]
                var values: [any SQLExpression] = [
                    SQLBind(incident.id), SQLBind(incident.title), SQLBind(IncidentStatus.investigating.rawValue),
                    SQLBind(incident.severity.rawValue), SQLBind("[]"), SQLBind(incident.integrationID), SQLBind(incident.groupKey),
                    SQLBind(now), SQLBind(incident.teamID), SQLBind(incident.runbookURL),
                ]
                // Named only for a drill or a test, so real alerts still open incidents on a schema
                // from before kinds (the migration tests run there); the column's default is real.
                if incident.kind != .real {
                    columns.append("kind")
                    values.append(SQLBind(incident.kind.rawValue))
                }
                try await database.insert(into: "incidents").columns(columns).values(values).run()
            case .raiseSeverity(let id, let severity):
                try await database.update("incidents").set("severity", to: SQLBind(severity.rawValue)).where("id", .equal, id).run()
            case .affectComponents(let id, let components, let worsen):
                try await self.markAffected(database, incident: id, components: components)
                for (component, status) in worsen.sorted(by: { $0.key < $1.key }) {
                    _ = try await Self.setStatus(
                        database, dialect: dialect, componentID: component, to: status, source: .alert, actor: "incident:\(id)", reason: source,
                        at: now)
                }
            case .recordAlert(let incident, let severity):
                try await database.insert(into: "alerts")
                    .columns(
                        "integration_id", "dedup_key", "status", "severity", "summary", "source", "source_severity", "labels_json",
                        "annotations_json", "links_json", "incident_id", "events", "first_at", "last_at")
                    .values(
                        SQLBind(context.integration.id), SQLBind(alert.dedupKey), SQLBind("triggered"), SQLBind(severity.rawValue),
                        SQLBind(alert.summary), SQLBind(alert.source), SQLBind(alert.sourceSeverity), SQLBind(try JSONColumn.text(alert.labels)),
                        SQLBind(try JSONColumn.text(alert.annotations)), SQLBind(try JSONColumn.text(alert.links)), SQLBind(incident),
                        SQLBind(Int64(1)), SQLBind(now), SQLBind(now))
                    .run()
            case .holdForGroupWait(let id, let until):
                // Step -1: nobody paged yet; the escalation service pages when the wait is over.
                try await database.update("incidents").set("escalation_step", to: SQLBind(Int64(-1)))
                    .set("next_escalation_at", to: SQLBind(Timestamp.milliseconds(until))).where("id", .equal, id).run()
            case .clearFlappingHold(let id):
                try await database.update("incidents").set("quiet_until", to: SQLLiteral.null).where("id", .equal, id).run()
            case .beginStorm(let id, let team, _):
                try await database.insert(into: "alert_storms").columns("team_key", "incident_id", "started_at", "last_digest_at")
                    .values(SQLBind(team), SQLBind(id), SQLBind(now), SQLBind(now)).run()
            case .announceJoinedAlerts(let id, let due):
                try await database.update("incidents").set("update_due_at", to: SQLBind(Timestamp.milliseconds(due))).where("id", .equal, id).run()
            case .acknowledgeAlert(let id):
                try await database.update("alerts").set("status", to: SQLBind("acknowledged")).set("last_at", to: SQLBind(now))
                    .where("id", .equal, id).run()
            case .acknowledgeIncident(let id, let by):
                let changed = try await database.update("incidents").set("acknowledged_at", to: SQLBind(now)).set("acknowledged_by", to: SQLBind(by))
                    .where("id", .equal, id).where("acknowledged_at", .is, SQLLiteral.null).returning("id").all()
                if !changed.isEmpty {
                    try await Self.addEvent(database, incident: id, kind: .acknowledged, actor: by, detail: "by the monitoring source", at: now)
                }
            case .holdFlapping(let id, let until):
                try await database.update("incidents").set("quiet_until", to: SQLBind(Timestamp.milliseconds(until))).where("id", .equal, id).run()
            case .resolveIncident(let id, let by):
                let changed = try await database.update("incidents").set("status", to: SQLBind(IncidentStatus.resolved.rawValue))
                    .set("resolved_at", to: SQLBind(now)).where("id", .equal, id)
                    .where("status", .notEqual, IncidentStatus.resolved.rawValue).returning("id").all()
                if !changed.isEmpty {
                    resolved = true
                    try await Self.addEvent(database, incident: id, kind: .resolved, actor: by, detail: "every alert resolved", at: now)
                    try await self.release(database, incident: id, actor: by, at: now)
                }
            case .timeline(let id, let kind, let actor, let detail):
                try await Self.addEvent(database, incident: id, kind: kind, actor: actor, detail: detail, at: now)
            }
        }
        return resolved
    }

    /// The team's new incidents since `since` and its storm in progress. On PostgreSQL a team's new
    /// alerts are taken one at a time from here on, so two nodes cannot both begin its storm.
    func stormFacts(_ database: any SQLDatabase, team: String, route: AlertRoute?, since: Int64) async throws -> IntakeFacts.StormFacts {
        if dialect == .postgres {
            try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "storm:" + team)))").run()
        }
        var count = database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("incidents")
            .where("created_at", .greaterThanOrEqual, since)
        count = route.map { count.where("team_id", .equal, $0.team) } ?? count.where("team_id", .is, SQLLiteral.null)
        // Drills and tests are no part of a storm. Counted apart and taken off, so the count of every
        // incident stays one read of the (team, created) index, and theirs one of their small index.
        var rehearsals = database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("incidents")
            .where("kind", .notEqual, IncidentKind.real.rawValue).where("created_at", .greaterThanOrEqual, since)
        rehearsals = route.map { rehearsals.where("team_id", .equal, $0.team) } ?? rehearsals.where("team_id", .is, SQLLiteral.null)
        let opened = (try await count.first()?.decode(column: "n", as: Int.self) ?? 0)
            - (try await rehearsals.first()?.decode(column: "n", as: Int.self) ?? 0)
        let active = try await database.select().column(SQLColumn("id", table: "incidents")).column(SQLColumn("severity", table: "incidents"))
            .from("alert_storms").join("incidents", on: SQLColumn("incident_id", table: "alert_storms"), .equal, SQLColumn("id", table: "incidents"))
            .where(SQLColumn("team_key", table: "alert_storms"), .equal, SQLBind(team)).where(SQLColumn("ended_at", table: "alert_storms"), .is, SQLLiteral.null)
            .first()
            .map { IntakeFacts.JoinableIncident(id: try $0.text("id"), severity: try $0.enumeration("severity", as: Severity.self)) }
        return IntakeFacts.StormFacts(openedInWindow: opened, active: active)
    }
}
