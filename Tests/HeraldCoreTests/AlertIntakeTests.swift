import Foundation
import HeraldCore
import Testing

/// The alert state machine, decided from facts: no database, no clock.
@Suite struct AlertIntakeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let silence = Silence(id: "s1", matchers: [], startsAt: now, endsAt: now + 3600, createdBy: "li", comment: "扩容中")
    static let open = IntakeFacts.OpenAlert(id: 7, incidentID: "inc-old", summary: "磁盘将满")
    static let joinable = IntakeFacts.JoinableIncident(id: "inc-open", severity: .medium)

    /// One event, the facts around it, and what intake must do.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var action: IncomingAlert.Action = .trigger
        var facts = IntakeFacts()
        var severity: Severity = .high
        var groupWait = 0
        var autoResolve = true
        var flapping: FlapPolicy = .off
        var outcome: IntakeDecision.Outcome
        var incident: String?
        /// The changes in order, timeline lines left out.
        var changes: [String]
        var timeline: [IncidentEventKind] = []
        var pageNow = false
        var muted: IntakeDecision.Muting? = nil
        var resolves = false
        /// The team's storm protection, and what it must decide.
        var storm: StormPolicy? = nil
        var stormIntake: StormIntake = .normal
        var kind: IncidentKind = .real

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "a repeat of an open alert is counted, nothing else",
            facts: IntakeFacts(openAlert: open), outcome: .repeated, incident: "inc-old", changes: ["countRepeat"]),
        Row(name: "a new alert opens an incident and pages at once without a group wait",
            outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true),
        Row(name: "with a group wait the first page waits",
            groupWait: 30, outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert", "holdForGroupWait"],
            timeline: [.opened, .alertReceived, .grouping]),
        Row(name: "joining an open incident of higher severity raises it, without a page",
            facts: IntakeFacts(joinable: joinable), severity: .high, outcome: .grouped, incident: "inc-open",
            changes: ["raiseSeverity", "recordAlert"], timeline: [.severityRaised, .alertReceived]),
        Row(name: "joining with a lower severity leaves the incident's",
            facts: IntakeFacts(joinable: joinable), severity: .low, outcome: .grouped, incident: "inc-open",
            changes: ["recordAlert"], timeline: [.alertReceived]),
        Row(name: "a silence beats an inhibiting alert and a maintenance, and moves no component",
            facts: IntakeFacts(components: ["pay": .operational], silence: silence, inhibitor: .init(id: 3, summary: "db down"), maintenance: "n1"),
            outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .silenced, .alertReceived],
            muted: .silence(id: "s1")),
        Row(name: "an inhibiting alert beats a maintenance",
            facts: IntakeFacts(components: ["pay": .operational], inhibitor: .init(id: 3, summary: "db down"), maintenance: "n1"),
            outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .silenced, .alertReceived],
            muted: .inhibitedBy(alertID: 3)),
        Row(name: "a running maintenance of its component mutes it",
            facts: IntakeFacts(components: ["pay": .underMaintenance], maintenance: "n1"), outcome: .opened, incident: "inc-new",
            changes: ["openIncident", "recordAlert"], timeline: [.opened, .silenced, .alertReceived], muted: .maintenance(noticeID: "n1")),
        Row(name: "its components are affected and worsened",
            facts: IntakeFacts(components: ["pay": .operational]), outcome: .opened, incident: "inc-new",
            changes: ["openIncident", "affectComponents(pay→major_outage)", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true),
        Row(name: "a component already worse is affected but not improved",
            facts: IntakeFacts(components: ["pay": .majorOutage]), severity: .medium, outcome: .opened, incident: "inc-new",
            changes: ["openIncident", "affectComponents()", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true),
        Row(name: "firing again while a flapping incident waits to resolve joins it without a page",
            facts: IntakeFacts(joinable: .init(id: "inc-open", severity: .high, quietUntil: now + 600)), outcome: .grouped, incident: "inc-open",
            changes: ["recordAlert", "clearFlappingHold"], timeline: [.alertReceived, .flapping]),
        Row(name: "joining a paged incident announces the newcomer once the group interval since the last page is over",
            facts: IntakeFacts(joinable: .init(id: "inc-open", severity: .high, escalationStep: 0, notifiedAt: now - 60)), outcome: .grouped,
            incident: "inc-open", changes: ["recordAlert", "announceJoinedAlerts(+240s)"], timeline: [.alertReceived]),
        Row(name: "a muted alert joining a paged incident is not announced",
            facts: IntakeFacts(joinable: .init(id: "inc-open", severity: .high, escalationStep: 0, notifiedAt: now - 60), silence: silence),
            outcome: .grouped, incident: "inc-open", changes: ["recordAlert"], timeline: [.silenced, .alertReceived], muted: .silence(id: "s1")),
        Row(name: "the eleventh new incident of a team within the window begins its storm and pages at once, group wait or not",
            facts: IntakeFacts(storm: .init(openedInWindow: 10)), groupWait: 30, outcome: .opened, incident: "inc-new",
            changes: ["openIncident(storm)", "beginStorm(11)", "recordAlert"], timeline: [.opened, .storm, .alertReceived], pageNow: true,
            storm: StormPolicy(), stormIntake: .begin),
        Row(name: "the tenth opens its own incident as usual",
            facts: IntakeFacts(storm: .init(openedInWindow: 9)), outcome: .opened, incident: "inc-new",
            changes: ["openIncident", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true, storm: StormPolicy()),
        Row(name: "during a storm a new alert joins the storm's incident, raising it, and pages nobody",
            facts: IntakeFacts(storm: .init(openedInWindow: 0, active: .init(id: "inc-storm", severity: .medium))), severity: .high,
            outcome: .grouped, incident: "inc-storm", changes: ["raiseSeverity", "recordAlert"], timeline: [.severityRaised, .alertReceived],
            storm: StormPolicy(), stormIntake: .join(incidentID: "inc-storm")),
        Row(name: "during a storm an alert of an open group still joins its group",
            facts: IntakeFacts(joinable: joinable, storm: .init(openedInWindow: 0, active: .init(id: "inc-storm", severity: .high))),
            severity: .low, outcome: .grouped, incident: "inc-open", changes: ["recordAlert"], timeline: [.alertReceived], storm: StormPolicy()),
        Row(name: "during a storm a silenced alert opens its own quiet incident",
            facts: IntakeFacts(silence: silence, storm: .init(openedInWindow: 30, active: .init(id: "inc-storm", severity: .high))),
            outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .silenced, .alertReceived],
            muted: .silence(id: "s1"), storm: StormPolicy()),
        Row(name: "with storm mode off a burst opens an incident each",
            facts: IntakeFacts(storm: .init(openedInWindow: 50, active: .init(id: "inc-storm", severity: .high))), outcome: .opened,
            incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true),
        Row(name: "an acknowledge for no open alert is dropped",
            action: .acknowledge, outcome: .dropped, changes: []),
        Row(name: "an acknowledge takes the alert and its incident",
            action: .acknowledge, facts: IntakeFacts(openAlert: open), outcome: .acknowledged, incident: "inc-old",
            changes: ["acknowledgeAlert", "acknowledgeIncident"]),
        Row(name: "a resolve for no open alert is dropped",
            action: .resolve, outcome: .dropped, changes: []),
        Row(name: "the last alert resolving resolves the incident",
            action: .resolve, facts: IntakeFacts(openAlert: open), outcome: .resolved, incident: "inc-old",
            changes: ["resolveAlert", "resolveIncident"], timeline: [.alertResolved], resolves: true),
        Row(name: "an alert resolving while others are open leaves the incident open",
            action: .resolve, facts: IntakeFacts(openAlert: open, otherOpenAlerts: 2), outcome: .resolved, incident: "inc-old",
            changes: ["resolveAlert"], timeline: [.alertResolved]),
        Row(name: "without auto-resolve the incident stays for a responder",
            action: .resolve, facts: IntakeFacts(openAlert: open), autoResolve: false, outcome: .resolved, incident: "inc-old",
            changes: ["resolveAlert"], timeline: [.alertResolved]),
        Row(name: "a flapping alert's incident waits to be quiet instead of resolving",
            action: .resolve, facts: IntakeFacts(openAlert: open, recentFirings: 3), flapping: FlapPolicy(), outcome: .resolved,
            incident: "inc-old", changes: ["resolveAlert", "holdFlapping(+900s)"], timeline: [.alertResolved, .flapping]),
        // A drill rehearses the page itself: nothing mutes it, it moves no component, joins no storm.
        Row(name: "a drill is paged through a silence, an inhibitor and a maintenance, and moves no component",
            facts: IntakeFacts(components: ["pay": .operational], silence: silence, inhibitor: .init(id: 3, summary: "db down"), maintenance: "n1"),
            outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true,
            kind: .drill),
        Row(name: "a drill during a storm opens its own incident and pages",
            facts: IntakeFacts(storm: IntakeFacts.StormFacts(openedInWindow: 10, active: nil)), outcome: .opened, incident: "inc-new",
            changes: ["openIncident", "recordAlert"], timeline: [.opened, .alertReceived], pageNow: true,
            storm: StormPolicy(threshold: 10, window: 300, digestEvery: 300), kind: .drill),
        Row(name: "a test with a group wait waits like any alert",
            groupWait: 30, outcome: .opened, incident: "inc-new", changes: ["openIncident", "recordAlert", "holdForGroupWait"],
            timeline: [.opened, .alertReceived, .grouping], kind: .test),
    ]

    @Test(arguments: rows)
    func intakeDecides(_ row: Row) {
        let integration = Integration(
            id: "int", name: "prometheus", kind: .alertmanager, grouping: Grouping(groupWait: row.groupWait, groupInterval: 300), keyHint: "abcd",
            createdAt: Self.now)
        let alert = IncomingAlert(
            action: row.action, dedupKey: "k", summary: "支付失败", labels: ["alertname": "Pay", "component": "pay"], occurredAt: Self.now)
        let decision = AlertIntake.decide(
            alert, facts: row.facts,
            context: .init(
                integration: integration, severity: row.severity, autoResolve: row.autoResolve, flapping: row.flapping, storm: row.storm,
                newIncidentID: "inc-new", now: Self.now, kind: row.kind))
        #expect(decision.outcome == row.outcome)
        #expect(decision.incidentID == row.incident)
        #expect(decision.changes.compactMap(Self.label) == row.changes)
        #expect(decision.changes.compactMap(Self.timelineKind) == row.timeline)
        #expect(decision.pageNow == row.pageNow)
        #expect(decision.mutedBy == row.muted)
        #expect(decision.incidentResolved == row.resolves)
        #expect(decision.storm == row.stormIntake)
    }

    @Test func aNewIncidentCarriesItsRouteAndGroup() {
        let integration = Integration(id: "int", name: "prometheus", kind: .alertmanager, keyHint: "abcd", createdAt: Self.now)
        let alert = IncomingAlert(action: .trigger, dedupKey: "k", summary: String(repeating: "长", count: 300), labels: ["alertname": "Pay"], occurredAt: Self.now)
        let route = AlertRoute(matchers: [], team: "payments", runbookURL: "https://wiki/pay")
        let decision = AlertIntake.decide(
            alert, facts: IntakeFacts(), context: .init(integration: integration, severity: .high, route: route, newIncidentID: "inc-new", now: Self.now))
        guard case .openIncident(let opened) = decision.changes.first else {
            Issue.record("opens an incident first: \(decision.changes)")
            return
        }
        #expect(opened.title.count == 255 && opened.teamID == "payments" && opened.runbookURL == "https://wiki/pay")
        #expect(opened.groupKey == integration.grouping.key(for: alert, integration: "int", team: "payments"))
    }

    @Test func aDrillIsAnIncidentOfItsOwnKindInAGroupOfItsOwn() {
        let integration = Integration(id: "drill", name: "drill", kind: .init("drill"), keyHint: "", createdAt: Self.now)
        let alert = IncomingAlert(action: .trigger, dedupKey: "drill-1", summary: "演练 Drill: 支付组", labels: ["drill": "drill"], occurredAt: Self.now)
        let route = AlertRoute(matchers: [], team: "payments", severity: .high)
        // Even an open incident in the same group is not joined: the drill's group key is its own.
        let decision = AlertIntake.decide(
            alert, facts: IntakeFacts(),
            context: .init(integration: integration, severity: .high, route: route, newIncidentID: "inc-drill", now: Self.now, kind: .drill))
        guard case .openIncident(let opened) = decision.changes.first else {
            Issue.record("opens an incident first: \(decision.changes)")
            return
        }
        #expect(opened.kind == .drill && opened.groupKey == "drill:inc-drill" && opened.teamID == "payments")
        let real = AlertIntake.decide(
            alert, facts: IntakeFacts(), context: .init(integration: integration, severity: .high, route: route, newIncidentID: "inc-real", now: Self.now))
        guard case .openIncident(let plain) = real.changes.first else { return }
        #expect(plain.kind == .real && plain.groupKey != "drill:inc-real")
    }

    static func label(_ change: IntakeChange) -> String? {
        switch change {
        case .countRepeat: "countRepeat"
        case .openIncident(let opened): opened.groupKey.hasPrefix("storm:") ? "openIncident(storm)" : "openIncident"
        case .raiseSeverity: "raiseSeverity"
        case .affectComponents(_, _, let worsen):
            "affectComponents(\(worsen.sorted { $0.key < $1.key }.map { "\($0.key)→\($0.value.rawValue)" }.joined(separator: ",")))"
        case .beginStorm(_, _, let opened): "beginStorm(\(opened))"
        case .recordAlert: "recordAlert"
        case .holdForGroupWait(_, let until): until == now + 30 ? "holdForGroupWait" : "holdForGroupWait(wrong time)"
        case .clearFlappingHold: "clearFlappingHold"
        case .announceJoinedAlerts(_, let due): "announceJoinedAlerts(+\(Int(due.timeIntervalSince(now)))s)"
        case .acknowledgeAlert: "acknowledgeAlert"
        case .acknowledgeIncident: "acknowledgeIncident"
        case .resolveAlert: "resolveAlert"
        case .holdFlapping(_, let until): "holdFlapping(+\(Int(until.timeIntervalSince(now)))s)"
        case .resolveIncident: "resolveIncident"
        case .timeline: nil
        }
    }

    static func timelineKind(_ change: IntakeChange) -> IncidentEventKind? {
        if case .timeline(_, let kind, _, _) = change { return kind }
        return nil
    }
}

@Suite struct GroupingLimitsTests {
    @Test func outOfRangeTimingsAreNamedTogether() {
        #expect(GroupingLimits.check(groupWait: 30, groupInterval: 300).isEmpty)
        #expect(GroupingLimits.check(groupWait: 3601, groupInterval: 0).map(\.field) == ["group_wait_seconds", "group_interval_seconds"])
        #expect(IncidentImpact.allCases.map(\.indicator.rank) == [0, 1, 2, 3], "impact ranks as the page's indicator")
    }
}
