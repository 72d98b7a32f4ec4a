import Foundation
import HeraldTestSupport
import Testing

/// The public pages in a real browser (headless Chromium driven by Selenium), as readers open them:
/// in both languages, on a phone and a desktop, with the page's own security policy in force.
@Suite(.serialized) struct BrowserTests {
    @Test(.timeLimit(.minutes(10)))
    func thePublicPagesReadWellInABrowser() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
            catalogue:
              groups:
                - {id: payments, name: 支付服务}
              components:
                - {id: pay, name: 支付网关, group_id: payments}
                - {id: web, name: 官方网站}
            alerts:
              storm: {threshold: 2}
            """.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        let server = try await RunningServer(["--config", "herald.yaml"], in: directory)
        let base = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let start = format.string(from: Date().addingTimeInterval(3 * 86400))
        let end = format.string(from: Date().addingTimeInterval(3 * 86400 + 7200))
        let notice = """
            {"title":{"zh-CN":"支付系统升级维护","en":"Payment system upgrade"},"reason":{"zh-CN":"升级支付系统","en":"An upgrade of the payment system"},
             "impact":{"zh-CN":"维护期间无法在线支付","en":"You cannot pay online during the maintenance"},
             "signature":{"zh-CN":"运维部","en":"Operations"},"contact":{"name":"值班工程师","email":"ops@example.com"},
             "components":["pay"],"severity":"medium","time_zone":"Asia/Shanghai","planned_start":"\(start)","planned_end":"\(end)"}
            """
        // Readers of the notice, so the console's notice page has a delivery ledger and a reach to show.
        for (id, email) in [("wang", "wang@example.com"), ("chen", "chen@example.com")] {
            _ = try await fetch("\(base)/api/v1/contacts", method: "POST", token: token,
                                json: #"{"id":"\#(id)","name":"\#(id)","groups":["ops"],"addresses":{"email":"\#(email)"},"subscriptions":["pay"]}"#)
        }
        let created = try await fetch("\(base)/api/v1/notices", method: "POST", token: token, json: notice)
        let id = String(try #require(created.body.firstMatch(of: /"id":"([a-z0-9]{12})"/)?.output.1, "\(created.body)"))
        _ = try await fetch("\(base)/api/v1/notices/\(id)/publish", method: "POST", token: token)

        // Incidents and on-call: a team with a schedule, a route to it, and an incident from a PagerDuty event.
        let monday = format.string(from: Date().addingTimeInterval(-2 * 86400))
        for (id, name) in [("li", "李雷"), ("han", "韩梅梅")] {
            _ = try await fetch("\(base)/api/v1/contacts", method: "POST", token: token, json: #"{"id":"\#(id)","name":"\#(name)","addresses":{"sms":"+861380000000\#(id.count)"}}"#)
        }
        let schedule = try await fetch(
            "\(base)/api/v1/schedules", method: "POST", token: token,
            json: #"{"id":"primary","name":"支付值班","time_zone":"Asia/Shanghai","members":["li","han"],"start":"\#(monday)","rotation_days":1}"#)
        #expect(schedule.status == 201, "\(schedule.body)")
        _ = try await fetch("\(base)/api/v1/teams/payments", method: "PUT", token: token, json: #"{"name":"支付组","escalation":{"steps":[{"schedule":"primary","wait_minutes":10}]}}"#)
        _ = try await fetch(
            "\(base)/api/v1/alert-routes", method: "PUT", token: token,
            json: #"{"routes":[{"matchers":[{"name":"component","value":"pay"}],"team":"payments","severity":"high","runbook_url":"https://wiki.example.cn/pay"}]}"#)
        let integration = try await fetch("\(base)/api/v1/integrations", method: "POST", token: token, json: #"{"name":"pagerduty","kind":"pagerduty"}"#)
        let routingKey = String(try #require(integration.body.firstMatch(of: /"key":"([^"]+)"/)?.output.1, "\(integration.body)"))
        let event = try await fetch(
            "\(base)/v2/enqueue", method: "POST",
            json: #"{"routing_key":"\#(routingKey)","event_action":"trigger","payload":{"summary":"支付网关 5xx 超过 5%","source":"pay-gw-01","severity":"critical","component":"pay","custom_details":{"rate":0.07}}}"#)
        #expect(event.status == 202, "\(event.body)")
        let heartbeat = try await fetch(
            "\(base)/api/v1/heartbeats", method: "POST", token: token,
            json: #"{"name":"nightly-backup","period_seconds":86400,"grace_seconds":1800,"team":"payments","labels":{"component":"pay"}}"#)
        #expect(heartbeat.status == 201, "\(heartbeat.body)")
        let incidents = try await fetch("\(base)/api/v1/incidents", token: token)
        let incident = String(try #require(incidents.body.firstMatch(of: /"id":"([a-z0-9]+)"/)?.output.1, "\(incidents.body)"))
        // Regulatory clocks on the incident page: GDPR's 72 h passed without a filing, the CAC's 4 h running.
        for (regime, hours) in [("gdpr", 80.0), ("cac-other", 1.0)] {
            let aware = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-hours * 3600))
            let classified = try await fetch(
                "\(base)/api/v1/incidents/\(incident)/classifications", method: "POST", token: token, json: #"{"regime":"\#(regime)","awareness_at":"\#(aware)"}"#)
            #expect(classified.status == 201, "\(classified.body)")
        }
        // GDPR's report with two fields a responder wrote, the rest Herald's or still to write.
        let written = try await fetch(
            "\(base)/api/v1/incidents/\(incident)/classifications/gdpr/report-fields", method: "PATCH", token: token,
            json: #"{"subjects":"约 1,200 名付费用户","measures":"已吊销泄露的密钥，并强制相关用户重置密码。"}"#)
        #expect(written.status == 200, "\(written.body)")
        // A second incident, resolved by its source, with a postmortem started and written: the postmortem screen.
        let databases = try await fetch("\(base)/api/v1/integrations", method: "POST", token: token, json: #"{"name":"pagerduty-db","kind":"pagerduty","group_by":["component"]}"#)
        let databaseKey = String(try #require(databases.body.firstMatch(of: /"key":"([^"]+)"/)?.output.1, "\(databases.body)"))
        for action in ["trigger", "resolve"] {
            let payload = action == "trigger" ? #","payload":{"summary":"数据库延迟升高","source":"db-01","severity":"error","component":"web"}"# : ""
            let sent = try await fetch(
                "\(base)/v2/enqueue", method: "POST", json: #"{"routing_key":"\#(databaseKey)","dedup_key":"db-slow","event_action":"\#(action)"\#(payload)}"#)
            #expect(sent.status == 202, "\(sent.body)")
        }
        let listed = try JSONSerialization.jsonObject(with: Data(try await fetch("\(base)/api/v1/incidents", token: token).body.utf8)) as? [String: Any]
        let resolved = try #require((listed?["incidents"] as? [[String: Any]])?.first { $0["status"] as? String == "resolved" }?["id"] as? String)
        #expect(try await fetch("\(base)/api/v1/incidents/\(resolved)/postmortem", method: "POST", token: token).status == 201)
        let sections = try await fetch(
            "\(base)/api/v1/incidents/\(resolved)/postmortem", method: "PATCH", token: token,
            json: #"{"root_cause":"慢查询没有索引","went_wrong":"告警晚了 12 分钟","action_items":[{"title":"给订单表加索引","owner":"韩梅梅","due":"2026-12-20"}]}"#)
        #expect(sections.status == 200, "\(sections.body)")
        // A third incident, resolved, whose postmortem is published on the status page: its public page.
        for action in ["trigger", "resolve"] {
            let payload = action == "trigger" ? #","payload":{"summary":"缓存集群切换","source":"cache-01","severity":"warning","component":"web"}"# : ""
            let sent = try await fetch(
                "\(base)/v2/enqueue", method: "POST", json: #"{"routing_key":"\#(databaseKey)","dedup_key":"cache","event_action":"\#(action)"\#(payload)}"#)
            #expect(sent.status == 202, "\(sent.body)")
        }
        let all = try JSONSerialization.jsonObject(with: Data(try await fetch("\(base)/api/v1/incidents", token: token).body.utf8)) as? [String: Any]
        let reviewed = try #require((all?["incidents"] as? [[String: Any]])?.first { $0["status"] as? String == "resolved" && $0["id"] as? String != resolved }?["id"] as? String)
        #expect(try await fetch("\(base)/api/v1/incidents/\(reviewed)/postmortem", method: "POST", token: token).status == 201)
        let summary = try await fetch(
            "\(base)/api/v1/incidents/\(reviewed)/postmortem", method: "PATCH", token: token,
            json: #"{"public_summary":{"zh-CN":"12 月 1 日 10:00 至 10:20，部分页面打开变慢。原因是缓存集群主备切换时预热不足。我们已改为切换前先预热，并增加了演练。","en":"From 10:00 to 10:20 on 1 December some pages were slow to open: the cache cluster switched over before it was warmed up. It now warms up first, and we rehearse the switch."}}"#)
        #expect(summary.status == 200, "\(summary.body)")
        for (state, extra) in [("in_review", ""), ("published", #","public":true"#)] {
            let moved = try await fetch(
                "\(base)/api/v1/incidents/\(reviewed)/postmortem/state", method: "POST", token: token, json: #"{"state":"\#(state)"\#(extra)}"#)
            #expect(moved.status == 200, "\(moved.body)")
        }
        // An alert storm, for its incident's page: with a threshold of 2, the third new incident of
        // alerts routed to no team (the database's, the cache's, then api-1) begins the storm and the rest join it.
        for index in 1...4 {
            let sent = try await fetch(
                "\(base)/v2/enqueue", method: "POST",
                json: #"{"routing_key":"\#(databaseKey)","dedup_key":"api-\#(index)","event_action":"trigger","payload":{"summary":"接口 api-\#(index) 超时","source":"api-\#(index)","severity":"error","component":"api-\#(index)"}}"#)
            #expect(sent.status == 202, "\(sent.body)")
        }
        let storms = try JSONSerialization.jsonObject(with: Data(try await fetch("\(base)/api/v1/storms", token: token).body.utf8)) as? [String: Any]
        let stormList = try #require(storms?["storms"] as? [[String: Any]])
        #expect(stormList.count == 1 && stormList.first?["active"] as? Bool == true && stormList.first?["team"] is NSNull, "\(stormList)")
        let storm = try #require(stormList.first?["incident_id"] as? String)
        // A drill for a team, acknowledged: its incident page with the scorecard, and the drills screen.
        let opsTeam = try await fetch(
            "\(base)/api/v1/teams/ops", method: "PUT", token: token, json: #"{"name":"运维组","escalation":{"steps":[{"group":"ops","wait_minutes":5}]}}"#)
        #expect(opsTeam.status == 200, "\(opsTeam.body)")
        let drillStarted = try await fetch(
            "\(base)/api/v1/drills", method: "POST", token: token, json: #"{"team":"ops","runbook_url":"https://wiki.example.cn/runbooks/ops"}"#)
        let drill = String(try #require(drillStarted.body.firstMatch(of: /"id":"([a-z0-9]{12})"/)?.output.1, "\(drillStarted.body)"))
        #expect(try await fetch("\(base)/api/v1/incidents/\(drill)/acknowledge", method: "POST", token: token).status == 200)
        // For the catalogue, people, feedback, deliveries and settings screens: a contact, an integration, a user's feedback.
        _ = try await fetch("\(base)/api/v1/contacts", method: "POST", token: token, json: #"{"id":"wang","name":"王芳","groups":["ops"],"addresses":{"email":"wang@example.com","sms":"+8613800000000"},"quiet_hours":"22:00-07:30"}"#)
        _ = try await fetch("\(base)/api/v1/integrations", method: "POST", token: token, json: #"{"name":"Prometheus","kind":"alertmanager"}"#)
        _ = try await fetch("\(base)/feedback", method: "POST", json: #"{"notice":"\#(id)","name":"陈静","contact":"chen@example.com","message":"维护期间能退款吗？"}"#)
        let peoplePaths = ["/console/catalogue", "/console/catalogue/components/pay", "/console/people", "/console/people/contacts/wang",
                           "/console/people/import", "/console/feedback", "/console/deliveries", "/console/settings", "/console/audit"]

        let shots = URL(fileURLWithPath: ProcessInfo.processInfo.environment["HERALD_SCREENSHOTS"] ?? directory.appendingPathComponent("shots").path)
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("support/browser_check.py")
        // The console: the first admin is made through the setup link `herald serve` printed, as an operator would.
        let link = try #require(server.stdout.firstMatch(of: /http:\/\/\S+(\/console\/setup\/[0-9a-f]{48})/))
        let setup = base + link.output.1
        let arguments = [
            base, shots.path, "/", "/history", "/maintenance/\(id)", "/subscribe", "/incidents/\(reviewed)",
            "--live", "/console/incidents/\(incident)", token,
            "--console", setup, "li@example.com", "correct horse battery", "/console/", "/console/account", "/console/users",
            "/console/incidents", "/console/incidents/\(incident)", "/console/incidents/\(incident)/report/gdpr", "/console/oncall", "/console/heartbeats",
            "/console/notices", "/console/notices/new", "/console/notices/\(id)", "/console/incidents/\(resolved)/postmortem",
            "/console/incidents/\(storm)", "/console/action-items", "/console/drills", "/console/incidents/\(drill)",
        ] + peoplePaths
        let run = try await ChildProcess.python(script, arguments)
        let data = Data(run.stdout.utf8)
        let complaint = run.stderr
        try #require(run.status == 0, "the browser run failed (needs chromium, chromium-driver and pip install selenium): \(complaint)")
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let pages = try #require(result["pages"] as? [[String: Any]])
        #expect(pages.count == 88 + 4 * peoplePaths.count)
        let signedIn = try #require(result["signed_in"] as? [String: String])
        #expect(signedIn["phone"] == "\(base)/console/", "the setup link signs the new admin in")
        #expect(signedIn["desktop"] == "\(base)/console/", "the sign-in form signs in")
        for page in pages {
            let label = "\(page["path"] ?? "") \(page["language"] ?? "") \(page["device"] ?? "")"
            #expect(page["lang"] as? String == page["language"] as? String, "\(label)")
            #expect(page["overflow"] as? Int == 0, "\(label): wider than the screen by \(page["overflow"] ?? "")px")
            #expect((page["complaints"] as? [String])?.isEmpty == true, "\(label): \(page["complaints"] ?? "")")
            let text = page["text"] as? String ?? ""
            if let path = page["path"] as? String, path.hasPrefix("/console") {
                if path != "/console/login" { #expect(text.contains(page["language"] as? String == "en" ? "Sign out" : "退出登录"), "\(label): signed in") }
            } else if page["language"] as? String == "en" {
                #expect(text.contains("Subscribe to updates"), "\(label)")
            } else {
                #expect(text.contains("订阅通知"), "\(label)")
            }
        }
        let upgrade = try #require(pages.first { ($0["path"] as? String)?.hasPrefix("/maintenance/") == true && $0["language"] as? String == "en" })
        #expect((upgrade["text"] as? String)?.contains("Payment system upgrade") == true)
        for page in pages where page["path"] as? String == "/incidents/\(reviewed)" {
            let english = page["language"] as? String == "en"
            let text = page["text"] as? String ?? ""
            #expect(text.contains(english ? "Postmortem" : "事后复盘") && text.contains(english ? "warmed up" : "预热不足"), "the postmortem on the status page: \(text)")
        }
        for page in pages where page["path"] as? String == "/console/incidents/\(drill)" {
            let english = page["language"] as? String == "en"
            #expect((page["text"] as? String ?? "").contains(english ? "Scorecard" : "评分卡"), "the drill's page shows its scorecard")
        }
        for page in pages where page["path"] as? String == "/console/incidents/\(storm)" {
            let english = page["language"] as? String == "en"
            let text = page["text"] as? String ?? ""
            #expect(text.contains("Alert storm") && text.contains(english ? "storm mode" : "告警风暴"), "the storm's page says what it is: \(text)")
        }
        let form = try #require(result["form"] as? [String: Any])
        #expect((form["text"] as? String)?.contains("Enter a valid email address") == true, "\(form)")
        #expect(form["email"] as? String == "li@example" && form["invalid"] as? String == "true", "\(form)")
        // The live timeline: an update posted through the API appeared in the open page without a reload.
        let live = try #require(result["live"] as? [String: Any])
        #expect(live["seen"] as? Bool == true, "\(live)")
        #expect(live["reloaded"] as? Bool == false, "\(live)")
        _ = try await server.stop()
    }
}
