import Crypto
import Foundation
import HeraldCore
import SQLKit

extension Store {
    // MARK: Integrations

    /// Makes an integration and its key (32 hex characters, like a PagerDuty routing key), shown once;
    /// only a SHA-256 of the key is stored.
    public func createIntegration(
        name: String, kind: Integration.Kind, grouping: Grouping, notifyGroup: String?, signingSecret: String? = nil,
        escalation: EscalationPolicy? = nil
    ) async throws -> (integration: Integration, key: String) {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexadecimal
        let integration = Integration(
            id: Identifier.make(), name: name, kind: kind, grouping: grouping, notifyGroup: notifyGroup,
            keyHint: String(key.suffix(4)), signingSecret: signingSecret, escalation: escalation, createdAt: now())
        try await transaction { database in
            try await Self.recordingChange(database, table: "integrations", id: integration.id, kind: "integration", at: self.timestamp()) {
                try await database.insert(into: "integrations")
                    .columns(
                        "id", "name", "kind", "key_hash", "key_hint", "group_by_json", "notify_group", "created_at", "signing_secret", "escalation_json",
                        "group_wait", "group_interval")
                    .values(
                        SQLBind(integration.id), SQLBind(name), SQLBind(kind.rawValue), SQLBind(Self.integrationKeyHash(key)),
                        SQLBind(integration.keyHint), SQLBind(String(decoding: try JSONEncoder().encode(grouping.groupBy), as: UTF8.self)),
                        SQLBind(notifyGroup), SQLBind(self.timestamp()), SQLBind(signingSecret),
                        SQLBind(try escalation.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }),
                        SQLBind(Int64(grouping.groupWait)), SQLBind(Int64(grouping.groupInterval)))
                    .run()
            }
        }
        return (integration, key)
    }

    public func integrations() async throws -> [Integration] {
        try await read { database in
            // Heartbeat monitors' own integration is Herald's, not one a source sends to.
            try await database.select().column("*").from("integrations").where("id", .notIn, SQLBind.group(Self.builtInIntegrations)).orderBy("created_at")
                .orderBy("id").all().map { try $0.integration() }
        }
    }

    /// The integration a key belongs to; nil for an unknown key.
    public func integration(key: String) async throws -> Integration? {
        try await read { database in
            try await database.select().column("*").from("integrations").where("key_hash", .equal, Self.integrationKeyHash(key))
                .first()?.integration()
        }
    }

    static func integrationKeyHash(_ key: String) -> String { SHA256.hash(data: Data(key.utf8)).hexadecimal }

    /// How many times the alert with `key` fired (opened) since `since`.
    static func firings(_ database: any SQLDatabase, integration: String, key: String, since: Int64) async throws -> Int {
        try await database.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("alerts")
            .where("integration_id", .equal, integration).where("dedup_key", .equal, key).where("first_at", .greaterThanOrEqual, SQLBind(since))
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The running maintenance notice that holds any of `components`, if one does.
    static func maintenanceHolding(_ database: any SQLDatabase, components: [String]) async throws -> String? {
        guard !components.isEmpty else { return nil }
        for row in try await database.select().column("id").column("content").from("notices")
            .where("state", .equal, NoticeState.inProgress.rawValue).all()
        {
            if !Set(try decodeContent(try row.text("content")).components).isDisjoint(with: components) {
                return try row.decode(column: "id", as: String.self)
            }
        }
        return nil
    }

    /// Lists `components` among those the incident affects.
    func markAffected(_ database: any SQLDatabase, incident: String, components: [String]) async throws {
        guard let row = try await database.select().column("components_json").from("incidents").where("id", .equal, incident).first() else { return }
        var listed = try row.json("components_json", as: [String].self)
        for id in components where !listed.contains(id) { listed.append(id) }
        try await database.update("incidents").set("components_json", to: SQLBind(try JSONColumn.text(listed))).where("id", .equal, incident).run()
    }

    /// After an incident resolves, its components that no other open incident affects are operational again,
    /// and the storm it held, if any, is over.
    func release(_ database: any SQLDatabase, incident: String, actor: String, at now: Int64) async throws {
        // A storm whose incident is resolved is over: the team's next alert must not join a resolved incident.
        let ended = try await database.update("alert_storms").set("ended_at", to: SQLBind(now)).where("incident_id", .equal, incident)
            .where("ended_at", .is, SQLLiteral.null).returning("id").all()
        if !ended.isEmpty {
            try await Self.addEvent(database, incident: incident, kind: .storm, actor: actor, detail: "storm over: its incident was resolved", at: now)
        }
        guard let row = try await database.select().column("components_json").from("incidents").where("id", .equal, incident).first() else { return }
        let components = try JSONDecoder().decode([String].self, from: Data(try row.text("components_json").utf8))
        guard !components.isEmpty else { return }
        let others = try await database.select().column("components_json").from("incidents")
            .where("status", .notEqual, IncidentStatus.resolved.rawValue).where("id", .notEqual, incident).all()
            .flatMap { try JSONDecoder().decode([String].self, from: Data(try $0.text("components_json").utf8)) }
        for id in components where !others.contains(id) {
            let component = try await Self.component(database, id: id, forUpdate: dialect)
            guard component.status != .underMaintenance, component.status != .operational else { continue }
            _ = try await Self.setStatus(
                database, dialect: dialect, componentID: id, to: .operational, source: .alert, actor: "incident:\(incident)",
                reason: "incident resolved", at: now)
        }
    }

    static func addEvent(
        _ database: any SQLDatabase, incident: String, kind: IncidentEventKind, actor: String, detail: String?, public isPublic: Bool = false,
        at: Int64, translations: [Language: String] = [:], longest: Int = 1000
    ) async throws {
        // What monitoring sends is cut to `longest`; what people write was checked against its own limit and is passed whole.
        var columns = ["incident_id", "kind", "actor", "detail", "public", "at"]
        var values: [any SQLExpression] = [
            SQLBind(incident), SQLBind(kind.rawValue), SQLBind(actor), SQLBind(detail.map { String($0.prefix(longest)) }),
            SQLBind(Int64(isPublic ? 1 : 0)), SQLBind(at),
        ]
        // Named only when there are some, so events still write on a schema from before translations (migration tests run there).
        if !translations.isEmpty {
            columns.append("detail_translations_json")
            values.append(SQLBind(try JSONColumn.text(translations.mapValues { String($0.prefix(longest)) })))
        }
        try await database.insert(into: "incident_events").columns(columns).values(values).run()
        try await audit(database, actor: actor, action: kind.rawValue, kind: "incident", id: incident, detail: detail.map { String($0.prefix(1000)) }, at: at)
    }

    // MARK: Incidents

    public func incidents(includeResolved: Bool = true, limit: Int = 100) async throws -> [Incident] {
        try await read { database in
            var query = database.select().column("*").from("incidents")
            if !includeResolved { query = query.where("status", .notEqual, IncidentStatus.resolved.rawValue) }
            return try await query.orderBy("created_at", .descending).orderBy("id").limit(limit).all().map { try $0.incident() }
        }
    }

    public func incident(id: String) async throws -> Incident {
        try await read { database in
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "incident", id: id) }
            return try row.incident()
        }
    }

    /// The incident's timeline, oldest first.
    public func incidentEvents(incidentID: String) async throws -> [IncidentEvent] {
        try await timeline(incidentID: incidentID, after: nil)
    }

    /// The events past `position`, in the order they became visible (for streaming): a reader that
    /// has seen position N has seen every event that will ever have a smaller one.
    public func incidentEvents(incidentID: String, afterPosition position: Int64?) async throws -> [IncidentEvent] {
        try await timeline(incidentID: incidentID, after: position)
    }

    private func timeline(incidentID: String, after position: Int64?) async throws -> [IncidentEvent] {
        try await read { database in
            var query = database.select().column("*").from("incident_events").where("incident_id", .equal, incidentID)
            if let position { query = query.where("position", .greaterThan, SQLBind(position)) }
            return try await query.orderBy("position").orderBy("id").all().map { try $0.incidentEvent() }
        }
    }

    /// The alerts grouped under an incident, oldest first.
    public func alerts(incidentID: String) async throws -> [StoredAlert] {
        try await read { database in
            try await database.select().column("*").from("alerts").where("incident_id", .equal, incidentID).orderBy("id").all().map {
                try $0.storedAlert()
            }
        }
    }
}

extension SQLRow {
    func storedAlert() throws -> StoredAlert {
        let row = self
        return StoredAlert(
            id: try row.integer("id"), dedupKey: try row.text("dedup_key"), status: try row.enumeration("status", as: AlertStatus.self),
            severity: try row.enumeration("severity", as: Severity.self), summary: try row.text("summary"),
            source: try row.optionalText("source"),
            labels: try JSONDecoder().decode([String: String].self, from: Data(try row.text("labels_json").utf8)),
            annotations: try JSONDecoder().decode([String: String].self, from: Data(try row.text("annotations_json").utf8)),
            links: try JSONDecoder().decode([String].self, from: Data(try row.text("links_json").utf8)),
            events: Int(try row.integer("events")), firstAt: try row.date("first_at"), lastAt: try row.date("last_at"),
            resolvedAt: try row.optionalDate("resolved_at"))
    }
}

extension Store {
    /// A responder takes the incident: recorded once, with who did it.
    public func acknowledgeIncident(id: String, actor: String) async throws -> Incident {
        try await transaction { database in
            try await Self.acknowledge(database, id: id, actor: actor, at: self.timestamp())
            return try await database.select().column("*").from("incidents").where("id", .equal, id).first()!.incident()
        }
    }

    static func acknowledge(_ database: any SQLDatabase, id: String, actor: String, at now: Int64) async throws {
        guard try await database.select().column("id").from("incidents").where("id", .equal, id).first() != nil
        else { throw StoreError.notFound(kind: "incident", id: id) }
        let changed = try await database.update("incidents").set("acknowledged_at", to: SQLBind(now)).set("acknowledged_by", to: SQLBind(actor))
            .where("id", .equal, id).where("acknowledged_at", .is, SQLLiteral.null).returning("id").all()
        if !changed.isEmpty { try await Self.addEvent(database, incident: id, kind: .acknowledged, actor: actor, detail: nil, at: now) }
    }

    /// Posts an update: a new status and a message, public (status page, subscribers) or internal.
    /// `title` renames it as the public sees it (an alert's summary is rarely what users should
    /// read); `impact` is Statuspage's none, minor, major or critical. With `acknowledging`, whoever
    /// posts it takes the incident first if nobody has, in the same transaction.
    public func postIncidentUpdate(
        id: String, status: IncidentStatus?, message: String, isPublic: Bool, actor: String, title: String? = nil, impact: IncidentImpact? = nil,
        acknowledging: Bool = false, translations: [Language: String] = [:]
    ) async throws -> Incident {
        try await transaction { database in
            let now = self.timestamp()
            if acknowledging { try await Self.acknowledge(database, id: id, actor: actor, at: now) }
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "incident", id: id) }
            let current = try row.incident()
            if let refused = current.kind.publicUpdateProblems(isPublic: isPublic).first { throw StoreError.conflict(refused) }
            if let title, title != current.title {
                try await database.update("incidents").set("title", to: SQLBind(title)).where("id", .equal, id).run()
                try await Self.addEvent(database, incident: id, kind: .titleChanged, actor: actor, detail: "\(current.title) → \(title)", at: now)
            }
            if let impact, impact != current.impact {
                try await database.update("incidents").set("impact", to: SQLBind(impact.rawValue)).where("id", .equal, id).run()
                try await Self.addEvent(
                    database, incident: id, kind: .impactSet, actor: actor, detail: "\(current.impact?.rawValue ?? "unset") → \(impact.rawValue)", at: now)
            }
            if let status, status != current.status {
                var update = database.update("incidents").set("status", to: SQLBind(status.rawValue))
                update = status == .resolved ? update.set("resolved_at", to: SQLBind(now)) : update.set("resolved_at", to: SQLLiteral.null)
                try await update.where("id", .equal, id).run()
                if status == .resolved {
                    // Its alerts are settled too: a later firing then opens a new incident and pages.
                    try await database.update("alerts").set("status", to: SQLBind("resolved")).set("resolved_at", to: SQLBind(now))
                        .where("incident_id", .equal, id).where("status", .notEqual, "resolved").run()
                    try await self.release(database, incident: id, actor: actor, at: now)
                }
                try await Self.addEvent(database, incident: id, kind: .statusChanged, actor: actor,
                                        detail: "\(current.status.rawValue) → \(status.rawValue)", public: isPublic, at: now)
            }
            try await Self.addEvent(
                database, incident: id, kind: isPublic ? .update : .note, actor: actor, detail: message, public: isPublic, at: now,
                translations: translations, longest: IncidentEvent.longestUpdate)
            return try await database.select().column("*").from("incidents").where("id", .equal, id).first()!.incident()
        }
    }
}

extension SQLRow {
    func integration() throws -> Integration {
        Integration(
            id: try text("id"), name: try text("name"), kind: try enumeration("kind", as: Integration.Kind.self),
            grouping: Grouping(
                groupBy: try JSONDecoder().decode([String].self, from: Data(try text("group_by_json").utf8)),
                groupWait: Int(try integer("group_wait")), groupInterval: Int(try integer("group_interval"))),
            notifyGroup: try optionalText("notify_group"), keyHint: try text("key_hint"), signingSecret: try optionalText("signing_secret"),
            escalation: try optionalText("escalation_json").map { try JSONDecoder().decode(EscalationPolicy.self, from: Data($0.utf8)) },
            createdAt: try date("created_at"))
    }

    func incident() throws -> Incident {
        Incident(
            id: try text("id"), title: try text("title"), status: try enumeration("status", as: IncidentStatus.self),
            severity: try enumeration("severity", as: Severity.self), impact: try optionalText("impact").flatMap(IncidentImpact.init(rawValue:)),
            components: try JSONDecoder().decode([String].self, from: Data(try text("components_json").utf8)),
            integrationID: try optionalText("integration_id"), groupKey: try optionalText("group_key"), createdAt: try date("created_at"),
            acknowledgedAt: try optionalDate("acknowledged_at"), acknowledgedBy: try optionalText("acknowledged_by"),
            resolvedAt: try optionalDate("resolved_at"), teamID: try optionalText("team_id"), runbookURL: try optionalText("runbook_url"),
            quietUntil: try optionalDate("quiet_until"), kind: contains(column: "kind") ? try enumeration("kind", as: IncidentKind.self) : .real)
    }
}

extension Store {
    /// Adds a line to an incident's timeline.
    public func recordIncidentEvent(incidentID: String, kind: IncidentEventKind, actor: String, detail: String?, isPublic: Bool = false) async throws {
        try await transaction { database in
            try await Self.addEvent(database, incident: incidentID, kind: kind, actor: actor, detail: detail, public: isPublic, at: self.timestamp())
        }
    }
}

extension Store {
    /// The secret this database's nodes sign response links with, made by the migrations.
    public func linkSecret() async throws -> String {
        try await read { database in
            guard let row = try await database.select().column("value").from("herald_settings").where("name", .equal, "link_secret").first()
            else { throw StoreError.invalidDatabase("the link secret is missing; run herald migrate") }
            return try row.text("value")
        }
    }
}

extension Store {
    public func integration(id: String) async throws -> Integration {
        try await read { database in
            guard let row = try await database.select().column("*").from("integrations").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "integration", id: id) }
            return try row.integration()
        }
    }

    /// The escalation step paged last: -1 while the group wait holds the first page, nil when none was.
    public func escalationStep(incidentID: String) async throws -> Int? {
        try await read { database in
            guard let row = try await database.select().column("escalation_step").from("incidents").where("id", .equal, incidentID).first()
            else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            return try row.optionalInteger("escalation_step").map(Int.init)
        }
    }

    /// Records that escalation step `step` was paged and when the next is due (nil: no more steps).
    /// Applies only if the incident is still at `previous`, so two nodes never page the same step.
    public func advanceEscalation(incidentID: String, from previous: Int?, to step: Int, nextAt: Date?) async throws -> Bool {
        try await transaction { database in
            var update = database.update("incidents").set("escalation_step", to: SQLBind(Int64(step)))
                .set("next_escalation_at", to: SQLBind(nextAt.map(Timestamp.milliseconds)))
            // Only a paged step has a next time; running out pages nobody, so tells nobody anything.
            if nextAt != nil { update = update.set("notified_at", to: SQLBind(self.timestamp())) }
            update = update.where("id", .equal, incidentID)
            if let previous { update = update.where("escalation_step", .equal, SQLBind(Int64(previous))) } else {
                update = update.where("escalation_step", .is, SQLLiteral.null)
            }
            return try await !update.returning("id").all().isEmpty
        }
    }

    /// Open, unacknowledged incidents whose next escalation step is due (not those flapping quietly:
    /// their alerts have cleared).
    public func incidentsToEscalate(dueBy time: Date) async throws -> [(incident: Incident, step: Int)] {
        try await read { database in
            try await database.select().column("*").from("incidents")
                .where("next_escalation_at", .lessThanOrEqual, SQLBind(Timestamp.milliseconds(time)))
                .where("acknowledged_at", .is, SQLLiteral.null).where("status", .notEqual, IncidentStatus.resolved.rawValue)
                .where("quiet_until", .is, SQLLiteral.null).orderBy("next_escalation_at").limit(100).all()
                .map { (try $0.incident(), Int(try $0.integer("escalation_step"))) }
        }
    }
}

extension Store {
    public func createSilence(_ silence: Silence) async throws -> Silence {
        try await transaction { database in
            try await Self.recordingChange(database, table: "silences", id: silence.id, kind: "silence", at: self.timestamp()) {
                try await database.insert(into: "silences")
                    .columns("id", "matchers_json", "starts_at", "ends_at", "created_by", "comment", "created_at")
                    .values(
                        SQLBind(silence.id), SQLBind(String(decoding: try JSONEncoder().encode(silence.matchers), as: UTF8.self)),
                        SQLBind(Timestamp.milliseconds(silence.startsAt)), SQLBind(Timestamp.milliseconds(silence.endsAt)),
                        SQLBind(silence.createdBy), SQLBind(silence.comment), SQLBind(self.timestamp()))
                    .run()
            }
            return silence
        }
    }

    /// Silences that have not ended, soonest end first.
    public func silences(at time: Date) async throws -> [Silence] {
        try await read { database in
            try await database.select().column("*").from("silences").where("ends_at", .greaterThan, SQLBind(Timestamp.milliseconds(time)))
                .orderBy("ends_at").all().map { try $0.silence() }
        }
    }

    /// Ends a silence now; alerts after this page as usual.
    public func expireSilence(id: String) async throws -> Silence {
        try await transaction { database in
            let now = self.timestamp()
            guard let row = try await database.select().column("*").from("silences").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "silence", id: id) }
            var silence = try row.silence()
            if Timestamp.milliseconds(silence.endsAt) > now {
                try await Self.recordingChange(database, table: "silences", id: id, kind: "silence", action: "ended", at: self.timestamp()) {
                    try await database.update("silences").set("ends_at", to: SQLBind(now)).where("id", .equal, id).run()
                }
                silence.endsAt = Timestamp.date(now)
            }
            return silence
        }
    }

    /// An open alert that mutes one with `labels` under one of `rules`, if any.
    static func inhibitor(_ database: any SQLDatabase, of labels: [String: String], rules: [InhibitRule]) async throws
        -> (id: Int64, summary: String)?
    {
        guard !rules.isEmpty, rules.contains(where: { rule in rule.target.allSatisfy { $0.matches(labels[$0.name] ?? "") } }) else { return nil }
        for row in try await database.select().column("id").column("summary").column("labels_json").from("alerts")
            .where("status", .notEqual, "resolved").all()
        {
            let source = try JSONDecoder().decode([String: String].self, from: Data(try row.text("labels_json").utf8))
            if rules.contains(where: { $0.mutes(target: labels, by: source) }) {
                return (try row.integer("id"), try row.text("summary"))
            }
        }
        return nil
    }

    /// The active silence whose matchers all hold for `labels`, if any.
    static func silence(_ database: any SQLDatabase, matching labels: [String: String], at now: Int64) async throws -> Silence? {
        try await database.select().column("*").from("silences").where("ends_at", .greaterThan, SQLBind(now))
            .where("starts_at", .lessThanOrEqual, SQLBind(now)).all()
            .map { try $0.silence() }.first { $0.matches(labels) }
    }
}

extension SQLRow {
    func silence() throws -> Silence {
        Silence(
            id: try text("id"), matchers: try JSONDecoder().decode([LabelMatcher].self, from: Data(try text("matchers_json").utf8)),
            startsAt: try date("starts_at"), endsAt: try date("ends_at"), createdBy: try text("created_by"), comment: try text("comment"))
    }
}

extension Store {
    /// Open incidents with alerts that joined since responders were last told, due to be told now.
    public func incidentsWithNewAlerts(dueBy time: Date) async throws -> [(incident: Incident, step: Int, since: Date, due: Int64)] {
        try await read { database in
            try await database.select().column("*").from("incidents")
                .where("update_due_at", .lessThanOrEqual, SQLBind(Timestamp.milliseconds(time)))
                .where("status", .notEqual, IncidentStatus.resolved.rawValue).orderBy("update_due_at").limit(100).all()
                .map { row in
                    (try row.incident(), Int(try row.optionalInteger("escalation_step") ?? 0), try row.date("notified_at"),
                     try row.integer("update_due_at"))
                }
        }
    }

    /// Records that responders were told about the new alerts due at `due`; false if another node already did.
    public func markNewAlertsAnnounced(incidentID: String, due: Int64) async throws -> Bool {
        try await transaction { database in
            try await !database.update("incidents").set("update_due_at", to: SQLLiteral.null).set("notified_at", to: SQLBind(self.timestamp()))
                .where("id", .equal, incidentID).where("update_due_at", .equal, SQLBind(due)).returning("id").all().isEmpty
        }
    }

    /// Resolves the flapping incidents that stayed quiet until their time with no alert firing again;
    /// returns their ids.
    public func resolveQuietIncidents(dueBy time: Date) async throws -> [String] {
        try await transaction { database in
            let now = self.timestamp()
            var resolved: [String] = []
            for row in try await database.select().column("id").from("incidents")
                .where("quiet_until", .lessThanOrEqual, SQLBind(Timestamp.milliseconds(time)))
                .where("status", .notEqual, IncidentStatus.resolved.rawValue).limit(100).all()
            {
                let id = try row.text("id")
                let open = try await database.select().column("id").from("alerts").where("incident_id", .equal, id)
                    .where("status", .notEqual, "resolved").limit(1).first()
                guard open == nil else { continue }
                try await database.update("incidents").set("status", to: SQLBind(IncidentStatus.resolved.rawValue))
                    .set("resolved_at", to: SQLBind(now)).set("quiet_until", to: SQLLiteral.null).where("id", .equal, id).run()
                try await Self.addEvent(database, incident: id, kind: .resolved, actor: "herald",
                                        detail: "every alert stayed resolved after flapping", at: now)
                try await self.release(database, incident: id, actor: "herald", at: now)
                resolved.append(id)
            }
            return resolved
        }
    }
}
