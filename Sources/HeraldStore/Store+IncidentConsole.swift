import Foundation
import HeraldCore
import SQLKit

/// What the console's incident screens read and change beyond the API's incident routes: the
/// filtered list, the open alerts a silence would catch, and a responder's hand changes to an
/// incident's severity and team (the API's `POST /incidents/{id}/severity` and `/reassign` too).
extension Store {
    /// Newest first, as the API's list, narrowed by `filter`.
    public func incidents(filter: IncidentFilter, page request: PageRequest) async throws -> Page<Incident> {
        try await read { database in
            var query = database.select().column("*").from("incidents")
            switch filter.state {
            case .open?:
                query = query.where("status", .notEqual, IncidentStatus.resolved.rawValue).where("acknowledged_at", .is, SQLLiteral.null)
            case .acknowledged?:
                query = query.where("status", .notEqual, IncidentStatus.resolved.rawValue).where("acknowledged_at", .isNot, SQLLiteral.null)
            case .resolved?: query = query.where("status", .equal, IncidentStatus.resolved.rawValue)
            case nil: break
            }
            if let severity = filter.severity { query = query.where("severity", .equal, severity.rawValue) }
            if let team = filter.team { query = query.where("team_id", .equal, team) }
            if let integration = filter.integration { query = query.where("integration_id", .equal, integration) }
            if let actors = filter.acknowledgedBy {
                // No actor matches nothing (rather than everything).
                query = actors.isEmpty ? query.where(SQLRaw("1 = 0")) : query.where("acknowledged_by", .in, SQLBind.group(actors))
            }
            return try await Self.page(
                query, order: .by(("created_at", .integer, descending: true), ("id", .text, descending: false)), request) { try $0.incident() }
        }
    }

    /// The contacts whose email address is `email` (case-insensitive): who an operator is in the
    /// address book, so the links they were paged with count as theirs.
    public func contactIDs(withEmail email: String) async throws -> [String] {
        let wanted = email.lowercased()
        guard !wanted.isEmpty else { return [] }
        return try await read { database in
            // Narrowed in SQL by the text (`_` and `%` only widen the match), confirmed on the decoded address.
            let rows = try await database.select().column("*").from("contacts")
                .where(SQLFunction("LOWER", args: SQLColumn("addresses_json")), .like, SQLBind("%\(wanted)%"))
                .orderBy("id").all()
            return try rows.map { try $0.contact() }.filter { $0.addresses[.email]?.lowercased() == wanted }.map(\.id)
        }
    }

    /// Alerts not resolved, newest first, at most `limit`: what a silence's preview counts.
    public func openAlerts(limit: Int = 10_000) async throws -> [StoredAlert] {
        try await read { database in
            try await database.select().column("*").from("alerts").where("status", .notEqual, "resolved").orderBy("id", .descending).limit(limit)
                .all().map { try $0.storedAlert() }
        }
    }

    /// A responder sets the severity: recorded on the timeline with who did it ("high → low"); the
    /// same severity again changes nothing.
    public func changeIncidentSeverity(id: String, to severity: Severity, actor: String) async throws -> Incident {
        try await transaction { database in
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "incident", id: id) }
            let current = try row.incident()
            if current.severity != severity {
                try await database.update("incidents").set("severity", to: SQLBind(severity.rawValue)).where("id", .equal, id).run()
                try await Self.addEvent(
                    database, incident: id, kind: .severityChanged, actor: actor, detail: "\(current.severity.rawValue) → \(severity.rawValue)",
                    at: self.timestamp())
            }
            return try await database.select().column("*").from("incidents").where("id", .equal, id).first()!.incident()
        }
    }

    /// A responder hands the incident to `team`: its later escalation steps (and "escalate now")
    /// page that team's policy. Recorded on the timeline ("payments → dba").
    public func reassignIncident(id: String, to team: String, actor: String) async throws -> Incident {
        try await transaction { database in
            guard try await database.select().column("id").from("teams").where("id", .equal, team).first() != nil
            else { throw StoreError.notFound(kind: "team", id: team) }
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, id).first()
            else { throw StoreError.notFound(kind: "incident", id: id) }
            let current = try row.incident()
            if current.teamID != team {
                try await database.update("incidents").set("team_id", to: SQLBind(team)).where("id", .equal, id).run()
                try await Self.addEvent(
                    database, incident: id, kind: .reassigned, actor: actor, detail: "\(current.teamID ?? "—") → \(team)", at: self.timestamp())
            }
            return try await database.select().column("*").from("incidents").where("id", .equal, id).first()!.incident()
        }
    }
}
