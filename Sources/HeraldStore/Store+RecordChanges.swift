import Foundation
import HeraldCore
import SQLKit

/// Updating and deleting the records people keep by hand: contacts, teams, schedules, integrations
/// and silences. Each runs in one transaction that loads the facts, writes what Core decided and
/// records who did it in the audit log.
extension Store {
    /// The key of the PostgreSQL advisory lock taken by every write that adds or removes a
    /// reference between these records, so a deletion and a change naming the deleted record on
    /// another node cannot both commit.
    static let referencesLockKey: Int64 = 0x4845_5241_4C44_0002

    static func lockReferences(_ database: any SQLDatabase, dialect: StoreDialect) async throws {
        if dialect == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(\(bind: referencesLockKey))").run() }
    }

    /// Everything that may name a contact, team, schedule or integration.
    static func referenceFacts(_ database: any SQLDatabase, now: Date) async throws -> ReferenceFacts {
        let teams = try await database.select().column("*").from("teams").all().map { try $0.team() }
        let integrations = try await database.select().column("*").from("integrations").all().map { try $0.integration() }
        let schedules = try await database.select().column("definition_json").from("schedules").all()
            .map { try JSONDecoder().decode(OnCallSchedule.self, from: Data(try $0.text("definition_json").utf8)) }
        let routes = try await database.select().column("definition_json").from("alert_routes").orderBy("position").all()
            .map { try JSONDecoder().decode(AlertRoute.self, from: Data(try $0.text("definition_json").utf8)) }
        let open = try await database.select().column("*").from("incidents").where("status", .notEqual, IncidentStatus.resolved.rawValue)
            .all().map { try $0.incident() }
        return ReferenceFacts(teams: teams, integrations: integrations, schedules: schedules, routes: routes, openIncidents: open, now: now)
    }

    static func requireDeletable(_ target: DeletionTarget, _ database: any SQLDatabase, now: Date) async throws {
        if case .refused(let reason) = RecordDeletion.decide(target, try await referenceFacts(database, now: now)) {
            throw StoreError.conflict(FieldError("id", reason))
        }
    }

    // MARK: Contacts

    /// Replaces a contact's fields; it keeps its id, when it was added and its unsubscribe link.
    public func updateContact(_ contact: Contact, actor: String) async throws -> Contact {
        try await transaction { database in
            let current = try await Self.contact(database, id: contact.id)
            let json = { (value: any Encodable) in String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
            try await Self.recordingChange(database, table: "contacts", id: contact.id, kind: "contact", personal: true, actor: actor, at: self.timestamp()) {
                try await database.update("contacts")
                    .set("name", to: SQLBind(contact.name)).set("language", to: SQLBind(contact.language.rawValue))
                    .set("time_zone", to: SQLBind(contact.timeZone)).set("groups_json", to: SQLBind(try json(contact.groups)))
                    .set("roles_json", to: SQLBind(try json(contact.roles)))
                    .set("addresses_json", to: SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.addresses.map { ($0.key.rawValue, $0.value) }))))
                    .set("preferences_json", to: SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.preferences.map { ($0.key.rawValue, $0.value.map(\.rawValue)) }))))
                    .set("subscriptions_json", to: SQLBind(try json(contact.subscriptions)))
                    .set("quiet_hours", to: SQLBind(contact.quietHours?.text)).set("consent", to: SQLBind(contact.consent.rawValue))
                    .where("id", .equal, current.id).run()
            }
            return try await Self.contact(database, id: contact.id)
        }
    }

    /// What erasing a contact did.
    public struct ContactErasure: Sendable, Equatable {
        /// Deliveries kept, their personal data replaced.
        public var deliveries: Int
        /// Of those, the ones still waiting, which became dead letters instead of being sent.
        public var withdrawn: Int

        public init(deliveries: Int, withdrawn: Int) {
            self.deliveries = deliveries
            self.withdrawn = withdrawn
        }
    }

    /// Deletes a contact and erases their personal data from every delivery sent to them: the
    /// address, the texts rendered for them and their name or address in providers' answers are
    /// replaced (Core's `Erasure`), the rows with their states, attempts and costs stay, so counts and
    /// spending are unchanged. Their subscriptions go too. Refused while an escalation or schedule
    /// names them (`RecordDeletion`).
    public func deleteContact(id: String, actor: String) async throws -> ContactErasure {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            let contact = try await Self.contact(database, id: id)
            try await Self.requireDeletable(.contact(id), database, now: self.now())
            let personal = Erasure.personalValues(of: contact)
            let deliveries = try await database.select().column("id").column("state").column("last_error").column("content_id")
                .from("deliveries").where("contact_id", .equal, id).all()
            let ids = try deliveries.map { try $0.integer("id") }
            let contents = Set(try deliveries.compactMap { try $0.optionalInteger("content_id") })
            let erasedContent = try await Self.erasedContent(database)
            var withdrawn = 0
            for row in deliveries {
                let change = Erasure.delivery(
                    state: try row.enumeration("state", as: DeliveryState.self), lastError: try row.optionalText("last_error"), removing: personal)
                if change.state != (try row.enumeration("state", as: DeliveryState.self)) { withdrawn += 1 }
                try await database.update("deliveries")
                    .set("address", to: SQLBind(Erasure.marker)).set("content_id", to: SQLBind(erasedContent))
                    .set("unsubscribe_url", to: SQLLiteral.null).set("state", to: SQLBind(change.state.rawValue))
                    .set("last_error", to: SQLBind(change.lastError)).set("claimed_until", to: SQLLiteral.null)
                    .where("id", .equal, try row.integer("id")).run()
            }
            if !ids.isEmpty {
                let attempts = try await database.select().column("id").column("detail").from("delivery_attempts")
                    .where("delivery_id", .in, SQLBind.group(ids)).where("detail", .isNot, SQLLiteral.null).all()
                for attempt in attempts {
                    let detail = try attempt.optionalText("detail")
                    let redacted = Erasure.redact(detail, removing: personal)
                    guard redacted != detail else { continue }
                    try await database.update("delivery_attempts").set("detail", to: SQLBind(redacted))
                        .where("id", .equal, try attempt.integer("id")).run()
                }
            }
            // Texts rendered for them alone go; a text others received too stays for them.
            for content in contents where content != erasedContent {
                let used = try await database.select().column("id").from("deliveries").where("content_id", .equal, content).limit(1).first()
                if used == nil { try await database.delete(from: "delivery_contents").where("content_id", .equal, content).run() }
            }
            try await database.delete(from: "subscriptions").where("contact_id", .equal, id).run()
            try await database.delete(from: "contacts").where("id", .equal, id).run()
            try await Self.audit(
                database, actor: actor, action: "erased", kind: "contact", id: id,
                detail: "contact deleted; personal data erased from \(ids.count) deliveries (\(withdrawn) not yet sent were withdrawn)",
                at: self.timestamp())
            return ContactErasure(deliveries: ids.count, withdrawn: withdrawn)
        }
    }

    /// The one stored text every erased delivery points at.
    static func erasedContent(_ database: any SQLDatabase) async throws -> Int64 {
        let digest = "erased"
        if let row = try await database.select().column("content_id").from("delivery_contents").where("digest", .equal, digest).first() {
            return try row.integer("content_id")
        }
        return try await database.insert(into: "delivery_contents").columns("digest", "subject", "body", "html")
            .values(SQLBind(digest), SQLBind(Erasure.marker), SQLBind(Erasure.marker), SQLLiteral.null)
            .returning("content_id").first()!.integer("content_id")
    }

    // MARK: Teams

    /// Deletes a team; refused while a routing rule sends alerts to it or one of its incidents is open.
    public func deleteTeam(id: String, actor: String) async throws {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            guard try await database.select().column("id").from("teams").where("id", .equal, id).first() != nil
            else { throw StoreError.notFound(kind: "team", id: id) }
            try await Self.requireDeletable(.team(id), database, now: self.now())
            try await Self.recordingChange(database, table: "teams", id: id, kind: "team", actor: actor, at: self.timestamp()) {
                try await database.delete(from: "teams").where("id", .equal, id).run()
            }
        }
        routeCache.withLock { $0 = nil }
    }

    // MARK: Schedules

    /// Replaces a schedule (its id stays); every member and override must name a contact.
    public func updateSchedule(_ schedule: OnCallSchedule, actor: String) async throws -> OnCallSchedule {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            _ = try await Self.schedule(database, id: schedule.id)
            try await Self.requireContacts(database, schedule.members, field: "members")
            try await Self.recordingChange(database, table: "schedules", id: schedule.id, kind: "schedule", actor: actor, at: self.timestamp()) {
                try await database.update("schedules")
                    .set("definition_json", to: SQLBind(String(decoding: try JSONEncoder().encode(schedule), as: UTF8.self)))
                    .where("id", .equal, schedule.id).run()
            }
            return schedule
        }
    }

    /// Deletes a schedule; refused while an escalation step pages it.
    public func deleteSchedule(id: String, actor: String) async throws {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            _ = try await Self.schedule(database, id: id)
            try await Self.requireDeletable(.schedule(id), database, now: self.now())
            try await Self.recordingChange(database, table: "schedules", id: id, kind: "schedule", actor: actor, at: self.timestamp()) {
                try await database.delete(from: "schedules").where("id", .equal, id).run()
            }
        }
    }

    static func requireContacts(_ database: any SQLDatabase, _ ids: [String], field: String) async throws {
        guard !ids.isEmpty else { return }
        let known = Set(try await database.select().column("id").from("contacts").where("id", .in, SQLBind.group(ids)).all()
            .map { try $0.text("id") })
        let errors = ids.enumerated().filter { !known.contains($0.element) }
            .map { FieldError("\(field)[\($0.offset)]", .problemNoSuchContact, values: ["id": $0.element]) }
        if !errors.isEmpty { throw StoreError.invalid(errors) }
    }

    // MARK: Integrations

    /// Writes an integration's changed settings; its id, kind, key and creation time stay.
    public func updateIntegration(_ integration: Integration, actor: String) async throws -> Integration {
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            guard try await database.select().column("id").from("integrations").where("id", .equal, integration.id).first() != nil
            else { throw StoreError.notFound(kind: "integration", id: integration.id) }
            try await Self.recordingChange(database, table: "integrations", id: integration.id, kind: "integration", actor: actor, at: self.timestamp()) {
                try await database.update("integrations")
                    .set("name", to: SQLBind(integration.name))
                    .set("group_by_json", to: SQLBind(String(decoding: try JSONEncoder().encode(integration.grouping.groupBy), as: UTF8.self)))
                    .set("group_wait", to: SQLBind(Int64(integration.grouping.groupWait)))
                    .set("group_interval", to: SQLBind(Int64(integration.grouping.groupInterval)))
                    .set("notify_group", to: SQLBind(integration.notifyGroup)).set("signing_secret", to: SQLBind(integration.signingSecret))
                    .set("escalation_json", to: SQLBind(try integration.escalation.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }))
                    .where("id", .equal, integration.id).run()
            }
            return try await database.select().column("*").from("integrations").where("id", .equal, integration.id).first()!.integration()
        }
    }

    /// Deletes an integration: its key stops working at once. Refused while one of its incidents
    /// is open (it would have no escalation left); its resolved incidents and their alerts stay.
    public func deleteIntegration(id: String, actor: String) async throws {
        if id == Self.heartbeatIntegration {
            throw StoreError.conflict(FieldError("id", .problemHeartbeatIntegration))
        }
        if id == Self.drillIntegration { throw StoreError.conflict(FieldError("id", .problemDrillIntegration)) }
        try await transaction { [dialect] database in
            try await Self.lockReferences(database, dialect: dialect)
            guard let row = try await database.select().column("*").from("integrations").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "integration", id: id) }
            try await Self.requireDeletable(.integration(id), database, now: self.now())
            try await Self.recordingChange(database, table: "integrations", id: id, kind: "integration", detail: try row.text("name"), actor: actor, at: self.timestamp()) {
                try await database.delete(from: "integrations").where("id", .equal, id).run()
            }
        }
    }

    // MARK: Silences

    public func silence(id: String) async throws -> Silence {
        try await read { database in
            guard let row = try await database.select().column("*").from("silences").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "silence", id: id) }
            return try row.silence()
        }
    }

    /// Replaces a silence's matchers, times and comment; who made it stays.
    public func updateSilence(_ silence: Silence, actor: String) async throws -> Silence {
        try await transaction { database in
            guard try await database.select().column("id").from("silences").where("id", .equal, silence.id).first() != nil
            else { throw StoreError.notFound(kind: "silence", id: silence.id) }
            try await Self.recordingChange(database, table: "silences", id: silence.id, kind: "silence", actor: actor, at: self.timestamp()) {
                try await database.update("silences")
                    .set("matchers_json", to: SQLBind(String(decoding: try JSONEncoder().encode(silence.matchers), as: UTF8.self)))
                    .set("starts_at", to: SQLBind(Timestamp.milliseconds(silence.startsAt)))
                    .set("ends_at", to: SQLBind(Timestamp.milliseconds(silence.endsAt)))
                    .set("comment", to: SQLBind(silence.comment))
                    .where("id", .equal, silence.id).run()
            }
            return try await database.select().column("*").from("silences").where("id", .equal, silence.id).first()!.silence()
        }
    }
}
