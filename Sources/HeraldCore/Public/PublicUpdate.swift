import Foundation

/// One update as the public reads it, for an incident or a maintenance: Statuspage's `incident_update`.
public struct PublicUpdate: Sendable, Equatable {
    public var id: String
    /// Statuspage's status at the update: investigating, identified, monitoring, resolved for
    /// incidents; scheduled, in_progress, completed for maintenance.
    public var status: String
    public var body: String
    public var at: Date

    public init(id: String, status: String, body: String, at: Date) {
        self.id = id
        self.status = status
        self.body = body
        self.at = at
    }
}

extension PublicIncident {
    /// The public updates, oldest first, each with the status it left the incident in. A resolved
    /// incident whose responders said nothing about it is closed with a plain last line.
    public func publicUpdates(_ language: Language) -> [PublicUpdate] {
        var status = IncidentStatus.investigating
        var result: [PublicUpdate] = []
        for event in updates where event.kind != .postmortem {
            if event.kind == .statusChanged, let detail = event.detail, let new = detail.components(separatedBy: "→ ").last,
                let parsed = IncidentStatus(rawValue: new.trimmingCharacters(in: .whitespaces))
            {
                status = parsed
                continue
            }
            result.append(PublicUpdate(id: "\(incident.id)-\(event.id)", status: status.rawValue, body: event.text(language) ?? "", at: event.at))
        }
        if incident.status == .resolved, result.last?.status != IncidentStatus.resolved.rawValue {
            result.append(PublicUpdate(
                id: "\(incident.id)-resolved", status: IncidentStatus.resolved.rawValue,
                body: language.text(.incidentResolvedUpdate), at: incident.resolvedAt ?? updatedAt))
        }
        return result
    }

    /// The postmortem published on the status page, if one was: its summary, in the reader's language.
    public func postmortem(_ language: Language) -> PublicUpdate? {
        guard let event = updates.last(where: { $0.kind == .postmortem }) else { return nil }
        return PublicUpdate(id: "\(incident.id)-\(event.id)", status: Self.postmortemStatus, body: event.text(language) ?? "", at: event.at)
    }

    /// Statuspage's status: `postmortem` once one is published, else the incident's own.
    public var publicStatus: String {
        updates.contains { $0.kind == .postmortem } ? Self.postmortemStatus : incident.status.rawValue
    }

    public static let postmortemStatus = "postmortem"

    /// When the incident first reached `status`, as far as the public was told.
    public func firstTime(_ status: IncidentStatus) -> Date? {
        publicUpdates(.en).first { $0.status == status.rawValue }?.at
    }
}

extension PublicMaintenance {
    /// Statuspage's maintenance status: scheduled, in_progress or completed (a cancelled maintenance
    /// is completed, its last update saying it was cancelled).
    public var status: String {
        switch notice.state {
        case .draft, .scheduled: "scheduled"
        case .inProgress: "in_progress"
        case .completed, .cancelled: "completed"
        }
    }

    /// What the status page said at each step, oldest first.
    public func publicUpdates(_ language: Language) -> [PublicUpdate] {
        updates.map { update in
            let status: String =
                switch update.step {
                case .announcement, .reminder, .rescheduled, .test: "scheduled"
                case .start, .extended: "in_progress"
                case .completion, .cancellation: "completed"
                }
            return PublicUpdate(id: "\(notice.id)-\(update.id)", status: status, body: update.text(language), at: update.at)
        }
    }
}
