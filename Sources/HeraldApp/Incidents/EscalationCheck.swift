import HeraldCore
import HeraldStore

/// Escalations whose contacts, groups or schedules were removed after they were saved: checked at
/// start, since such a step pages nobody when an incident reaches it.
public enum EscalationCheck {
    /// One line per broken step, naming the team or integration and the step.
    public static func brokenReferences(_ store: Store) async throws -> [String] {
        let known = try await store.escalationTargets()
        var lines: [String] = []
        for team in try await store.teams() {
            lines += team.escalation.problems(known: known).map { "team '\(team.id)': \($0.field) \($0.reason)" }
        }
        for integration in try await store.integrations() {
            guard let escalation = integration.escalation else { continue }
            lines += escalation.problems(known: known).map { "integration '\(integration.name)': \($0.field) \($0.reason)" }
        }
        return lines
    }
}
