import Foundation
import HeraldCore
import Testing

/// What a responder is shown of an alert's labels and details, and which runbook, decided from tables.
@Suite struct ResponderDetailsTests {
    typealias Item = ResponderDetails.Item

    struct LabelCase: Sendable, CustomTestStringConvertible {
        var name: String
        var labels: [String: String]
        var shown: [String]
        var omitted: Int = 0
        var testDescription: String { name }
    }

    static let labelCases: [LabelCase] = [
        LabelCase(name: "nothing", labels: [:], shown: []),
        LabelCase(
            name: "Prometheus noise dropped, job and instance kept",
            labels: ["__name__": "up", "prometheus": "monitoring/k8s", "prometheus_replica": "prometheus-k8s-0", "job": "node", "instance": "10.0.0.1:9100"],
            shown: ["job=node", "instance=10.0.0.1:9100"]),
        LabelCase(
            name: "what and where first, the rest by name",
            labels: ["zone": "a", "alertname": "HighLatency", "instance": "i", "service": "pay", "app": "x"],
            shown: ["alertname=HighLatency", "service=pay", "instance=i", "app=x", "zone=a"]),
        LabelCase(name: "blank values dropped", labels: ["team": " ", "job": "api"], shown: ["job=api"]),
        LabelCase(
            name: "at most eight, the rest counted",
            labels: Dictionary(uniqueKeysWithValues: (1...11).map { ("l\(String(format: "%02d", $0))", "v") }),
            shown: (1...8).map { "l\(String(format: "%02d", $0))=v" }, omitted: 3),
        LabelCase(
            name: "long values cut to 120 characters on one line",
            labels: ["pod": String(repeating: "p", count: 200), "note": "two\nlines"],
            shown: ["pod=" + String(repeating: "p", count: 119) + "…", "note=two lines"]),
    ]

    @Test(arguments: labelCases)
    func labelsThatMatter(_ row: LabelCase) {
        let chosen = ResponderDetails.of(labels: row.labels, details: [:])
        #expect(chosen.labels.map { "\($0.name)=\($0.value)" } == row.shown)
        #expect(chosen.omitted == row.omitted)
    }

    struct DetailCase: Sendable, CustomTestStringConvertible {
        var name: String
        var details: [String: String]
        var shown: [Item]
        var omitted: Int = 0
        var testDescription: String { name }
    }

    static let detailCases: [DetailCase] = [
        DetailCase(
            name: "summary and runbook are shown elsewhere; description first",
            details: ["summary": "s", "runbook_url": "https://wiki/x", "free_disk": "2%", "description": "Disk almost full"],
            shown: [Item("description", "Disk almost full"), Item("free_disk", "2%")]),
        DetailCase(
            name: "PagerDuty custom_details, nested objects as JSON",
            details: ["ping time": "1500ms", "load avg": "0.75", "checks": #"{"http":"down"}"#],
            shown: [Item("checks", #"{"http":"down"}"#), Item("load avg", "0.75"), Item("ping time", "1500ms")]),
        DetailCase(
            name: "at most six, 300 characters each",
            details: Dictionary(uniqueKeysWithValues: (1...7).map { ("d\($0)", String(repeating: "x", count: 400)) }),
            shown: (1...6).map { Item("d\($0)", String(repeating: "x", count: 299) + "…") }, omitted: 1),
    ]

    @Test(arguments: detailCases)
    func detailsThatMatter(_ row: DetailCase) {
        let chosen = ResponderDetails.of(labels: [:], details: row.details)
        #expect(chosen.details == row.shown)
        #expect(chosen.omitted == row.omitted)
    }

    @Test(arguments: [
        (String?.none, [String: String](), String?.none),
        ("https://wiki.example.cn/pay", ["runbook_url": "https://other"], "https://wiki.example.cn/pay"),
        (nil, ["runbook_url": "https://wiki.example.cn/disk"], "https://wiki.example.cn/disk"),
        (nil, ["runbook": " https://wiki.example.cn/r "], "https://wiki.example.cn/r"),
        (nil, ["runbook_url": "javascript:alert(1)", "runbook": "see the wiki"], nil),
        ("", ["runbook_url": "http://wiki/x"], "http://wiki/x"),
    ])
    func theRunbookIsTheRoutesElseTheAlertsIfItIsAWebAddress(route: String?, details: [String: String], runbook: String?) {
        #expect(ResponderDetails.runbook(route: route, details: details) == runbook)
    }

    @Test func timesAreWrittenInTheReadersZoneWithTheZoneShown() {
        let at = Date(timeIntervalSince1970: 1_795_305_600)  // 2026-11-22 00:00 UTC
        #expect(ReadableTime.string(at, ReadableTime.zone("Asia/Shanghai")) == "2026-11-22 08:00 (UTC+08:00)")
        #expect(ReadableTime.string(at, ReadableTime.zone("America/New_York")) == "2026-11-21 19:00 (UTC-05:00)")
        #expect(ReadableTime.string(at, ReadableTime.zone("Mars/Olympus")) == "2026-11-22 00:00 (UTC+00:00)")
    }

    static let twoSteps = EscalationPolicy(steps: [
        EscalationStep(target: .group("sre"), waitMinutes: 5), EscalationStep(target: .contact("lead"), waitMinutes: 10),
    ])

    @Test(arguments: [
        (IncidentStatus.investigating, twoSteps as EscalationPolicy?, 0 as Int?, ManualEscalation.page(next: 1, previous: 0)),
        (.identified, twoSteps, -1, .page(next: 0, previous: -1)),
        (.investigating, twoSteps, nil, .page(next: 0, previous: nil)),
        (.investigating, twoSteps, 1, .noFurtherStep),
        (.investigating, EscalationPolicy(steps: twoSteps.steps, repeats: 1), 1, .page(next: 2, previous: 1)),
        (.resolved, twoSteps, 0, .resolved),
        (.investigating, nil, 0, .noPolicy),
        (.investigating, EscalationPolicy(steps: []), nil, .noPolicy),
    ])
    func escalatingNowPagesTheNextStep(status: IncidentStatus, policy: EscalationPolicy?, current: Int?, outcome: ManualEscalation) {
        #expect(ManualEscalation.decide(status: status, policy: policy, current: current) == outcome)
    }
}
