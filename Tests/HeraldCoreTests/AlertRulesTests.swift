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
