import Foundation

/// The alert state machine: what one monitoring event does, decided from the facts the store loaded.
///
/// Precedence for a new alert: a silence mutes it, else an inhibiting alert, else a running
/// maintenance of one of its components; a muted alert is on the timeline and pages nobody, and
/// moves no component. An incident's severity only rises. Component status only worsens here.
public enum AlertIntake {
    /// The settings an event is decided under: where it came from and what the pipeline graded.
    public struct Context: Sendable, Equatable {
        public var integration: Integration
        public var severity: Severity
        public var route: AlertRoute?
        public var autoResolve: Bool
        public var flapping: FlapPolicy
        /// The storm protection of the alert's team; nil when it is off.
        public var storm: StormPolicy?
        /// The id a new incident gets, made by the caller so that deciding stays pure.
        public var newIncidentID: String
        public var now: Date
        /// What an incident it opens is: a drill's or a test's alert opens one of its own kind.
        public var kind: IncidentKind

        public init(
            integration: Integration, severity: Severity, route: AlertRoute? = nil, autoResolve: Bool = true, flapping: FlapPolicy = .off,
            storm: StormPolicy? = nil, newIncidentID: String, now: Date, kind: IncidentKind = .real
        ) {
            self.kind = kind
            self.storm = storm
            self.integration = integration
            self.severity = severity
            self.route = route
            self.autoResolve = autoResolve
            self.flapping = flapping
            self.newIncidentID = newIncidentID
            self.now = now
        }

        /// Storm mode is per team; alerts routed to no team share the key "" (see `StormSettings`).
        public var stormTeam: String { route?.team ?? "" }

        /// The group a new alert joins: its integration's grouping, within its team. A drill or a
        /// test is an incident of its own: nothing real joins it, and it joins nothing real.
        public func groupKey(for alert: IncomingAlert) -> String {
            if kind != .real { return "\(kind.rawValue):\(newIncidentID)" }
            return integration.grouping.key(for: alert, integration: integration.id, team: route?.team)
        }
    }

    public static func decide(_ alert: IncomingAlert, facts: IntakeFacts, context: Context) -> IntakeDecision {
        switch alert.action {
        case .trigger: trigger(alert, facts: facts, context: context)
        case .acknowledge: acknowledge(facts: facts, context: context)
        case .resolve: resolve(facts: facts, context: context)
        }
    }

    private static func trigger(_ alert: IncomingAlert, facts: IntakeFacts, context: Context) -> IntakeDecision {
        if let open = facts.openAlert {
            return IntakeDecision(outcome: .repeated, incidentID: open.incidentID, changes: [.countRepeat(alertID: open.id, summary: alert.summary)])
        }
        var changes: [IntakeChange] = []
        let source = context.integration.name
        let incident: String
        let outcome: IntakeDecision.Outcome
        // A drill or a test rehearses the page itself: no silence, inhibition or maintenance holds it,
        // it takes no part in storms and changes no component.
        let rehearsal = context.kind != .real
        let muting = rehearsal ? nil : muting(facts)
        // Only an alert that would page on its own counts for, or joins, a storm.
        let storm: StormIntake =
            if !rehearsal, facts.joinable == nil, muting == nil, let team = facts.storm {
                StormGuard.intake(openedInWindow: team.openedInWindow, activeIncidentID: team.active?.id, policy: context.storm)
            } else { .normal }
        if let joined = facts.joinable ?? (storm == .normal ? nil : facts.storm?.active) {
            incident = joined.id
            outcome = .grouped
            if context.severity > joined.severity {
                changes.append(.raiseSeverity(incidentID: incident, to: context.severity))
                changes.append(.timeline(
                    incidentID: incident, .severityRaised, actor: source, detail: "\(joined.severity.rawValue) → \(context.severity.rawValue)"))
            }
        } else if storm == .begin, let policy = context.storm {
            incident = context.newIncidentID
            outcome = .opened
            let opened = (facts.storm?.openedInWindow ?? 0) + 1
            let minutes = Int(policy.window / 60)
            let team = context.route?.team
            changes.append(.openIncident(.init(
                id: incident, title: "告警风暴 Alert storm: \(team.map { "team \($0)" } ?? "no team"), \(opened) new incidents in \(minutes) min",
                severity: context.severity, groupKey: "storm:\(context.stormTeam):\(incident)", integrationID: context.integration.id,
                teamID: team, runbookURL: context.route?.runbookURL)))
            changes.append(.beginStorm(incidentID: incident, team: context.stormTeam, opened: opened))
            changes.append(.timeline(
                incidentID: incident, .opened, actor: source,
                detail: "\(context.severity.rawValue) severity, from \(source)" + (team.map { ", routed to team \($0)" } ?? "")))
            changes.append(.timeline(
                incidentID: incident, .storm, actor: "herald",
                detail: "storm mode: \(opened) new incidents within \(minutes) min (threshold \(policy.threshold))"
                    + (team.map { " for team \($0)" } ?? "")
                    + "; new alerts join this incident, with a digest every \(Int(policy.digestEvery / 60)) min"))
        } else {
            incident = context.newIncidentID
            outcome = .opened
            changes.append(.openIncident(.init(
                id: incident, title: String(alert.summary.prefix(255)), severity: context.severity, groupKey: context.groupKey(for: alert),
                integrationID: context.integration.id, teamID: context.route?.team, runbookURL: context.route?.runbookURL, kind: context.kind)))
            changes.append(.timeline(
                incidentID: incident, .opened, actor: source,
                detail: "\(context.severity.rawValue) severity, from \(source)" + (context.route.map { ", routed to team \($0.team)" } ?? "")))
        }

        switch muting {
        case .silence:
            let silence = facts.silence!
            changes.append(.timeline(
                incidentID: incident, .silenced, actor: silence.createdBy, detail: "\(alert.summary) — silence \(silence.id): \(silence.comment)"))
        case .inhibitedBy:
            changes.append(.timeline(
                incidentID: incident, .silenced, actor: "herald",
                detail: "\(alert.summary) — inhibited while \"\(facts.inhibitor!.summary)\" is open"))
        case .maintenance(let notice):
            changes.append(.timeline(
                incidentID: incident, .silenced, actor: "herald", detail: "\(alert.summary) — maintenance notice \(notice) is in progress"))
        case nil:
            if !rehearsal, !facts.components.isEmpty {
                let during = ComponentStatus.during(context.severity)
                changes.append(.affectComponents(
                    incidentID: incident, components: alert.componentNames.filter { facts.components[$0] != nil },
                    worsen: facts.components.filter { during.gravity > $0.value.gravity }.mapValues { _ in during }))
            }
        }
        changes.append(.recordAlert(incidentID: incident, severity: context.severity))
        changes.append(.timeline(incidentID: incident, .alertReceived, actor: source, detail: alert.summary))

        var pageNow = false
        let grouping = context.integration.grouping
        if storm != .normal {
            // A storm's incident is paged at once and only once; what joins it goes into its digest.
            pageNow = storm == .begin
        } else if outcome == .opened, muting == nil {
            if grouping.groupWait > 0 {
                changes.append(.holdForGroupWait(incidentID: incident, until: context.now.addingTimeInterval(TimeInterval(grouping.groupWait))))
                changes.append(.timeline(
                    incidentID: incident, .grouping, actor: "herald", detail: "first page after a group wait of \(grouping.groupWait) s"))
            } else {
                pageNow = true
            }
        } else if outcome == .grouped, let joined = facts.joinable {
            changes += joining(joined, muted: muting != nil, grouping: grouping, now: context.now)
        }
        return IntakeDecision(outcome: outcome, incidentID: incident, changes: changes, mutedBy: muting, pageNow: pageNow, storm: storm)
    }

    /// What mutes a new alert, in order of precedence.
    static func muting(_ facts: IntakeFacts) -> IntakeDecision.Muting? {
        if let silence = facts.silence { return .silence(id: silence.id) }
        if let inhibitor = facts.inhibitor { return .inhibitedBy(alertID: inhibitor.id) }
        if let notice = facts.maintenance { return .maintenance(noticeID: notice) }
        return nil
    }

    /// A new alert joined an open incident: a flapping one waiting to resolve stays open and quiet;
    /// one already paged gets its people told about the newcomers, at most once per group interval.
    static func joining(_ joined: IntakeFacts.JoinableIncident, muted: Bool, grouping: Grouping, now: Date) -> [IntakeChange] {
        if joined.quietUntil != nil {
            return [
                .clearFlappingHold(incidentID: joined.id),
                .timeline(incidentID: joined.id, .flapping, actor: "herald", detail: "fired again; joined the open incident without a new page"),
            ]
        }
        guard !muted, joined.updateDueAt == nil, (joined.escalationStep ?? -1) >= 0, let notified = joined.notifiedAt else { return [] }
        return [.announceJoinedAlerts(incidentID: joined.id, due: max(now, notified.addingTimeInterval(TimeInterval(grouping.groupInterval))))]
    }

    private static func acknowledge(facts: IntakeFacts, context: Context) -> IntakeDecision {
        guard let open = facts.openAlert else { return IntakeDecision(outcome: .dropped, incidentID: nil) }
        return IntakeDecision(
            outcome: .acknowledged, incidentID: open.incidentID,
            changes: [.acknowledgeAlert(alertID: open.id), .acknowledgeIncident(incidentID: open.incidentID, by: context.integration.name)])
    }

    private static func resolve(facts: IntakeFacts, context: Context) -> IntakeDecision {
        guard let open = facts.openAlert else { return IntakeDecision(outcome: .dropped, incidentID: nil) }
        let incident = open.incidentID
        let source = context.integration.name
        var changes: [IntakeChange] = [
            .resolveAlert(alertID: open.id), .timeline(incidentID: incident, .alertResolved, actor: source, detail: open.summary),
        ]
        guard context.autoResolve, facts.otherOpenAlerts == 0 else {
            return IntakeDecision(outcome: .resolved, incidentID: incident, changes: changes)
        }
        let flapping = context.flapping
        if flapping.isFlapping(firings: facts.recentFirings) {
            changes.append(.holdFlapping(incidentID: incident, until: context.now.addingTimeInterval(flapping.quiet)))
            changes.append(.timeline(
                incidentID: incident, .flapping, actor: "herald",
                detail: "fired \(facts.recentFirings) times in \(Int(flapping.window / 60)) min; resolves once quiet for \(Int(flapping.quiet / 60)) min"))
            return IntakeDecision(outcome: .resolved, incidentID: incident, changes: changes)
        }
        changes.append(.resolveIncident(incidentID: incident, by: source))
        return IntakeDecision(outcome: .resolved, incidentID: incident, changes: changes, incidentResolved: true)
    }
}
