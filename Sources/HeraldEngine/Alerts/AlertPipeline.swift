import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging

/// From a monitoring event to a page: grades it, routes it to a team, deduplicates and groups it into
/// an incident, and when an incident opens, pages the first escalation step through the delivery queue.
public struct AlertPipeline: Sendable {
    let store: Store
    let severity: SeverityRules
    let planner: ChannelPlanner
    let autoResolve: Bool
    let inhibitions: [InhibitRule]
    let flapping: FlapPolicy
    let links: IncidentLinkSource?
    /// Storm protection per team; off unless the caller gives settings (the runtime gives the config's).
    public let storm: StormSettings
    let logger: Logger
    /// The clock the pipeline reads; tests pass a fixed one.
    public let now: @Sendable () -> Date

    public init(
        store: Store, severity: SeverityRules = SeverityRules(), planner: ChannelPlanner = Channels.planner, autoResolve: Bool = true,
        inhibitions: [InhibitRule] = [], flapping: FlapPolicy = FlapPolicy(), links: IncidentLinkSource? = nil,
        storm: StormSettings = StormSettings(enabled: false), logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.storm = storm
        self.flapping = flapping
        self.inhibitions = inhibitions
        self.links = links
        self.store = store
        self.severity = severity
        self.planner = planner
        self.autoResolve = autoResolve
        self.logger = logger
        self.now = now
    }

    /// Applies the event; the page, if any, is queued before this returns.
    @discardableResult
    public func receive(_ alert: IncomingAlert, from integration: Integration) async throws -> IngestResult {
        let decision = routing(alert, routes: alert.action == .trigger ? try await store.cachedAlertRoutes() : [])
        let route = decision.route, graded = decision.severity
        let result = try await store.ingest(
            alert, integration: integration, severity: graded, route: route, autoResolve: autoResolve, inhibitions: inhibitions,
            flapping: flapping, storm: alert.action == .trigger ? storm.policy(for: route?.team) : nil)
        try await pageIfOpened(result, alert: alert, source: integration.name, fallback: integration.effectiveEscalation, routing: decision)
        return result
    }

    /// Pages step 1 when intake opened an incident that pages now: of the route's team, else
    /// `fallback` (the integration's policy). Heartbeat alerts, taken in by the store with their
    /// monitor's change, are paged here too, so they are paged exactly as any alert.
    public func pageIfOpened(
        _ result: IngestResult, alert: IncomingAlert, source: String, fallback: EscalationPolicy?, routing: RoutingDecision, kind: IncidentKind = .real
    ) async throws {
        guard result.decision.pageNow, let incidentID = result.incidentID else { return }
        var policy = fallback
        if let route = routing.route { policy = try await store.team(id: route.team).escalation }
        // A page says the incident started when Herald first heard of it, as later pages and the
        // respond page do (the stored alert keeps that time, not the source's).
        var headline = alert
        headline.occurredAt = now()
        var opening: StormOpening?
        for case .beginStorm(_, let team, let opened) in result.decision.changes {
            if let policy = storm.policy(for: team.isEmpty ? nil : team) {
                opening = StormOpening(team: team.isEmpty ? nil : team, opened: opened, policy: policy)
            }
        }
        let queued = try await page(
            incidentID: incidentID, alert: headline, severity: routing.severity, policy: policy, source: source,
            runbook: routing.route?.runbookURL, step: 0, previous: nil, alertCount: 1, storm: opening, kind: kind)
        logger.notice(
            "incident opened", metadata: ["incident": "\(incidentID)", "severity": "\(routing.severity.rawValue)", "pages": "\(queued)"])
    }

    /// The team and severity `alert` gets under `routes`, with this pipeline's severity rules: what
    /// `receive` decides, and what the console's routing tester shows.
    public func routing(_ alert: IncomingAlert, routes: [AlertRoute]) -> RoutingDecision {
        RoutingDecision.of(alert, routes: routes, rules: severity)
    }

    /// The escalation policy an incident follows: its team's, or else its integration's.
    public func policy(for incident: Incident) async throws -> EscalationPolicy? {
        if let team = incident.teamID { return try await store.team(id: team).escalation }
        guard let integration = incident.integrationID else { return nil }
        return try await store.integration(id: integration).effectiveEscalation
    }

    /// Pages step `step` of `policy` and schedules the next one; returns how many deliveries were
    /// queued. The deliveries go in before the step is recorded: after a crash in between, the step
    /// is paged again with the same keys, which the queue keeps once. `actor` is who the timeline
    /// says paged it: Herald, or a responder who escalated by hand.
    @discardableResult
    public func page(
        incidentID: String, alert: IncomingAlert, severity: Severity, policy: EscalationPolicy?, source: String, runbook: String?,
        step index: Int, previous: Int?, alertCount: Int = 1, actor: String = "herald", storm: StormOpening? = nil, kind: IncidentKind = .real
    ) async throws -> Int {
        guard let policy, let step = policy.step(at: index) else {
            if try await store.advanceEscalation(incidentID: incidentID, from: previous, to: index, nextAt: nil), previous != nil {
                try await store.recordIncidentEvent(
                    incidentID: incidentID, kind: .escalationExhausted, actor: "herald", detail: "every step paged; nobody acknowledged")
            }
            return 0
        }
        let at = now()
        let (members, audience) = try await recipients(of: step, at: at)
        let links = try await self.links?.links()
        let runbook = ResponderDetails.runbook(route: runbook, details: alert.annotations)
        var deliveries: [NewDelivery] = []
        for contact in members {
            let page = IncidentPage(
                incidentID: incidentID, alert: alert, alertCount: alertCount, severity: severity, integration: source, language: contact.language,
                timeZone: ReadableTime.zone(contact.timeZone), respondURL: links?.url(incidentID: incidentID, contactID: contact.id, now: at),
                runbookURL: runbook, storm: storm, kind: kind)
            for planned in planner.plan(contact, severity: severity, now: at) {
                let group = planner.catalogue[planned.channel]?.group
                deliveries.append(NewDelivery(
                    idempotencyKey: "incident:\(incidentID):step-\(index):\(contact.id):\(planned.channel.rawValue)", channel: planned.channel,
                    address: planned.address, severity: severity, subject: page.subject, body: page.text(for: group),
                    contactID: contact.id, notBefore: planned.notBefore, actions: group == .im ? page.actions : []))
            }
        }
        let queued = try await store.enqueue(deliveries)
        // After the last step the policy still waits its time, then records that it ran out.
        let next = at.addingTimeInterval(TimeInterval(step.waitMinutes * 60))
        guard try await store.advanceEscalation(incidentID: incidentID, from: previous, to: index, nextAt: next) else { return queued }
        try await store.recordIncidentEvent(
            incidentID: incidentID, kind: index == 0 ? .pageQueued : .escalated, actor: actor,
            detail: "step \(index + 1): \(queued) messages to \(members.count) people in \(audience)")
        return queued
    }

    /// Tells the people of the incident's current step about the alerts that joined it since they
    /// were last told; returns how many deliveries were queued.
    @discardableResult
    public func announceNewAlerts(incident: Incident, step index: Int, since: Date, due: Int64) async throws -> Int {
        let joined = try await store.alerts(incidentID: incident.id).filter { $0.firstAt > since }
        // After the policy ran out, the people of its last step are the ones who know the incident.
        let policy = try await policy(for: incident)
        guard let step = policy?.step(at: max(index, 0)) ?? policy?.step(at: index - 1), !joined.isEmpty else {
            _ = try await store.markNewAlertsAnnounced(incidentID: incident.id, due: due)
            return 0
        }
        let at = now()
        let (members, audience) = try await recipients(of: step, at: at)
        let links = try await self.links?.links()
        var deliveries: [NewDelivery] = []
        for contact in members {
            let update = IncidentUpdatePage(
                incident: incident, joined: joined, language: contact.language,
                respondURL: links?.url(incidentID: incident.id, contactID: contact.id, now: at))
            // A call for every newcomer would be too much; the written channels carry it.
            for planned in planner.plan(contact, severity: incident.severity, now: at)
            where planner.catalogue[planned.channel]?.group != .voice {
                let group = planner.catalogue[planned.channel]?.group
                deliveries.append(NewDelivery(
                    idempotencyKey: "incident:\(incident.id):joined-\(due):\(contact.id):\(planned.channel.rawValue)", channel: planned.channel,
                    address: planned.address, severity: incident.severity, subject: update.subject, body: update.text(for: group),
                    contactID: contact.id, notBefore: planned.notBefore, actions: group == .im ? update.actions : []))
            }
        }
        let queued = try await store.enqueue(deliveries)
        guard try await store.markNewAlertsAnnounced(incidentID: incident.id, due: due) else { return queued }
        try await store.recordIncidentEvent(
            incidentID: incident.id, kind: .alertsAnnounced, actor: "herald",
            detail: "\(joined.count) new alerts: \(queued) messages to \(members.count) people in \(audience)")
        return queued
    }

    /// What escalating by hand came to.
    public enum ManualOutcome: Sendable, Equatable {
        /// Step `step` (from 0) was paged with `queued` messages.
        case paged(step: Int, queued: Int)
        case refused(ManualEscalation)
    }

    /// A responder escalates now: the step after the one paged last is paged at once, whether or not
    /// someone acknowledged (asking for help is why one escalates by hand). Core decides which step.
    public func escalateNow(incidentID: String, actor: String) async throws -> ManualOutcome {
        let incident = try await store.incident(id: incidentID)
        let decision = ManualEscalation.decide(
            status: incident.status, policy: try await policy(for: incident), current: try await store.escalationStep(incidentID: incidentID))
        guard case .page(let next, let previous) = decision else { return .refused(decision) }
        let alerts = try await store.alerts(incidentID: incidentID)
        var source = "herald"
        if let integration = incident.integrationID { source = try await store.integration(id: integration).name }
        let queued = try await page(
            incidentID: incidentID, alert: EscalationService.headline(of: incident, alerts: alerts), severity: incident.severity,
            policy: try await policy(for: incident), source: source, runbook: incident.runbookURL, step: next, previous: previous,
            alertCount: max(alerts.count, 1), actor: actor, kind: incident.kind)
        return .paged(step: next, queued: queued)
    }

    /// Who a step pages now, and how to name them on the timeline.
    func recipients(of step: EscalationStep, at: Date) async throws -> ([Contact], String) {
        let members: [Contact]
        let audience: String
        switch step.target {
        case .group(let group):
            members = try await store.members(ofGroup: group)
            audience = group
        case .contact(let id):
            members = try await [store.contact(id: id)].filter { $0.consent == .granted }
            audience = id
        case .schedule(let id):
            let schedule = try await store.schedule(id: id)
            let person = schedule.onCall(at: at)
            if let person { members = try await [store.contact(id: person)].filter { $0.consent == .granted } } else { members = [] }
            audience = "\(schedule.name) (\(person ?? "nobody on call"))"
        }
        return (members, audience)
    }
}
