import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// Regulatory clocks through the config file and the admin API: classifying, deadlines in a named
/// zone, filing (a late one needs its reason), and the breach register.
@Suite struct ComplianceAPITests {
    static func incident(_ server: TestServer, _ name: String) async throws -> String {
        let integration = try await server.store.createIntegration(name: "dlp-\(name)", kind: .generic, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil)
            .integration
        let alert = IncomingAlert(
            action: .trigger, dedupKey: name, summary: "customer table read, \(name)", sourceSeverity: "warning", labels: ["alertname": name],
            occurredAt: server.store.now())
        return try #require(try await server.store.ingest(alert, integration: integration, severity: .medium).incidentID)
    }

    @Test func theComplianceSectionAddsRegimesAndNamesEveryProblemByItsPath() throws {
        let good = try HeraldConfiguration.parse(yaml: """
            compliance:
              group: dpo
              time_zone: Europe/Berlin
              reminder_points: [25, 50, 100]
              contact: DPO, dpo@example.com
              regimes:
                - id: pdpo
                  name: {en: Hong Kong PDPO, zh-CN: 香港《个人资料（私隐）条例》}
                  personal_data: true
                  steps:
                    - id: notify
                      name: Notify the PCPD
                      hours: 48
                      fields: [nature, subjects, {id: board, name: {en: Board told on, zh-CN: 告知董事会的日期}}]
                    - {id: final, name: Final report, months: 1, from: notify}
                    - {id: subjects, name: Tell the people}
            """)
        let policy = good.compliancePolicy
        #expect(policy.group == "dpo" && policy.zone.identifier == "Europe/Berlin" && policy.reminderPoints == [0.25, 0.5, 1.0])
        #expect(policy.contact == "DPO, dpo@example.com")
        #expect(policy.regimes.count == RegulatoryRegime.shipped.count + 1 && policy.regime("gdpr") != nil)
        #expect(policy.regime("pdpo") == RegulatoryRegime(id: "pdpo", name: LocalizedText(zhCN: "香港《个人资料（私隐）条例》", en: "Hong Kong PDPO"), steps: [
            .init(
                id: "notify", name: LocalizedText(en: "Notify the PCPD"), window: .hours(48),
                fields: [ReportField(.nature), ReportField(.subjects), ReportField(id: "board", label: LocalizedText(zhCN: "告知董事会的日期", en: "Board told on"))]),
            .init(id: "final", name: LocalizedText(en: "Final report"), from: .step("notify"), window: .months(1)),
            .init(id: "subjects", name: LocalizedText(en: "Tell the people"), window: nil),
        ], personalData: true))
        #expect(policy.regime("pdpo")?.name(.zhCN) == "香港《个人资料（私隐）条例》" && policy.regime("pdpo")?.steps[0].name(.zhCN) == "Notify the PCPD",
                "a single name serves both languages")
        #expect(HeraldConfiguration().compliancePolicy.regimes == RegulatoryRegime.shipped, "the shipped regimes without a section")

        do {
            _ = try HeraldConfiguration.parse(yaml: """
                compliance:
                  time_zone: Mars/Olympus
                  reminder_points: [0, 50, 150]
                  colour: red
                  regimes:
                    - id: gdpr
                      name: Mine
                      steps: [{id: a, name: A, hours: 0}]
                    - id: x
                      steps:
                        - {id: a, name: A, hours: 1, months: 1}
                        - {id: b, name: B, from: c}
                        - {id: a, name: again, weeks: 2}
                    - id: y
                      name: {fr: Mien}
                      steps:
                        - {id: a, name: A, fields: [nature, scope, {id: nature, name: N}, {id: own, name: {en: Own}}, {id: own, name: {en: Again}}]}
                """)
            Issue.record("accepted")
        } catch let error as ConfigurationError {
            #expect(Set(error.errors.map(\.field)) == [
                "compliance.time_zone", "compliance.reminder_points[0]", "compliance.reminder_points[2]", "compliance.colour",
                "compliance.regimes[0].id", "compliance.regimes[0].steps[0].hours", "compliance.regimes[1].name",
                "compliance.regimes[1].steps[0].months", "compliance.regimes[1].steps[1].from", "compliance.regimes[1].steps[2].id",
                "compliance.regimes[1].steps[2].weeks", "compliance.regimes[2].name.fr", "compliance.regimes[2].name",
                "compliance.regimes[2].steps[0].fields[1]", "compliance.regimes[2].steps[0].fields[2].id", "compliance.regimes[2].steps[0].fields[4]",
            ])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aLateFilingNeedsItsReasonAndEveryDeadlineIsWrittenWithItsZone(_ engine: TestDatabase) async throws {
        // The server's clock stands at 2026-11-22T00:00:00Z.
        try await TestServer.run(engine) { server in
            let id = try await Self.incident(server, "leak")
            let path = "/api/v1/incidents/\(id)"
            let bad = try await server.send(.post, "\(path)/classifications", token: server.responder, json: #"{"regime":"hipaa","awareness_at":"yesterday","x":1}"#)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["awareness_at", "x"])
            let unknown = try await server.send(.post, "\(path)/classifications", token: server.responder, json: #"{"regime":"hipaa","awareness_at":"2026-11-21T09:00:00+01:00"}"#)
            #expect(unknown.status == .badRequest && unknown.problemFields == ["regime"])
            #expect(try await server.send(.post, "\(path)/classifications", token: server.viewer, json: #"{"regime":"gdpr","awareness_at":"2026-11-18T09:00:00+01:00"}"#).status == .forbidden)

            let made = try await server.send(
                .post, "\(path)/classifications", token: server.responder, json: #"{"regime":"gdpr","awareness_at":"2026-11-18T09:00:00+01:00"}"#)
            #expect(made.status == .created, "\(made.body)")
            #expect(made.object["recorded_by"] as? String == "token:responder")
            let again = try await server.send(
                .post, "\(path)/classifications", token: server.responder, json: #"{"regime":"gdpr","awareness_at":"2026-11-18T09:00:00+01:00"}"#)
            #expect(again.status == .conflict && again.problemFields == ["regime"])

            let clocks = try await server.send(.get, "\(path)/clocks?zone=Asia/Shanghai", token: server.viewer)
            #expect(clocks.status == .ok)
            #expect(clocks.object["time_zone"] as? String == "Asia/Shanghai")
            let classification = try #require((clocks.object["classifications"] as? [[String: Any]])?.first)
            #expect(classification["awareness_at"] as? String == "2026-11-18T16:00:00+08:00")
            let steps = try #require(classification["steps"] as? [[String: Any]])
            #expect(steps.map { $0["id"] as? String } == ["art33-authority", "art34-subjects"])
            #expect(steps[0]["deadline"] as? String == "2026-11-21T16:00:00+08:00" && steps[0]["state"] as? String == "missed")
            #expect(steps[1]["deadline"] == nil && steps[1]["state"] as? String == "undated")

            // 72 h passed yesterday: a filing now without the reason for the delay is refused, and nothing is stored.
            let late = try await server.send(.post, "\(path)/classifications/gdpr/filings", token: server.responder, json: #"{"step":"art33-authority","reference":"CNIL-1"}"#)
            #expect(late.status == .badRequest && late.problemFields == ["late_reason"])
            #expect(late.body.contains("after its deadline (2026-11-21T16:00:00+08:00)"), "the deadline in the organisation's zone: \(late.body)")
            #expect(try await server.store.classifications(incident: id).first?.filings.isEmpty == true)
            let timelineBefore = try await server.store.incidentEvents(incidentID: id).count
            let unknownStep = try await server.send(.post, "\(path)/classifications/gdpr/filings", token: server.responder, json: #"{"step":"art99"}"#)
            #expect(unknownStep.status == .badRequest && unknownStep.problemFields == ["step"])
            #expect(try await server.store.incidentEvents(incidentID: id).count == timelineBefore)

            let filed = try await server.send(
                .post, "\(path)/classifications/gdpr/filings", token: server.responder,
                json: #"{"step":"art33-authority","reference":"CNIL-1","late_reason":"the processor told us on day 3"}"#)
            #expect(filed.status == .created, "\(filed.body)")
            let filedSteps = try #require(filed.object["steps"] as? [[String: Any]])
            #expect(filedSteps[0]["state"] as? String == "filed" && filedSteps[0]["late"] as? Bool == true)
            // A further phase needs no reason: it is not the first report.
            let phase = try await server.send(.post, "\(path)/classifications/gdpr/filings", token: server.responder, json: #"{"step":"art33-authority","reference":"CNIL-1b"}"#)
            #expect(phase.status == .created)

            let noReason = try await server.send(.post, "\(path)/classifications/gdpr/awareness", token: server.responder, json: #"{"awareness_at":"2026-11-18T08:00:00+01:00"}"#)
            #expect(noReason.status == .badRequest && noReason.problemFields == ["reason"])
            let corrected = try await server.send(
                .post, "\(path)/classifications/gdpr/awareness", token: server.responder,
                json: #"{"awareness_at":"2026-11-18T08:00:00+01:00","reason":"the SOC ticket was opened at 08:00"}"#)
            #expect(corrected.status == .ok && corrected.object["awareness_at"] as? String == "2026-11-18T15:00:00+08:00", "\(corrected.body)")
            let lines = try await server.store.incidentEvents(incidentID: id).filter { $0.kind == .compliance }
            #expect(lines.count == 4)
            #expect(lines.last?.detail?.contains("the SOC ticket was opened at 08:00") == true)
            #expect(lines.last?.translations[.zhCN]?.contains("更正为") == true)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theBreachRegisterListsEveryPersonalDataBreachNotifiedOrNot(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let leak = try await Self.incident(server, "leak")
            let crm = try await Self.incident(server, "crm")
            let ddos = try await Self.incident(server, "ddos")
            func post(_ path: String, _ json: String) async throws {
                let reply = try await server.send(.post, path, token: server.responder, json: json)
                #expect(reply.status.code < 300, "\(path): \(reply.body)")
            }
            try await post("/api/v1/incidents/\(leak)/classifications", #"{"regime":"gdpr","awareness_at":"2026-11-20T09:00:00+01:00","recorded_by":"dpo@example.com"}"#)
            try await post("/api/v1/incidents/\(leak)/classifications/gdpr/filings", #"{"step":"art33-authority","reference":"CNIL-2026-0042"}"#)
            try await post("/api/v1/incidents/\(crm)/classifications", #"{"regime":"pipl","awareness_at":"2026-11-20T10:00:00+08:00","recorded_by":"wang@example.cn"}"#)
            try await post("/api/v1/incidents/\(crm)/classifications/pipl/not-notifying", #"{"reason":"only salted hashes, no names; no harm to the individuals"}"#)
            try await post("/api/v1/incidents/\(ddos)/classifications", #"{"regime":"nis2","awareness_at":"2026-11-21T09:00:00+01:00"}"#)
            let notBreach = try await server.send(.post, "/api/v1/incidents/\(ddos)/classifications/nis2/not-notifying", token: server.responder, json: #"{"reason":"x"}"#)
            #expect(notBreach.status == .badRequest && notBreach.problemFields == ["regime"])

            let csv = try await server.send(.get, "/api/v1/breaches?format=csv&zone=Europe/Berlin", token: server.viewer)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body == """
                incident_id,title,regime,awareness_at,recorded_by,notification,filings,not_notifying_reason,incident_status,time_zone\r
                \(crm),"customer table read, crm",pipl,2026-11-20T03:00:00+01:00,wang@example.cn,not_notified,,"only salted hashes, no names; no harm to the individuals",investigating,Europe/Berlin\r
                \(leak),"customer table read, leak",gdpr,2026-11-20T09:00:00+01:00,dpo@example.com,notified,art33-authority 2026-11-22T01:00:00+01:00 ref CNIL-2026-0042,,investigating,Europe/Berlin\r

                """)
            let markdown = try await server.send(.get, "/api/v1/breaches?format=markdown", token: server.viewer)
            #expect(markdown.status == .ok && markdown.body.hasPrefix("| incident_id | title |") && markdown.body.contains("| \(crm) |"))
            let json = try await server.send(.get, "/api/v1/breaches", token: server.viewer)
            let breaches = try #require(json.object["breaches"] as? [[String: Any]])
            #expect(breaches.map { $0["notification"] as? String } == ["not_notified", "notified"])
            #expect(try await server.send(.get, "/api/v1/breaches?format=pdf", token: server.viewer).problemFields == ["format"])
            #expect(try await server.store.auditEntries().filter { $0.action == "exported" && $0.targetKind == "breaches" }.count == 3, "each read of the register is in the audit log")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aStepsReportIsPrefilledAndResponderFieldsAreSavedWholeOrNotAtAll(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let id = try await Self.incident(server, "export")
            let path = "/api/v1/incidents/\(id)/classifications"
            #expect(try await server.send(.post, path, token: server.responder, json: #"{"regime":"gdpr","awareness_at":"2026-11-21T09:00:00+01:00"}"#).status == .created)

            let first = try await server.send(.get, "\(path)/gdpr/report?step=art33-authority&language=en&zone=Europe/Berlin", token: server.viewer)
            #expect(first.status == .ok, "\(first.body)")
            #expect(first.object["deadline"] as? String == "2026-11-24T09:00:00+01:00" && first.object["time_zone"] as? String == "Europe/Berlin")
            #expect(first.object["missing"] as? [String] == ["subjects", "records", "contact", "consequences", "measures"])
            let origins = (first.object["fields"] as? [[String: Any]])?.map { "\($0["id"]!)=\($0["origin"]!)" }
            #expect(origins?.prefix(3) == ["nature=herald", "occurred=herald", "awareness=herald"])

            // One pass: a field GDPR does not ask for and a number where text goes, both named; nothing saved.
            let bad = try await server.send(.patch, "\(path)/gdpr/report-fields", token: server.responder, json: #"{"subjects":12,"level":"重大","records":"ok"}"#)
            #expect(bad.status == .badRequest && Set(bad.problemFields) == ["subjects", "level"], "\(bad.body)")
            #expect(try await server.store.classifications(incident: id).first?.reportFields == [:])
            #expect(try await server.send(.patch, "\(path)/gdpr/report-fields", token: server.viewer, json: #"{"records":"x"}"#).status == .forbidden)

            let saved = try await server.send(
                .patch, "\(path)/gdpr/report-fields", token: server.responder,
                json: #"{"subjects":"约 1,200 名付费用户","records":"姓名和手机号，约 1,200 条","measures":"已吊销密钥"}"#)
            #expect(saved.status == .ok, "\(saved.body)")
            #expect((saved.object["report_fields"] as? [String: String])?.count == 3)
            let removed = try await server.send(.patch, "\(path)/gdpr/report-fields", token: server.responder, json: #"{"measures":null}"#)
            #expect(removed.status == .ok && (removed.object["report_fields"] as? [String: String])?.keys.sorted() == ["records", "subjects"])

            let chinese = try await server.send(.get, "\(path)/gdpr/report?step=art33-authority&language=zh-CN&format=markdown", token: server.viewer)
            #expect(chinese.status == .ok && chinese.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(chinese.body.hasPrefix("# GDPR（欧盟第 2016/679 号条例）: 第 33 条：通知监管机构\n"), "\(chinese.body)")
            #expect(chinese.body.contains("## 涉及的数据主体：类别及大致数量\n\n约 1,200 名付费用户"))
            #expect(chinese.body.contains("## 已采取或拟采取的处置措施及效果\n\n_待处置人员填写。_"))

            let unknownStep = try await server.send(.get, "\(path)/gdpr/report?language=fr", token: server.viewer)
            #expect(unknownStep.status == .badRequest && Set(unknownStep.problemFields) == ["step", "language"])
            #expect(try await server.send(.get, "\(path)/nis2/report?step=early-warning", token: server.viewer).status == .notFound, "not classified under NIS2")

            let entries = try await server.store.auditEntries().filter { $0.action == "report_fields" }
            #expect(entries.count == 2 && entries.allSatisfy { $0.actor == "token:responder" }, "one entry per change, the bad patch none")
        }
    }
}
