import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// What the public may see now, read in one go: the status page, its JSON and feeds are built from it.
    public func publicSnapshot(historyDays: Int = 90, recent: Int = 50) async throws -> PublicSnapshot {
        let generatedAt = now()
        let since = Timestamp.milliseconds(generatedAt.addingTimeInterval(-Double(historyDays + 1) * 86400))
        return try await read { database in
            let components = try await Self.components(database)
            let groups = try await database.select().column("*").from("component_groups").orderBy("position").orderBy("name").all()
                .map { try $0.componentGroup() }

            // Only incidents responders have said something public about: the rest are internal alerts.
            let spoken = SQLSubquery.select { $0.column("incident_id").from("incident_events").where("public", .equal, SQLBind(Int64(1))) }
            // A drill or a test never reaches the public, whatever was said on it.
            let real = IncidentKind.real.rawValue
            var incidentRows = try await database.select().column("*").from("incidents").where("id", .in, spoken).where("kind", .equal, real)
                .orderBy("created_at", .descending).orderBy("id").limit(recent).all().map { try $0.incident() }
            let listed = Set(incidentRows.map(\.id))
            incidentRows += try await database.select().column("*").from("incidents").where("id", .in, spoken).where("kind", .equal, real)
                .where("status", .notEqual, IncidentStatus.resolved.rawValue).all().map { try $0.incident() }
                .filter { !listed.contains($0.id) }
            var updates: [String: [IncidentEvent]] = [:]
            if !incidentRows.isEmpty {
                for row in try await database.select().column("*").from("incident_events").where("public", .equal, SQLBind(Int64(1)))
                    .where("incident_id", .in, SQLBind.group(incidentRows.map(\.id))).orderBy("id").all()
                {
                    let event = try row.incidentEvent(isPublic: true)
                    updates[event.incidentID, default: []].append(event)
                }
            }
            let incidents = incidentRows.sorted { $0.createdAt > $1.createdAt }
                .map { PublicIncident(incident: $0, updates: updates[$0.id] ?? []) }

            var notices = try await database.select().column("*").from("notices").where("state", .notEqual, NoticeState.draft.rawValue)
                .orderBy("planned_start", .descending).orderBy("id").limit(recent).all().map { try $0.notice() }
            let shown = Set(notices.map(\.id))
            notices += try await database.select().column("*").from("notices")
                .where("state", .in, SQLBind.group([NoticeState.scheduled.rawValue, NoticeState.inProgress.rawValue])).all()
                .map { try $0.notice() }.filter { !shown.contains($0.id) }
            var steps: [String: [MaintenanceUpdate]] = [:]
            if !notices.isEmpty {
                for row in try await database.select().column("*").from("announcements")
                    .where("audience", .equal, AnnouncementAudience.notice.key)
                    .where("notice_id", .in, SQLBind.group(notices.map(\.id))).orderBy("id").all()
                {
                    let announcement = try row.announcement()
                    var texts: [Language: String] = [:]
                    for language in Language.allCases {
                        if let text = announcement.messages[.statusPage, language]?.text { texts[language] = text }
                    }
                    steps[announcement.noticeID, default: []].append(
                        MaintenanceUpdate(id: announcement.id, step: announcement.step, at: announcement.createdAt, texts: texts))
                }
            }
            let maintenances = notices.sorted { $0.content.plannedStart > $1.content.plannedStart }
                .map { PublicMaintenance(notice: $0, updates: steps[$0.id] ?? []) }

            var history: [String: [ComponentStatusChange]] = [:]
            for row in try await database.select().column("*").from("component_status_changes")
                .where("changed_at", .greaterThanOrEqual, SQLBind(since)).orderBy("id").all()
            {
                let change = try row.statusChange()
                history[change.componentID, default: []].append(change)
            }
            return PublicSnapshot.visible(
                generatedAt: generatedAt, components: components, groups: groups, incidents: incidents, maintenances: maintenances,
                history: history)
        }
    }

    /// Changes whenever anything the public sees changes, so a page built from an earlier snapshot
    /// can be served again as long as this stays the same. Cheap: a handful of index lookups.
    public func publicStamp() async throws -> String {
        try await read { database in
            let row = try await database.raw("""
                SELECT (SELECT MAX(updated_at) FROM components) AS a, (SELECT COUNT(*) FROM components) AS b,
                       (SELECT MAX(updated_at) FROM component_groups) AS c, (SELECT COUNT(*) FROM component_groups) AS d,
                       (SELECT MAX(id) FROM incident_events) AS e, (SELECT MAX(id) FROM announcements) AS f,
                       (SELECT MAX(updated_at) FROM notices) AS g, (SELECT MAX(id) FROM component_status_changes) AS h
                """).first()
            guard let row else { return "" }
            return try ["a", "b", "c", "d", "e", "f", "g", "h"].map { try row.decode(column: $0, as: Int64?.self).map(String.init) ?? "-" }
                .joined(separator: ".")
        }
    }
}
