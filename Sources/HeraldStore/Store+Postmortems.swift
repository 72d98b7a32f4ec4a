import Foundation
import HeraldCore
import SQLKit

/// Postmortems: one per incident, its state and written sections in `postmortems`; what Herald
/// recorded is read again for each showing (`postmortemFacts`). `PostmortemRules` decides; each
/// write records its row before and after in the audit log, in its own transaction.
extension Store {
    public func postmortem(incidentID: String) async throws -> Postmortem? {
        try await read { database in try await Self.postmortem(database, incidentID: incidentID) }
    }

    /// Starts the postmortem of a resolved incident, as a draft with nothing written.
    public func createPostmortem(incidentID: String, actor: String) async throws -> Postmortem {
        try await transaction { database in
            var query = database.select().column("*").from("incidents").where("id", .equal, incidentID)
            if self.dialect == .postgres { query = query.for(.update) }
            guard let row = try await query.first() else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            let existing = try await Self.postmortem(database, incidentID: incidentID)
            if let refused = PostmortemRules.create(for: try row.incident(), existing: existing).first { throw StoreError.conflict(refused) }
            let made = Postmortem(incidentID: incidentID, createdBy: actor, createdAt: self.now())
            try await Self.recordingChange(database, table: "postmortems", key: "incident_id", id: incidentID, kind: "postmortem", at: self.timestamp()) {
                try await database.insert(into: "postmortems")
                    .columns("incident_id", "state", "sections_json", "created_by", "created_at", "updated_at", "published_at")
                    .values(
                        SQLBind(incidentID), SQLBind(made.state.rawValue), SQLBind(try JSONColumn.text(made.sections)), SQLBind(actor),
                        SQLBind(Timestamp.milliseconds(made.createdAt)), SQLBind(Timestamp.milliseconds(made.updatedAt)), SQLLiteral.null
                    ).run()
            }
            return made
        }
    }

    /// Replaces the written sections. A published postmortem is not changed (409); sections that
    /// break the rules are refused field by field (400), nothing written.
    public func updatePostmortem(incidentID: String, sections: PostmortemSections) async throws -> Postmortem {
        try await transaction { database in
            let current = try await Self.lockedPostmortem(database, incidentID: incidentID, dialect: self.dialect)
            let errors = PostmortemRules.edit(current, to: sections)
            if let final = errors.first(where: { $0.field == "state" }) { throw StoreError.conflict(final) }
            try ValidationFailure.check(errors)
            try await Self.recordingChange(database, table: "postmortems", key: "incident_id", id: incidentID, kind: "postmortem", at: self.timestamp()) {
                try await database.update("postmortems").set("sections_json", to: SQLBind(try JSONColumn.text(sections)))
                    .set("updated_at", to: SQLBind(self.timestamp())).where("incident_id", .equal, incidentID).run()
            }
            return try await Self.postmortem(database, incidentID: incidentID)!
        }
    }

    /// Moves the postmortem to `state` (draft → in review → published, or back to draft); any other
    /// step is refused (409). Published with `isPublic`, its public summary also becomes a public
    /// event of the incident, in the same transaction: from there the status page, its JSON, the
    /// feeds and subscribers' messages read it as they read updates.
    public func changePostmortemState(incidentID: String, to state: PostmortemState, isPublic: Bool = false) async throws -> Postmortem {
        try await transaction { database in
            let current = try await Self.lockedPostmortem(database, incidentID: incidentID, dialect: self.dialect)
            if let refused = PostmortemRules.transition(from: current.state, to: state).first { throw StoreError.conflict(refused) }
            let kind = try await database.select().column("*").from("incidents").where("id", .equal, incidentID).first()?.incident().kind ?? .real
            try ValidationFailure.check(PostmortemRules.publish(to: state, isPublic: isPublic, sections: current.sections, kind: kind))
            let now = self.timestamp()
            try await Self.recordingChange(
                database, table: "postmortems", key: "incident_id", id: incidentID, kind: "postmortem", action: state.rawValue, at: now
            ) {
                var update = database.update("postmortems").set("state", to: SQLBind(state.rawValue)).set("updated_at", to: SQLBind(now))
                if state == .published { update = update.set("published_at", to: SQLBind(now)) }
                if isPublic { update = update.set("public", to: SQLBind(Int64(1))) }
                try await update.where("incident_id", .equal, incidentID).run()
            }
            if isPublic {
                let summary = current.sections.publicSummary
                let written = Language.allCases.compactMap { language in summary[language].map { (language, $0) } }.filter { !$0.1.isEmpty }
                try await Self.addEvent(
                    database, incident: incidentID, kind: .postmortem, actor: AuditActor.current.name, detail: written.first?.1, public: true, at: now,
                    translations: Dictionary(written.dropFirst().map { $0 }) { first, _ in first }, longest: PostmortemRules.maximumText)
            }
            return try await Self.postmortem(database, incidentID: incidentID)!
        }
    }

    /// What Herald recorded about the incident, for its postmortem: milestones, timeline, alerts,
    /// its pages (deliveries keyed `incident:<id>:…`, fallbacks included), and the names of the
    /// components and contacts they name.
    public func postmortemFacts(incidentID: String) async throws -> PostmortemFacts {
        try await read { database in
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, incidentID).first()
            else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            let incident = try row.incident()
            let milestones = IncidentMilestones(incident, set: try await Self.milestoneRecords(database, incidentID: incidentID))
            let prefix = "incident:\(incidentID):"
            let pages = try await database.raw(
                """
                SELECT d.*, c.subject, c.body, c.html, c.actions_json FROM deliveries d
                JOIN delivery_contents c ON c.content_id = d.content_id
                WHERE substr(d.idempotency_key, 1, \(unsafeRaw: String(prefix.count))) = \(bind: prefix) ORDER BY d.created_at, d.id
                """
            ).all().map { try $0.delivery() }
            func names(_ table: String, _ ids: [String]) async throws -> [String: String] {
                guard !ids.isEmpty else { return [:] }
                let rows = try await database.select().column("id").column("name").from(table).where("id", .in, SQLBind.group(ids)).all()
                return Dictionary(try rows.map { (try $0.text("id"), try $0.text("name")) }, uniquingKeysWith: { first, _ in first })
            }
            return PostmortemFacts(
                incident: incident, milestones: milestones,
                events: try await database.select().column("*").from("incident_events").where("incident_id", .equal, incidentID)
                    .orderBy("position").orderBy("id").all().map { try $0.incidentEvent() },
                alerts: try await database.select().column("*").from("alerts").where("incident_id", .equal, incidentID).orderBy("id").all()
                    .map { try $0.storedAlert() },
                pages: pages, componentNames: try await names("components", Array(Set(incident.components)).sorted()),
                contactNames: try await names("contacts", Array(Set(pages.compactMap(\.contactID))).sorted()))
        }
    }

    static func postmortem(_ database: any SQLDatabase, incidentID: String) async throws -> Postmortem? {
        try await database.select().column("*").from("postmortems").where("incident_id", .equal, incidentID).first()?.postmortem()
    }

    static func lockedPostmortem(_ database: any SQLDatabase, incidentID: String, dialect: StoreDialect) async throws -> Postmortem {
        var query = database.select().column("*").from("postmortems").where("incident_id", .equal, incidentID)
        if dialect == .postgres { query = query.for(.update) }
        guard let row = try await query.first() else { throw StoreError.notFound(kind: "postmortem", id: incidentID) }
        return try row.postmortem()
    }
}

extension SQLRow {
    func postmortem() throws -> Postmortem {
        Postmortem(
            incidentID: try text("incident_id"), state: try enumeration("state", as: PostmortemState.self),
            sections: try json("sections_json", as: PostmortemSections.self), createdBy: try text("created_by"), createdAt: try date("created_at"),
            updatedAt: try date("updated_at"), publishedAt: try optionalDate("published_at"), isPublic: try integer("public") == 1)
    }
}
