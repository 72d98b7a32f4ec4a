import Foundation
import HeraldCore
import HeraldEngine
import HeraldServer
import HeraldStore
import HeraldTestSupport
import HTTPTypes
import Testing

/// The page a responder opens from a page: what they need to act, and the four things they can do.
@Suite struct RespondPageTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// A PagerDuty event with custom details paged to 李雷 (step 1 of two), and the token from the page.
    static func paged(_ server: TestServer) async throws -> (token: String, incident: Incident, page: Delivery) {
        _ = try await server.store.createContact(Contact(
            id: "li", name: "李雷", timeZone: "Asia/Shanghai", groups: ["sre"], addresses: [.email: "li@example.com"], createdAt: server.store.now()))
        _ = try await server.store.createContact(Contact(
            id: "lead", name: "Han", language: .en, timeZone: "Europe/London", addresses: [.email: "lead@example.com"], createdAt: server.store.now()))
        let made = try await server.send(
            .post, "/api/v1/integrations", token: server.admin,
            json: #"{"name":"pd","kind":"pagerduty","escalation":{"steps":[{"group":"sre","wait_minutes":30},{"contact":"lead"}]}}"#)
        let key = try #require(made.object["key"] as? String)
        let event = """
            {"routing_key":"\(key)","event_action":"trigger","dedup_key":"disk-1",
             "payload":{"summary":"<b>Disk</b> full on db-1 & more","source":"db-1","severity":"critical","component":"db",
               "timestamp":"2026-11-21T23:50:00Z",
               "custom_details":{"free":"2%","mount":"/var/lib/<pg>","runbook_url":"https://wiki.example.cn/disk","summary":"dup"}},
             "links":[{"href":"https://grafana.example.cn/d/disk","text":"dashboard"}]}
            """
        #expect(try await server.send(.post, "/v2/enqueue", json: event).status == .accepted)
        let page = try #require(try await server.store.claimDeliveries(limit: 10).first { $0.address == "li@example.com" })
        let link = try #require(page.body.firstMatch(of: /https:\/\/status\.example\.com\/respond\/(\S+)/))
        let incident = try #require(try await server.store.incidents().first)
        return (String(link.1), incident, page)
    }

    @Test(arguments: TestDatabase.allCases)
    func thePageCarriesWhatAResponderNeeds(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com" }) { server in
            let (_, _, page) = try await Self.paged(server)
            #expect(page.body.contains("告警数：1"))
            #expect(page.body.contains("开始于：2026-11-22 08:00 (UTC+08:00)"), "when Herald heard of it, in the contact's zone, with the zone: \(page.body)")
            #expect(page.body.contains("标签：component=db"))
            #expect(page.body.contains("详情：\n- free：2%\n- mount：/var/lib/<pg>"), "custom_details, without the summary again")
            #expect(page.body.contains("处置手册：https://wiki.example.cn/disk"), "the runbook the alert names")
            #expect(page.body.contains("- https://grafana.example.cn/d/disk"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theRespondPageShowsTheIncidentInBothLanguagesAndGetChangesNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com" }) { server in
            let (token, incident, _) = try await Self.paged(server)
            let before = try await server.store.incidentEvents(incidentID: incident.id)

            let chinese = try await server.send(.get, "/respond/\(token)")
            #expect(chinese.status == .ok)
            #expect(chinese.body.contains("<html lang=\"zh-CN\">") && chinese.body.contains("严重程度"))
            #expect(chinese.body.contains("&lt;b&gt;Disk&lt;/b&gt; full on db-1 &amp; more") && !chinese.body.contains("<b>Disk"), "escaped")
            #expect(chinese.body.contains("2026-11-22 08:00 (UTC+08:00)"), "the contact's zone, shown")
            #expect(chinese.body.contains("告警（1）") && chinese.body.contains("告警中"))
            #expect(chinese.body.contains("<li>component=db</li>"))
            #expect(chinese.body.contains("<dt>mount</dt><dd>/var/lib/&lt;pg&gt;</dd>") && chinese.body.contains("<dt>free</dt><dd>2%</dd>"))
            #expect(chinese.body.contains("href=\"https://wiki.example.cn/disk\""), "the runbook")
            #expect(chinese.body.contains("href=\"https://grafana.example.cn/d/disk\""))
            #expect(chinese.body.contains("时间线（最新在前）") && chinese.body.contains("已发送通知") && chinese.body.contains("内部"))
            for action in ["acknowledge", "resolve", "note", "escalate"] {
                #expect(chinese.body.contains("id=\"\(action)\"") && chinese.body.contains("value=\"\(action)\""), "\(action)")
            }
            #expect(chinese.body.contains("<form method=\"post\" action=\"?lang=zh-CN\""))
            #expect(chinese.body.contains("<textarea") && chinese.body.contains("maxlength=\"2000\""))
            #expect(!chinese.body.contains("<script"))

            let english = try await server.send(.get, "/respond/\(token)?lang=en")
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("Severity") && english.body.contains("high"))
            #expect(english.body.contains("Alerts (1)") && english.body.contains("Timeline (newest first)") && english.body.contains("Escalate now"))
            #expect(english.body.contains("Acknowledge") && english.body.contains("Add a note"))
            #expect(!english.body.contains("告警"), "no Chinese words on the English page")
            let browser = try await server.send(.get, "/respond/\(token)", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(browser.body.contains("<html lang=\"en\">"))

            let after = try await server.store.incident(id: incident.id)
            #expect(after.acknowledgedAt == nil && after.status == .investigating, "reading the page changes nothing")
            #expect(try await server.store.incidentEvents(incidentID: incident.id) == before)
            #expect(try await server.store.escalationStep(incidentID: incident.id) == 0)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aNoteIsRecordedAndABadOneStoresNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com" }) { server in
            let (token, incident, _) = try await Self.paged(server)
            let before = try await server.store.incidentEvents(incidentID: incident.id).count

            let empty = try await server.send(.post, "/respond/\(token)?lang=en", body: "action=note&note=%20%20", headers: Self.form)
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("The note (note) must not be empty."), "names the field")
            let long = String(repeating: "x", count: 2001)
            let tooLong = try await server.send(.post, "/respond/\(token)", body: "action=note&note=\(long)", headers: Self.form)
            #expect(tooLong.status == .badRequest && tooLong.body.contains("备注（note）最多 2000 个字符。"))
            #expect(tooLong.body.contains(">\(long)</textarea>"), "what was typed is shown again")
            let unknown = try await server.send(.post, "/respond/\(token)?lang=en", body: "action=delete", headers: Self.form)
            #expect(unknown.status == .badRequest && unknown.body.contains("(action)"))
            #expect(try await server.store.incidentEvents(incidentID: incident.id).count == before, "nothing half-stored")

            let noted = try await server.send(
                .post, "/respond/\(token)?lang=en", body: "action=note&note=" + "Freed <10GB> & restarted".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                headers: Self.form)
            #expect(noted.status == .ok && noted.body.contains("Note saved"))
            #expect(noted.body.contains("Freed &lt;10GB&gt; &amp; restarted"), "on the timeline shown, escaped")
            let note = try #require(try await server.store.incidentEvents(incidentID: incident.id).last)
            #expect(note.kind == .note && note.detail == "Freed <10GB> & restarted" && note.actor == "contact:li (link)" && !note.isPublic)
            #expect(try await server.store.incident(id: incident.id).acknowledgedAt == nil, "a note does not acknowledge")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func escalatingNowPagesTheNextStepOnceThenSaysThereIsNoMore(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com" }) { server in
            let (token, incident, _) = try await Self.paged(server)
            let escalated = try await server.send(.post, "/respond/\(token)?lang=en", body: "action=escalate", headers: Self.form)
            #expect(escalated.status == .ok)
            #expect(escalated.body.contains("Step 2 paged: 1 messages queued."))
            #expect(try await server.store.escalationStep(incidentID: incident.id) == 1)
            let lead = try #require(try await server.store.claimDeliveries(limit: 10).first { $0.address == "lead@example.com" })
            #expect(lead.idempotencyKey.hasPrefix("incident:\(incident.id):step-1:lead:"))
            #expect(lead.body.contains("Started: 2026-11-22 00:00 (UTC+00:00)"), "the lead's zone: \(lead.body)")
            let event = try #require(try await server.store.incidentEvents(incidentID: incident.id).last)
            #expect(event.kind == .escalated && event.actor == "contact:li (link)")

            let again = try await server.send(.post, "/respond/\(token)?lang=en", body: "action=escalate", headers: Self.form)
            #expect(again.status == .conflict && again.body.contains("there is no next step"))
            #expect(try await server.store.escalationStep(incidentID: incident.id) == 1)

            let resolved = try await server.send(.post, "/respond/\(token)?lang=en", body: "action=resolve", headers: Self.form)
            #expect(resolved.status == .ok && resolved.body.contains("The incident is resolved."))
            #expect(!resolved.body.contains("id=\"escalate\"") && !resolved.body.contains("id=\"resolve\""), "nothing left to do but notes")
            let late = try await server.send(.post, "/respond/\(token)", body: "action=escalate", headers: Self.form)
            #expect(late.status == .conflict && late.body.contains("事件已解决。"))
        }
    }
}
