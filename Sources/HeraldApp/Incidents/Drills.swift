import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore

/// How fast a drill should be acknowledged: `drills.acknowledge_target_minutes`, and per team.
public struct DrillSettings: Sendable, Equatable {
    public var acknowledgeTarget: TimeInterval = 300
    public var teamTargets: [String: TimeInterval] = [:]
    /// `drills.schedule`: drills started by Herald each month.
    public var schedules: [DrillSchedule] = []

    public init(acknowledgeTarget: TimeInterval = 300, teamTargets: [String: TimeInterval] = [:], schedules: [DrillSchedule] = []) {
        self.acknowledgeTarget = acknowledgeTarget
        self.teamTargets = teamTargets
        self.schedules = schedules
    }

    public func target(team: String?) -> TimeInterval { team.flatMap { teamTargets[$0] } ?? acknowledgeTarget }
}

/// Drills (演练) and tests, the use cases the API, the console and the CLI share: start one on the
/// real pipeline (the team's escalation pages its real on-call people, every message marked), read
/// its scorecard, and a team's history with the trend.
public struct Drills: Sendable {
    public let store: Store
    public let pipeline: AlertPipeline
    public let settings: DrillSettings

    public init(store: Store, pipeline: AlertPipeline, settings: DrillSettings) {
        self.store = store
        self.pipeline = pipeline
        self.settings = settings
    }

    /// Opens the drill's incident, routed to its team with the severity asked for, and pages the
    /// team's first step now. Refused (400) with every problem named; nothing is stored then.
    public func start(_ request: DrillRequest, actor: String) async throws -> Incident {
        var errors = request.problems
        if (try? await store.team(id: request.team)) == nil { errors.append(FieldError("team", "no team with id '\(request.team)'")) }
        try ValidationFailure.check(errors)
        let team = try await store.team(id: request.team)
        let alert = IncomingAlert(
            action: .trigger, dedupKey: "\(request.kind.rawValue)-\(Identifier.make())",
            summary: request.title ?? "\(request.kind.label(.zhCN)) \(request.kind.label(.en)): \(team.name)", source: "herald",
            labels: ["drill": request.kind.rawValue, "team": team.id], occurredAt: pipeline.now())
        let route = AlertRoute(matchers: [], team: team.id, severity: request.severity, runbookURL: request.runbookURL)
        let result = try await store.ingest(
            alert, integration: try await store.integration(id: Store.drillIntegration), severity: request.severity, route: route, kind: request.kind)
        guard let id = result.incidentID else { throw StoreError.notFound(kind: "incident", id: alert.dedupKey) }
        try await store.recordIncidentEvent(
            incidentID: id, kind: .drill, actor: actor, detail: "\(request.kind.rawValue) started by \(actor) for team \(team.id), \(request.severity.rawValue) severity")
        try await pipeline.pageIfOpened(
            result, alert: alert, source: request.kind.rawValue, fallback: nil, routing: RoutingDecision(route: route, severity: request.severity),
            kind: request.kind)
        return try await store.incident(id: id)
    }

    /// How the drill went, read afresh: it fills in as it goes and is final once resolved.
    public func scorecard(incidentID: String) async throws -> DrillScorecard {
        let facts = try await store.postmortemFacts(incidentID: incidentID)
        guard facts.incident.kind != .real else { throw StoreError.notFound(kind: "drill", id: incidentID) }
        return DrillScorecard.of(
            facts.incident, events: facts.events, pages: facts.pages, postmortem: try await store.postmortem(incidentID: incidentID)?.state,
            targetSeconds: settings.target(team: facts.incident.teamID))
    }

    /// A team's drills (every team's when nil), the newest first, each with its trend against the
    /// team's drill before it.
    public func history(team: String?, limit: Int = 50) async throws -> [(scorecard: DrillScorecard, trend: DrillTrend)] {
        var cards: [DrillScorecard] = []
        // Tests check the paging path; the history is of drills, which rehearse the response.
        for incident in try await store.drills(team: team, kinds: [.drill], limit: limit) {
            cards.append(try await scorecard(incidentID: incident.id))
        }
        var trends: [String: DrillTrend] = [:]
        for (_, drills) in Dictionary(grouping: cards, by: { $0.incident.teamID ?? "" }) {
            let oldest = drills.sorted { ($0.incident.createdAt, $0.incident.id) < ($1.incident.createdAt, $1.incident.id) }
            for (card, trend) in zip(oldest, DrillTrend.of(oldest)) { trends[card.incident.id] = trend }
        }
        return cards.map { ($0, trends[$0.incident.id] ?? .first) }
    }
}
