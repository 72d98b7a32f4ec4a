import Foundation
import HeraldCore
import Testing

/// The pure decisions behind the console's incident and on-call screens.
@Suite struct ConsoleAlertRulesTests {
    static let at = Date(timeIntervalSince1970: 1_795_305_600)
    func date(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    static let routes = [
        AlertRoute(matchers: [LabelMatcher(name: "service", value: "pay")], team: "payments", severity: .high),
        AlertRoute(matchers: [LabelMatcher(name: "env", value: "prod|staging", isRegex: true)], team: "sre"),
    ]

    @Test(arguments: [
        (["service": "pay"], "warning", IncomingAlert.Action.trigger, "payments", Severity.high),  // the route's severity wins
        (["service": "web", "env": "prod"], "warning", .trigger, "sre", .medium),  // a route without one keeps the graded word
        (["service": "pay", "env": "prod"], "info", .trigger, "payments", .high),  // the first match wins
        (["service": "web"], "critical", .trigger, nil, .high),  // no route: the integration's escalation
        (["service": "web"], "", .trigger, nil, .medium),  // no word at all: the fallback
        (["service": "pay"], "info", .resolve, nil, .low),  // only triggers are routed
    ] as [([String: String], String, IncomingAlert.Action, String?, Severity)])
    func routingPicksTheFirstMatchingRuleAndItsSeverity(
        labels: [String: String], word: String, action: IncomingAlert.Action, team: String?, severity: Severity
    ) {
        let alert = IncomingAlert(action: action, dedupKey: "k", summary: "s", sourceSeverity: word.isEmpty ? nil : word, labels: labels, occurredAt: Self.at)
        let decision = RoutingDecision.of(alert, routes: Self.routes, rules: SeverityRules())
        #expect(decision.route?.team == team)
        #expect(decision.severity == severity)
    }

    @Test(arguments: [
        ("alertname=DiskFull", LabelMatcher(name: "alertname", value: "DiskFull")),
        (" instance =~ db-.* ", LabelMatcher(name: "instance", value: "db-.*", isRegex: true)),
        ("env!=prod", LabelMatcher(name: "env", value: "prod", isEqual: false)),
        ("env!~prod|staging", LabelMatcher(name: "env", value: "prod|staging", isRegex: true, isEqual: false)),
        ("url=https://x/?a=b", LabelMatcher(name: "url", value: "https://x/?a=b")),
        ("empty=", LabelMatcher(name: "empty", value: "")),
    ])
    func matchersAreReadAsAlertmanagerWritesThem(line: String, matcher: LabelMatcher) {
        #expect(LabelMatcher.parse(line) == matcher)
        #expect(LabelMatcher.parse(matcher.text) == matcher, "written back as read")
    }

    @Test(arguments: ["instance", "=value", "a!b", "a=~(", ""])
    func linesThatAreNotMatchersAreRefused(line: String) {
        #expect(LabelMatcher.parse(line) == nil)
    }

    @Test func labelLinesReportTheLinesThatAreNotNameValue() {
        let parsed = LabelLines.parse("service = pay\n\nenv=prod\noops\n=x\nservice=web")
        #expect(parsed.labels == ["service": "web", "env": "prod"])
        #expect(parsed.badLines == [4, 5])
        #expect(LabelLines.text(["b": "2", "a": "1"]) == "a=1\nb=2")
    }

    @Test func aSilenceCatchesTheOpenAlertsItsMatchersHold() {
        func alert(_ id: Int64, _ status: AlertStatus, _ labels: [String: String]) -> StoredAlert {
            StoredAlert(
                id: id, dedupKey: "k\(id)", status: status, severity: .high, summary: "s", source: nil, labels: labels, events: 1, firstAt: Self.at,
                lastAt: Self.at, resolvedAt: nil)
        }
        let alerts = [
            alert(1, .triggered, ["alertname": "DiskFull", "instance": "db-01"]), alert(2, .acknowledged, ["alertname": "DiskFull", "instance": "db-02"]),
            alert(3, .resolved, ["alertname": "DiskFull", "instance": "db-03"]), alert(4, .triggered, ["alertname": "Latency", "instance": "db-01"]),
        ]
        let silence = Silence(
            id: "s", matchers: [LabelMatcher(name: "alertname", value: "DiskFull"), LabelMatcher(name: "instance", value: "db-.*", isRegex: true)],
            startsAt: Self.at, endsAt: Self.at.addingTimeInterval(3600), createdBy: "user:li@example.com", comment: "扩容")
        #expect(silence.catches(alerts).map(\.id) == [1, 2], "open ones only")
    }

    @Test func shiftsFollowTheRotationAndOverridesToTheSecond() throws {
        let schedule = OnCallSchedule(
            id: "primary", name: "主值班", timeZone: "Asia/Shanghai", members: ["li", "wang"], start: try date("2026-11-23T09:00:00+08:00"),
            rotationDays: 1, overrides: [.init(contact: "qian", start: try date("2026-11-24T20:00:00+08:00"), end: try date("2026-11-25T08:00:00+08:00"))])
        let shifts = schedule.shifts(from: try date("2026-11-23T00:00:00+08:00"), to: try date("2026-11-26T00:00:00+08:00"))
        let expected: [OnCallSchedule.Shift] = [
            .init(contact: nil, start: try date("2026-11-23T00:00:00+08:00"), end: try date("2026-11-23T09:00:00+08:00")),
            .init(contact: "li", start: try date("2026-11-23T09:00:00+08:00"), end: try date("2026-11-24T09:00:00+08:00")),
            .init(contact: "wang", start: try date("2026-11-24T09:00:00+08:00"), end: try date("2026-11-24T20:00:00+08:00")),
            .init(contact: "qian", start: try date("2026-11-24T20:00:00+08:00"), end: try date("2026-11-25T08:00:00+08:00"), isOverride: true),
            .init(contact: "wang", start: try date("2026-11-25T08:00:00+08:00"), end: try date("2026-11-25T09:00:00+08:00")),
            .init(contact: "li", start: try date("2026-11-25T09:00:00+08:00"), end: try date("2026-11-26T00:00:00+08:00")),
        ]
        #expect(shifts == expected)
        // Every shift agrees with onCall(at:), which pages use.
        for shift in shifts { #expect(schedule.onCall(at: shift.start) == shift.contact && schedule.onCall(at: shift.end.addingTimeInterval(-1)) == shift.contact) }
    }
}
