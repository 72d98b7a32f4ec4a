import Foundation

/// A record someone asked to delete.
public enum DeletionTarget: Sendable, Equatable {
    case contact(String)
    case team(String)
    case schedule(String)
    case integration(String)
}

/// What may still use a record: the facts the store loads before a deletion.
public struct ReferenceFacts: Sendable {
    public var teams: [Team]
    public var integrations: [Integration]
    public var schedules: [OnCallSchedule]
    public var routes: [AlertRoute]
    /// Incidents not resolved yet: they still escalate through their team or integration.
    public var openIncidents: [Incident]
    public var now: Date

    public init(
        teams: [Team] = [], integrations: [Integration] = [], schedules: [OnCallSchedule] = [], routes: [AlertRoute] = [],
        openIncidents: [Incident] = [], now: Date
    ) {
        self.teams = teams
        self.integrations = integrations
        self.schedules = schedules
        self.routes = routes
        self.openIncidents = openIncidents
        self.now = now
    }
}

/// Whether a record may be deleted: refused while something would page, route or escalate through it,
/// so a deletion never leaves a broken reference behind. The reason names every user, so the person
/// deleting knows what to change first.
public enum RecordDeletion {
    public enum Decision: Sendable, Equatable {
        case allowed
        case refused(String)
    }

    public static func decide(_ target: DeletionTarget, _ facts: ReferenceFacts) -> Decision {
        let (name, users): (String, [String])
        switch target {
        case .contact(let id):
            name = "contact '\(id)'"
            var found = escalations(facts) { $0 == .contact(id) }
            for schedule in facts.schedules {
                if schedule.members.contains(id) { found.append("schedule '\(schedule.id)' (member)") }
                if schedule.overrides.contains(where: { $0.contact == id && $0.end > facts.now }) {
                    found.append("schedule '\(schedule.id)' (override)")
                }
            }
            users = found
        case .schedule(let id):
            name = "schedule '\(id)'"
            users = escalations(facts) { $0 == .schedule(id) }
        case .team(let id):
            name = "team '\(id)'"
            var found = facts.routes.enumerated().filter { $0.element.team == id }.map { "alert route \($0.offset + 1)" }
            let open = facts.openIncidents.filter { $0.teamID == id }.count
            if open > 0 { found.append("\(open) open incident\(open == 1 ? "" : "s")") }
            users = found
        case .integration(let id):
            name = "integration '\(id)'"
            let open = facts.openIncidents.filter { $0.integrationID == id }.count
            users = open > 0 ? ["\(open) open incident\(open == 1 ? "" : "s")"] : []
        }
        guard !users.isEmpty else { return .allowed }
        return .refused("\(name) is still used by \(users.joined(separator: ", ")); change or resolve \(users.count == 1 ? "it" : "them") first")
    }

    /// The escalation steps of teams and integrations whose target matches.
    static func escalations(_ facts: ReferenceFacts, _ matches: (EscalationStep.Target) -> Bool) -> [String] {
        var found: [String] = []
        for team in facts.teams {
            for (index, step) in team.escalation.steps.enumerated() where matches(step.target) {
                found.append("team '\(team.id)' (escalation step \(index + 1))")
            }
        }
        for integration in facts.integrations {
            for (index, step) in (integration.escalation?.steps ?? []).enumerated() where matches(step.target) {
                found.append("integration '\(integration.name)' (escalation step \(index + 1))")
            }
        }
        return found
    }
}
