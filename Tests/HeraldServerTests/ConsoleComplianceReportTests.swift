import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The report screen: reached from the incident's clocks card, shown in either language whatever
/// the console's, each field marked by whose words it is; responders write the fields Herald cannot
/// know (a refused text comes back with its reason, nothing saved), and download the Markdown.
@Suite struct ConsoleComplianceReportTests {
    @Test(arguments: TestDatabase.allCases)
    func aResponderCompletesAStepsReportInTheConsole(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let id = try await ComplianceAPITests.incident(server, "crm")
            let classified = try await server.send(
                .post, "/api/v1/incidents/\(id)/classifications", token: server.responder, json: #"{"regime":"cac-other","awareness_at":"2026-11-21T22:00:00+08:00"}"#)
            #expect(classified.status == .created, "\(classified.body)")
            let responder = try await server.consoleUser(.responder)
            let incidentPage = try await server.get("/console/incidents/\(id)", as: responder)
            #expect(incidentPage.body.contains("国家网络安全事件报告管理办法：其他网络运营者"), "the regime in the viewer's language")
            #expect(incidentPage.body.contains("href=\"/console/incidents/\(id)/report/cac-other\""), "the clocks card links to the report")

            let page = try await server.get("/console/incidents/\(id)/report/cac-other", as: responder)
            #expect(page.status == .ok)
            #expect(page.body.contains("向属地省级网信部门报告") && page.body.contains("事件级别（一般、较大、重大、特别重大）"))
            #expect(page.body.contains("由 Herald 根据记录填写") && page.body.contains("尚未填写"))
            #expect(page.body.contains("报送时限：2026-11-22 02:00 (Asia/Shanghai"), "the deadline with its zone named")
            #expect(page.body.contains("data-countdown"), "and how long it is overdue, kept live as on the clocks card")
            let english = try await server.get("/console/incidents/\(id)/report/cac-other?language=en", as: responder)
            #expect(english.body.contains("Incident level (severity assessment)") && english.body.contains("尚未填写"),
                    "the report in English, the console's marks still in the viewer's Chinese")

            let refused = try await server.post(
                "/console/incidents/\(id)/report/cac-other", as: responder,
                form: ["step": "initial", "language": "zh-CN", "field.level": "较大", "field.measures": String(repeating: "很", count: 8001)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("较大"), "what was typed comes back")
            #expect(try await server.store.classifications(incident: id).first?.reportFields == [:], "nothing saved")

            let saved = try await server.post(
                "/console/incidents/\(id)/report/cac-other", as: responder,
                form: ["step": "initial", "language": "en", "field.level": "较大", "field.organisation": "某某科技有限公司，客户管理系统", "field.measures": ""])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/console/incidents/\(id)/report/cac-other?step=initial&language=en&done=saved")
            #expect(try await server.store.classifications(incident: id).first?.reportFields == ["level": "较大", "organisation": "某某科技有限公司，客户管理系统"])
            let after = try await server.get("/console/incidents/\(id)/report/cac-other?step=initial&language=en&done=saved", as: responder)
            #expect(after.body.contains("报告内容已保存。") && after.body.contains("由处置人员填写"))

            let markdown = try await server.get("/console/incidents/\(id)/report/cac-other/markdown?step=initial&language=zh-CN", as: responder)
            #expect(markdown.status == .ok && markdown.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(markdown.body.contains("## 事件级别（一般、较大、重大、特别重大）\n\n较大"))

            let viewer = try await server.consoleUser(.viewer)
            #expect(try await server.get("/console/incidents/\(id)/report/cac-other", as: viewer).body.contains("name=\"field.level\"") == false, "viewers read, not write")
            #expect(try await server.post("/console/incidents/\(id)/report/cac-other", as: viewer, form: ["field.level": "x"]).status == .forbidden)
            #expect(try await server.get("/console/incidents/\(id)/report/gdpr", as: responder).status == .notFound, "not classified under GDPR")
        }
    }
}
