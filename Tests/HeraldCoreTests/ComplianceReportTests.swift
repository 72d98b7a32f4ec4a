import Foundation
import HeraldCore
import Testing

/// A regulatory step's pre-filled report: which fields Herald writes from the record, which wait
/// for a responder, a responder's text over Herald's, the delay's reason only when late, and the
/// Markdown a responder sends, in both languages with every time in a named zone.
@Suite struct ComplianceReportTests {
    static func at(_ text: String) -> Date { RFC3339.parse(text)! }

    static let incident = Incident(
        id: "inc-7", title: "客户表被异常导出", status: .identified, severity: .high, impact: .major, components: ["crm"],
        createdAt: at("2026-03-10T02:00:00Z"), acknowledgedAt: at("2026-03-10T02:05:00Z"), acknowledgedBy: "user:li@example.com")

    static var facts: PostmortemFacts {
        let milestones = IncidentMilestones(incident, set: [
            MilestoneRecord(milestone: .impactStarted, at: at("2026-03-10T01:30:00Z"), reason: "导出日志", actor: "user:li@example.com", recordedAt: at("2026-03-10T03:00:00Z"))
        ])
        let update = IncidentEvent(
            id: 3, incidentID: "inc-7", kind: .update, actor: "user:li@example.com", detail: "已封禁导出账号。", isPublic: true, at: at("2026-03-10T02:20:00Z"),
            translations: [.en: "The exporting account is blocked."])
        let note = IncidentEvent(id: 4, incidentID: "inc-7", kind: .note, actor: "user:li@example.com", detail: "internal only", isPublic: false, at: at("2026-03-10T02:25:00Z"))
        return PostmortemFacts(incident: incident, milestones: milestones, events: [update, note], componentNames: ["crm": "客户管理"])
    }

    static let classification = Classification(
        id: "cls-1", incidentID: "inc-7", regimeID: "gdpr", awareness: at("2026-03-10T02:10:00Z"), recordedBy: "user:li@example.com",
        recordedAt: at("2026-03-10T02:12:00Z"))

    static let gdpr = RegulatoryRegime.shipped.first { $0.id == "gdpr" }!
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    static func report(_ inputs: ReportInputs, step: Int = 0, language: Language = .en) -> ComplianceReport {
        ComplianceReport.prefill(regime: gdpr, step: gdpr.steps[step], facts: facts, inputs: inputs, language: language, zone: shanghai)
    }

    @Test func heraldWritesWhatItRecordedAndLeavesTheRestToTheResponder() {
        let report = Self.report(ReportInputs(classification: Self.classification, deadline: Self.at("2026-03-13T02:10:00Z")))
        #expect(report.entries.map(\.field) == ["nature", "occurred", "awareness", "subjects", "records", "contact", "consequences", "measures"],
                "Art. 33(3)'s fields in order; no delay reason while the step is not late")
        #expect(report.entries.map(\.origin) == [.herald, .herald, .herald, .missing, .missing, .missing, .missing, .missing])
        #expect(report.missing == ["subjects", "records", "contact", "consequences", "measures"])
        #expect(report.entries[0].text == "客户表被异常导出\nSeverity: High\nImpact: Major\nState: Identified")
        #expect(report.entries[1].text == "Impact started: 2026-03-10 09:30 (Asia/Shanghai, UTC+08:00)\nDetected: 2026-03-10 10:00 (Asia/Shanghai, UTC+08:00)")
        #expect(report.entries[2].text == "Aware since 2026-03-10 10:10 (Asia/Shanghai, UTC+08:00), recorded by user:li@example.com.")
        #expect(report.regimeName == "GDPR (EU 2016/679)" && report.stepName == "Art. 33: notify the supervisory authority")
    }

    @Test func aResponderWordsWinAndTheConfiguredContactAndThePostmortemFillTheirFields() {
        var classification = Self.classification
        classification.corrections = [.init(from: Self.at("2026-03-10T02:30:00Z"), to: Self.at("2026-03-10T02:10:00Z"), reason: "DLP 告警更早", by: "user:li@example.com", at: Self.at("2026-03-10T03:00:00Z"))]
        let report = Self.report(ReportInputs(
            classification: classification, entered: ["nature": "Export of the customer table by a stolen account", "subjects": "About 1,200 customers", "measures": " "],
            contact: "DPO, dpo@example.com", rootCause: "a leaked key"))
        let byField = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.field, $0) })
        #expect(byField["nature"]?.text == "Export of the customer table by a stolen account" && byField["nature"]?.origin == .responder)
        #expect(byField["subjects"]?.origin == .responder && byField["contact"]?.text == "DPO, dpo@example.com" && byField["contact"]?.origin == .herald)
        #expect(byField["measures"]?.origin == .missing, "blank text is no text")
        #expect(byField["awareness"]?.text?.hasSuffix("Corrected from 2026-03-10 10:30 (Asia/Shanghai, UTC+08:00) to 2026-03-10 10:10 (Asia/Shanghai, UTC+08:00): DLP 告警更早") == true)
        #expect(byField["cause"] == nil, "Art. 33 does not ask for the cause")
        let pipl = RegulatoryRegime.shipped.first { $0.id == "pipl" }!
        let cause = ComplianceReport.prefill(
            regime: pipl, step: pipl.steps[0], facts: Self.facts, inputs: ReportInputs(classification: Self.classification, rootCause: "a leaked key"), language: .zhCN,
            zone: Self.shanghai
        ).entries.first { $0.field == "cause" }
        #expect(cause?.text == "a leaked key" && cause?.origin == .herald && cause?.label == "事件原因（初步分析）")
    }

    @Test(arguments: [
        (false, nil as String?, nil as ComplianceReport.Origin?),
        (true, nil, .missing),
        (true, "the DPO was on leave", .herald),
    ])
    func theDelayIsExplainedOnlyWhenTheStepIsLate(_ late: Bool, _ filedLateBecause: String?, _ expected: ComplianceReport.Origin?) {
        var classification = Self.classification
        if let filedLateBecause {
            classification.filings = [.init(step: "art33-authority", filedAt: Self.at("2026-03-14T00:00:00Z"), by: "user:li@example.com", reference: "DPC-1", lateReason: filedLateBecause, recordedAt: Self.at("2026-03-14T00:00:00Z"))]
        }
        let entry = Self.report(ReportInputs(classification: classification, late: late)).entries.first { $0.field == "delay_reason" }
        #expect(entry?.origin == expected)
        if let filedLateBecause { #expect(entry?.text == filedLateBecause) }
    }

    @Test func theCACReportListsTheTimelineAndTheAffectedServicesInChinese() {
        let cac = RegulatoryRegime.shipped.first { $0.id == "cac-other" }!
        let report = ComplianceReport.prefill(
            regime: cac, step: cac.steps[0], facts: Self.facts, inputs: ReportInputs(classification: Self.classification, deadline: Self.at("2026-03-10T06:10:00Z")),
            language: .zhCN, zone: Self.shanghai)
        #expect(report.regimeName == "国家网络安全事件报告管理办法：其他网络运营者" && report.stepName == "向属地省级网信部门报告")
        let byField = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.field, $0) })
        #expect(byField["components"]?.text == "客户管理")
        #expect(byField["level"]?.origin == .missing && byField["level"]?.label == "事件级别（一般、较大、重大、特别重大）")
        #expect(byField["timeline"]?.text == """
            - 2026-03-10 09:30 (Asia/Shanghai, UTC+08:00): 影响开始
            - 2026-03-10 10:00 (Asia/Shanghai, UTC+08:00): 发现
            - 2026-03-10 10:05 (Asia/Shanghai, UTC+08:00): 确认
            - 2026-03-10 10:20 (Asia/Shanghai, UTC+08:00): 已封禁导出账号。
            """, "milestones and public updates in order; the internal note is not in a report")
        let markdown = report.markdown(zone: Self.shanghai)
        #expect(markdown.hasPrefix("# 国家网络安全事件报告管理办法：其他网络运营者: 向属地省级网信部门报告\n\n- 事件：客户表被异常导出（inc-7）\n- 报送时限：2026-03-10 14:10 (Asia/Shanghai, UTC+08:00)\n- 尚待填写："))
        #expect(markdown.contains("## 事件级别（一般、较大、重大、特别重大）\n\n_待处置人员填写。_"))
        #expect(markdown.contains("## 受影响的服务\n\n客户管理"))
    }

    @Test func everyShippedStepAsksForFieldsAndEveryHeraldFieldHasBothLabels() {
        for regime in RegulatoryRegime.shipped {
            #expect(regime.name.zhCN != nil && regime.name.en != nil, "\(regime.id) is named in both languages")
            for step in regime.steps {
                #expect(!step.fields.isEmpty && step.name.zhCN != nil && step.name.en != nil, "\(regime.id)/\(step.id)")
            }
        }
        for kind in ReportFieldKind.allCases {
            let field = ReportField(kind)
            #expect(field.label(.zhCN) != field.label(.en) && !field.label(.zhCN).isEmpty, "\(kind)")
        }
    }
}
