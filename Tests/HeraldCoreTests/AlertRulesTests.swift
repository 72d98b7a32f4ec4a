import Foundation
import HeraldCore
import Testing

@Suite struct AlertRulesTests {
    func alert(severity: String? = nil, labels: [String: String] = [:], dedup: String = "k") -> IncomingAlert {
        IncomingAlert(action: .trigger, dedupKey: dedup, summary: "s", sourceSeverity: severity, labels: labels, occurredAt: Date())
    }

    @Test func sourceWordsAreGradedAndOperatorsCanRemapThem() {
        let rules = SeverityRules()
        #expect(rules.grade(alert(severity: "critical")) == .high)
        #expect(rules.grade(alert(severity: "Warning")) == .medium)
        #expect(rules.grade(alert(severity: "info")) == .low)
        #expect(rules.grade(alert(labels: ["severity": "page"])) == .high, "the Prometheus label when the source says nothing")
        #expect(rules.grade(alert(labels: ["priority": "P3"])) == .medium)
        #expect(rules.grade(alert(severity: "catastrophic")) == .medium, "unknown words get the fallback")
        var custom = rules
        custom.words["error"] = .medium
        #expect(custom.grade(alert(severity: "error")) == .medium)
    }

    @Test func groupingFollowsAlertmanagersGroupBy() {
        let byName = Grouping(groupBy: ["alertname", "cluster"])
        let a = alert(labels: ["alertname": "HighErrorRate", "cluster": "sh", "instance": "1"], dedup: "a")
        let b = alert(labels: ["alertname": "HighErrorRate", "cluster": "sh", "instance": "2"], dedup: "b")
        let c = alert(labels: ["alertname": "HighErrorRate", "cluster": "bj"], dedup: "c")
        #expect(byName.key(for: a, integration: "i") == byName.key(for: b, integration: "i"))
        #expect(byName.key(for: a, integration: "i") != byName.key(for: c, integration: "i"))
        #expect(byName.key(for: a, integration: "i") != byName.key(for: a, integration: "j"), "integrations never share incidents")
        let everyLabel = Grouping(groupBy: ["..."])
        #expect(everyLabel.key(for: a, integration: "i") != everyLabel.key(for: b, integration: "i"))
        // No grouping label at all: each alert stands alone, as in PagerDuty.
        #expect(byName.key(for: alert(dedup: "x"), integration: "i") != byName.key(for: alert(dedup: "y"), integration: "i"))
    }
}

@Suite struct SilenceMatchingTests {
    @Test func matchersFollowAlertmanagersRules() {
        let now = Date()
        let silence = Silence(
            id: "s", matchers: [
                LabelMatcher(name: "alertname", value: "DiskFull"),
                LabelMatcher(name: "instance", value: "db-.*", isRegex: true),
                LabelMatcher(name: "env", value: "staging", isEqual: false),
            ], startsAt: now, endsAt: now.addingTimeInterval(60), createdBy: "li", comment: "扩容")
        #expect(silence.matches(["alertname": "DiskFull", "instance": "db-1"]), "a missing env label is empty, not staging")
        #expect(!silence.matches(["alertname": "DiskFull", "instance": "db-1", "env": "staging"]))
        #expect(!silence.matches(["alertname": "DiskFull", "instance": "xdb-1"]), "regexes are anchored")
        #expect(silence.isActive(at: now) && !silence.isActive(at: now.addingTimeInterval(60)))
        #expect(!LabelMatcher(name: "a", value: "(", isRegex: true).isValid)
    }
}

@Suite struct OnCallScheduleTests {
    func date(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    @Test func membersTakeTurnsAtTheHandOffTimeAndOverridesWin() throws {
        let schedule = OnCallSchedule(
            id: "primary", name: "主值班", timeZone: "Asia/Shanghai", members: ["li", "wang", "zhao"],
            start: try date("2026-11-23T09:00:00+08:00"), rotationDays: 7,
            overrides: [.init(contact: "qian", start: try date("2026-12-01T20:00:00+08:00"), end: try date("2026-12-02T08:00:00+08:00"))])
        #expect(schedule.onCall(at: try date("2026-11-23T08:59:00+08:00")) == nil, "before the first hand-off")
        #expect(schedule.onCall(at: try date("2026-11-23T09:00:00+08:00")) == "li")
        #expect(schedule.onCall(at: try date("2026-11-30T08:59:00+08:00")) == "li", "a week, to the minute")
        #expect(schedule.onCall(at: try date("2026-11-30T09:00:00+08:00")) == "wang")
        #expect(schedule.onCall(at: try date("2026-12-01T23:00:00+08:00")) == "qian", "the override")
        #expect(schedule.onCall(at: try date("2026-12-14T09:00:00+08:00")) == "li", "back to the first after the third")
    }

    @Test func theHandOffKeepsItsLocalTimeAcrossDaylightSaving() throws {
        // Berlin moves its clocks on 2027-03-28: the Monday 09:00 hand-off stays at 09:00 local time.
        let schedule = OnCallSchedule(
            id: "eu", name: "EU", timeZone: "Europe/Berlin", members: ["anna", "ben"], start: try date("2027-03-22T09:00:00+01:00"), rotationDays: 7)
        #expect(schedule.onCall(at: try date("2027-03-29T08:30:00+02:00")) == "anna")
        #expect(schedule.onCall(at: try date("2027-03-29T09:00:00+02:00")) == "ben")
    }
}
