import Foundation
import HeraldCore
import SQLKit

/// An incident's milestones: Herald's own times (in `incidents`) with what responders set over them
/// (`incident_milestones`). `MilestoneChange.decide` rules; a change is written with its timeline
/// line (and so its audit entry) in one transaction.
extension Store {
    /// The incident's milestones as they stand.
    public func milestones(incidentID: String) async throws -> IncidentMilestones {
        try await read { database in
            guard let row = try await database.select().column("*").from("incidents").where("id", .equal, incidentID).first()
            else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            return IncidentMilestones(try row.incident(), set: try await Self.milestoneRecords(database, incidentID: incidentID))
        }
    }

    /// A responder sets, corrects or takes back one milestone. Refused (a `ValidationFailure`,
    /// nothing written) as `MilestoneChange.decide` says; otherwise recorded on the timeline with who and why.
    public func changeMilestone(incidentID: String, _ change: MilestoneChange, actor: String) async throws -> IncidentMilestones {
        try await transaction { database in
            var query = database.select().column("*").from("incidents").where("id", .equal, incidentID)
            if self.dialect == .postgres { query = query.for(.update) }
            guard let row = try await query.first() else { throw StoreError.notFound(kind: "incident", id: incidentID) }
            let current = IncidentMilestones(try row.incident(), set: try await Self.milestoneRecords(database, incidentID: incidentID))
            let now = self.now()
            let at = Timestamp.milliseconds(now)
            let reason = change.reason.trimmingCharacters(in: .whitespacesAndNewlines)
            var texts: [Language: String] = [:]
            switch change.decide(current, actor: actor, now: now) {
            case .refused(let errors):
                throw ValidationFailure(errors)
            case .set(let record):
                try await database.delete(from: "incident_milestones").where("incident_id", .equal, incidentID)
                    .where("milestone", .equal, record.milestone.rawValue).run()
                try await database.insert(into: "incident_milestones")
                    .columns("incident_id", "milestone", "at", "reason", "actor", "recorded_at")
                    .values(
                        SQLBind(incidentID), SQLBind(record.milestone.rawValue), SQLBind(Timestamp.milliseconds(record.at)), SQLBind(record.reason),
                        SQLBind(actor), SQLBind(at)
                    ).run()
                for language in Language.allCases {
                    texts[language] = language.text(
                        .milestoneEventSet,
                        ["milestone": record.milestone.label(language), "at": RFC3339.string(record.at, in: TimeZone(identifier: "UTC")!), "reason": reason])
                }
            case .cleared(let milestone):
                try await database.delete(from: "incident_milestones").where("incident_id", .equal, incidentID)
                    .where("milestone", .equal, milestone.rawValue).run()
                for language in Language.allCases {
                    texts[language] = language.text(.milestoneEventCleared, ["milestone": change.milestone.label(language), "reason": reason])
                }
            }
            // The English line is the detail (and the audit entry's); other languages are its translations.
            try await Self.addEvent(
                database, incident: incidentID, kind: .milestone, actor: actor, detail: texts[.en], at: at,
                translations: texts.filter { $0.key != .en })
            return IncidentMilestones(try row.incident(), set: try await Self.milestoneRecords(database, incidentID: incidentID))
        }
    }

    /// What responders set on the incidents opened in [`from`, `until`), by incident id: what the
    /// response analytics measure over Herald's own times.
    public func milestoneRecords(openedFrom from: Date, until: Date) async throws -> [String: [MilestoneRecord]] {
        try await read { database in
            let rows = try await database.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("m")))
                .from(SQLAlias(SQLIdentifier("incident_milestones"), as: SQLIdentifier("m")))
                .join(SQLAlias(SQLIdentifier("incidents"), as: SQLIdentifier("i")), on: SQLColumn("id", table: "i"), .equal, SQLColumn("incident_id", table: "m"))
                .where(SQLColumn("created_at", table: "i"), .greaterThanOrEqual, SQLBind(Timestamp.milliseconds(from)))
                .where(SQLColumn("created_at", table: "i"), .lessThan, SQLBind(Timestamp.milliseconds(until)))
                .all()
            var records: [String: [MilestoneRecord]] = [:]
            for row in rows { records[try row.decode(column: "incident_id", as: String.self), default: []].append(try row.milestoneRecord()) }
            return records
        }
    }

    static func milestoneRecords(_ database: any SQLDatabase, incidentID: String) async throws -> [MilestoneRecord] {
        try await database.select().column("*").from("incident_milestones").where("incident_id", .equal, incidentID).all()
            .compactMap { try? $0.milestoneRecord() }
    }
}

extension SQLRow {
    func milestoneRecord() throws -> MilestoneRecord {
        let name = try decode(column: "milestone", as: String.self)
        guard let milestone = Milestone(rawValue: name) else { throw StoreError.invalidDatabase("unknown milestone '\(name)'") }
        return MilestoneRecord(
            milestone: milestone, at: Timestamp.date(try decode(column: "at", as: Int64.self)), reason: try decode(column: "reason", as: String.self),
            actor: try decode(column: "actor", as: String.self), recordedAt: Timestamp.date(try decode(column: "recorded_at", as: Int64.self)))
    }
}
