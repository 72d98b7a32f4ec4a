import Foundation
import HeraldCore

/// Atlassian Statuspage's public v2 JSON, with its paths, fields and enumerations, so existing
/// widgets and integrations read Herald's page as they read a hosted one.
public struct StatuspageJSON {
    public let snapshot: PublicSnapshot
    public let settings: StatusPageSettings
    /// The page's address, for `page.url` and incident shortlinks.
    public let baseURL: String

    public init(snapshot: PublicSnapshot, settings: StatusPageSettings, baseURL: String) {
        self.snapshot = snapshot
        self.settings = settings
        self.baseURL = baseURL
    }

    public var zone: TimeZone { settings.timeZone }
    public var language: Language { settings.language }

    public func time(_ date: Date?) -> Any { date.map { PublicTime.statuspage($0, zone) } ?? NSNull() }

    public var page: [String: Any] {
        let latest = ([snapshot.components.map(\.updatedAt).max()] + snapshot.incidents.map { Optional($0.updatedAt) }
            + snapshot.maintenances.map { Optional($0.updatedAt) }).compactMap { $0 }.max() ?? snapshot.generatedAt
        return [
            "id": settings.pageID, "name": settings.name(language), "url": baseURL, "time_zone": zone.identifier,
            "updated_at": PublicTime.statuspage(latest, zone),
        ]
    }

    public var status: [String: Any] {
        let overall = snapshot.overall
        return ["indicator": overall.indicator.rawValue, "description": overall.description(.en)]
    }

    public func component(_ component: Component) -> [String: Any] {
        [
            "id": component.id, "page_id": settings.pageID, "group_id": component.groupID ?? NSNull(), "group": false,
            "name": component.name(in: language), "description": component.description(in: language) ?? NSNull(), "status": component.status.rawValue,
            "position": component.position, "showcase": true, "only_show_if_degraded": false,
            "start_date": startDate(component.createdAt), "created_at": time(component.createdAt), "updated_at": time(component.updatedAt),
        ]
    }

    /// Statuspage's `start_date` is a calendar date.
    public func startDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
    }

    /// Groups are listed among the components, as Statuspage does, with their members' ids and
    /// their worst member's status.
    public func group(_ group: ComponentGroup) -> [String: Any] {
        let members = snapshot.components.filter { $0.groupID == group.id }
        return [
            "id": group.id, "page_id": settings.pageID, "group_id": NSNull(), "group": true, "name": group.name(in: language),
            "description": group.description(in: language) ?? NSNull(), "status": (members.map(\.status).max() ?? .operational).rawValue,
            "position": group.position, "showcase": false, "only_show_if_degraded": false, "start_date": startDate(group.createdAt),
            "created_at": time(group.createdAt), "updated_at": time(group.updatedAt), "components": members.map(\.id),
        ]
    }

    public var components: [[String: Any]] {
        snapshot.groups.map(group) + snapshot.components.map(component)
    }

    public func affected(_ ids: [String]) -> [[String: Any]] {
        ids.compactMap { id in snapshot.components.first { $0.id == id }.map(component) }
    }

    /// Each update, newest first, with the change to its components made with it.
    public func updates(_ updates: [PublicUpdate], incidentID: String, components: [String], began: Date) -> [[String: Any]] {
        let current = Dictionary(snapshot.components.map { ($0.id, $0.status) }) { first, _ in first }
        let names = Dictionary(snapshot.components.map { ($0.id, $0.name(in: language)) }) { first, _ in first }
        let changes = ComponentChanges.perUpdate(
            updates.map(\.at), began: began, components: components, history: snapshot.history, current: current)
        return zip(updates, changes).reversed().map { update, affected in
            [
                "id": update.id, "incident_id": incidentID, "status": update.status, "body": update.body,
                "created_at": time(update.at), "updated_at": time(update.at), "display_at": time(update.at),
                "affected_components": affected.map { change -> [String: Any] in
                    [
                        "code": change.componentID, "name": names[change.componentID] ?? change.componentID,
                        "old_status": change.oldStatus.rawValue, "new_status": change.newStatus.rawValue,
                    ]
                },
                "deliver_notifications": true,
            ]
        }
    }

    public func incident(_ item: PublicIncident) -> [String: Any] {
        let incident = item.incident
        let updates = item.publicUpdates(language)
        let postmortem = item.postmortem(language)
        return [
            "id": incident.id, "page_id": settings.pageID, "name": incident.title, "status": item.publicStatus,
            "impact": item.impact.rawValue, "shortlink": "\(baseURL)/incidents/\(incident.id)",
            "created_at": time(incident.createdAt), "updated_at": time(updates.last?.at ?? incident.createdAt),
            "started_at": time(incident.createdAt), "monitoring_at": time(item.firstTime(.monitoring)),
            "resolved_at": time(incident.resolvedAt), "components": affected(incident.components),
            "incident_updates": self.updates(updates, incidentID: incident.id, components: incident.components, began: incident.createdAt),
            "postmortem_body": postmortem?.body ?? NSNull(), "postmortem_published_at": time(postmortem?.at),
        ]
    }

    public func maintenance(_ item: PublicMaintenance) -> [String: Any] {
        let notice = item.notice
        let updates = item.publicUpdates(language)
        let reminded = item.updates.first { if case .reminder = $0.step { true } else { false } }?.at
        return [
            "id": notice.id, "page_id": settings.pageID, "name": notice.content.title.text(for: language) ?? "", "status": item.status,
            "impact": "maintenance", "shortlink": "\(baseURL)/maintenance/\(notice.id)",
            "created_at": time(notice.publishedAt ?? notice.createdAt), "updated_at": time(item.updatedAt),
            "started_at": time(notice.actualStart), "monitoring_at": NSNull(),
            "resolved_at": time(notice.actualEnd ?? notice.cancelledAt),
            "components": affected(notice.content.components),
            "incident_updates": self.updates(
                updates, incidentID: notice.id, components: notice.content.components, began: notice.publishedAt ?? notice.createdAt),
            "scheduled_for": time(notice.content.plannedStart), "scheduled_until": time(item.end),
            "scheduled_remind_prior": !notice.content.reminderMinutes.isEmpty, "scheduled_reminded_at": time(reminded),
            "scheduled_auto_in_progress": true, "scheduled_auto_completed": true,
            "postmortem_body": NSNull(), "postmortem_published_at": NSNull(),
        ]
    }

    /// The document at `path` (after `/api/v2/`), or nil for an unknown one.
    public func document(_ path: String) -> [String: Any]? {
        switch path {
        case "status.json": ["page": page, "status": status]
        case "components.json": ["page": page, "components": components]
        case "incidents.json": ["page": page, "incidents": snapshot.incidents.prefix(50).map(incident)]
        case "incidents/unresolved.json": ["page": page, "incidents": snapshot.unresolvedIncidents.map(incident)]
        case "scheduled-maintenances.json": ["page": page, "scheduled_maintenances": snapshot.maintenances.prefix(50).map(maintenance)]
        case "scheduled-maintenances/upcoming.json": ["page": page, "scheduled_maintenances": snapshot.upcomingMaintenances.map(maintenance)]
        case "scheduled-maintenances/active.json": ["page": page, "scheduled_maintenances": snapshot.activeMaintenances.map(maintenance)]
        case "summary.json":
            [
                "page": page, "status": status, "components": components, "incidents": snapshot.unresolvedIncidents.map(incident),
                "scheduled_maintenances": (snapshot.activeMaintenances + snapshot.upcomingMaintenances).map(maintenance),
            ]
        default: nil
        }
    }

    public static let paths = [
        "summary.json", "status.json", "components.json", "incidents.json", "incidents/unresolved.json", "scheduled-maintenances.json",
        "scheduled-maintenances/upcoming.json", "scheduled-maintenances/active.json",
    ]

    public func render(_ path: String) throws -> String? {
        guard let document = document(path) else { return nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
