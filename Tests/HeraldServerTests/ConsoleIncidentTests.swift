import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The console's incident and on-call screens with a signed-in operator, on both engines: what the
/// pages show is what the store holds, each action goes through the API's use case with the
/// operator as its actor, and viewers read only.
@Suite struct ConsoleIncidentTests {
    /// An integration, a team with a schedule (李雷 then 韩梅梅, a week each from Monday 09:00
    /// Shanghai), a route sending `service=pay` to the team, and two incidents: a high one for
    /// payments and a low one without a team.
    static func seed(_ server: TestServer) async throws -> (pay: Incident, disk: Incident, integration: Integration) {
        let store = server.store
        let now = store.now()
        _ = try await store.createContact(Contact(id: "li", name: "李雷", addresses: [.sms: "+8613800000000", .email: "Responder@Example.com"], createdAt: now))
        _ = try await store.createContact(Contact(id: "han", name: "韩梅梅", addresses: [.sms: "+8613800000002"], createdAt: now))
        _ = try await store.createSchedule(OnCallSchedule(
            id: "primary", name: "支付值班", timeZone: "Asia/Shanghai", members: ["li", "han"],
            start: RFC3339.parse("2026-11-16T09:00:00+08:00")!, rotationDays: 7))
        _ = try await store.saveTeam(Team(id: "payments", name: "支付组", escalation: EscalationPolicy(steps: [EscalationStep(target: .schedule("primary"), waitMinutes: 10)])))
        _ = try await store.saveTeam(Team(id: "dba", name: "数据库组", escalation: EscalationPolicy(steps: [EscalationStep(target: .contact("han"), waitMinutes: 5)])))
        let route = AlertRoute(matchers: [LabelMatcher(name: "service", value: "pay")], team: "payments", severity: .high, runbookURL: "https://wiki.example.cn/pay")
        try await store.replaceAlertRoutes([route])
        let integration = try await store.createIntegration(name: "prometheus-prod", kind: .alertmanager, grouping: Grouping(groupBy: ["alertname"]), notifyGroup: nil).integration
        _ = try await store.ingest(
            IncomingAlert(action: .trigger, dedupKey: "pay-1", summary: "支付 <b>延迟</b>", labels: ["alertname": "Latency", "service": "pay", "instance": "pay-01"], occurredAt: now),
            integration: integration, severity: .high, route: route)
        _ = try await store.ingest(
            IncomingAlert(action: .trigger, dedupKey: "disk-1", summary: "磁盘将满", labels: ["alertname": "DiskFull", "instance": "db-01"], occurredAt: now),
            integration: integration, severity: .low)
        let incidents = try await store.incidents()
        return (incidents.first { $0.title.contains("延迟") }!, incidents.first { $0.title == "磁盘将满" }!, integration)
    }

    @Test(arguments: TestDatabase.allCases)
    func theListFiltersByStateSeverityTeamSourceAndWhoTookIt(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, disk, integration) = try await Self.seed(server)
            let viewer = try await server.consoleUser(.viewer)
            let all = try await server.get("/console/incidents", as: viewer)
            #expect(all.status == .ok)
            #expect(all.body.contains("支付 &lt;b&gt;延迟&lt;/b&gt;") && !all.body.contains("<b>延迟"), "titles are escaped")
            #expect(all.body.contains("磁盘将满") && all.body.contains("支付组"))
            #expect(all.body.contains("href=\"/console/oncall\""), "both screens are in the navigation")

            let high = try await server.get("/console/incidents?severity=high", as: viewer)
            #expect(high.body.contains("延迟") && !high.body.contains("磁盘将满"))
            let team = try await server.get("/console/incidents?team=payments", as: viewer)
            #expect(team.body.contains("延迟") && !team.body.contains("磁盘将满"))
            let source = try await server.get("/console/incidents?source=\(integration.id)", as: viewer)
            #expect(source.body.contains("延迟") && source.body.contains("磁盘将满"))
            let elsewhere = try await server.get("/console/incidents?source=nothing", as: viewer)
            #expect(!elsewhere.body.contains("延迟") && !elsewhere.body.contains("磁盘将满"))

            // 李雷's email is the responder's: the link he was paged with counts as the responder's too.
            let responder = try await server.consoleUser(.responder)
            #expect(try await server.post("/console/incidents/\(pay.id)/acknowledge", as: responder, form: [:]).status == .seeOther)
            _ = try await server.store.acknowledgeIncident(id: disk.id, actor: "contact:li (link)")
            let mine = try await server.get("/console/incidents?mine=1", as: responder)
            #expect(mine.body.contains("延迟") && mine.body.contains("磁盘将满"), "console and link acknowledgements are both mine")
            let notMine = try await server.get("/console/incidents?mine=1", as: viewer)
            #expect(!notMine.body.contains("延迟") && !notMine.body.contains("磁盘将满"))
            let open = try await server.get("/console/incidents?state=open", as: viewer)
            #expect(!open.body.contains("延迟"), "acknowledged incidents are not open")
            let acknowledged = try await server.get("/console/incidents?state=acknowledged&severity=high", as: viewer)
            #expect(acknowledged.body.contains("延迟") && acknowledged.body.contains("user:responder@example.com"))
            #expect(acknowledged.body.contains("name=\"severity\"") && acknowledged.body.contains("<option value=\"high\" selected>"), "the filters stay chosen")
            #expect(!acknowledged.body.contains("method=\"post\" action=\"/console/incidents/"), "a viewer sees no write buttons")

            // A page at a time: the next page's link keeps the filters.
            let first = try await server.get("/console/incidents?team=&limit=1", as: viewer)
            #expect(first.body.contains("rel=\"next\""), "\(first.body)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func acknowledgingAndTheOtherActionsAreRecordedAsTheOperator(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, disk, _) = try await Self.seed(server)
            let responder = try await server.consoleUser(.responder)
            let viewer = try await server.consoleUser(.viewer)

            let page = try await server.get("/console/incidents/\(pay.id)", as: responder)
            #expect(page.status == .ok)
            #expect(page.body.contains("https://wiki.example.cn/pay"), "the runbook link")
            #expect(page.body.contains("<code>alertname=Latency</code>") && page.body.contains("<code>service=pay</code>"), "the alert's labels")
            #expect(page.body.contains("data-live-timeline=\"/console/incidents/\(pay.id)/stream?after="))
            #expect(page.body.contains("action=\"/console/incidents/\(pay.id)/acknowledge\""))

            // A viewer reads: no buttons, and a forged form is refused with nothing changed.
            let read = try await server.get("/console/incidents/\(pay.id)", as: viewer)
            #expect(read.status == .ok && !read.body.contains("method=\"post\" action=\"/console/incidents/"))
            for action in ["acknowledge", "resolve", "escalate", "note", "update", "severity", "reassign", "silence"] {
                let forged = try await server.post("/console/incidents/\(pay.id)/\(action)", as: viewer, form: ["note": "x", "severity": "low", "team": "dba"])
                #expect(forged.status == .forbidden, "\(action)")
            }
            #expect(try await server.store.incident(id: pay.id).acknowledgedAt == nil)

            let acknowledged = try await server.post("/console/incidents/\(pay.id)/acknowledge", as: responder, form: [:])
            #expect(acknowledged.status == .seeOther)
            #expect(acknowledged.headers[.location] == "/console/incidents/\(pay.id)?done=acknowledged")
            let events = try await server.store.incidentEvents(incidentID: pay.id)
            #expect(events.contains { $0.kind == .acknowledged && $0.actor == "user:responder@example.com" })
            let shown = try await server.get("/console/incidents/\(pay.id)?done=acknowledged", as: responder)
            #expect(shown.body.contains("You acknowledged the incident.") || shown.body.contains("你已确认该事件。"))
            #expect(shown.body.contains("user:responder@example.com"), "on the timeline")

            #expect(try await server.post("/console/incidents/\(pay.id)/severity", as: responder, form: ["severity": "low"]).status == .seeOther)
            #expect(try await server.post("/console/incidents/\(pay.id)/reassign", as: responder, form: ["team": "dba"]).status == .seeOther)
            let bad = try await server.post("/console/incidents/\(pay.id)/reassign", as: responder, form: ["team": "nobody"])
            #expect(bad.status == .unprocessableContent && bad.body.contains("class=\"problem\""))
            let changed = try await server.store.incident(id: pay.id)
            #expect(changed.severity == .low && changed.teamID == "dba")
            let later = try await server.store.incidentEvents(incidentID: pay.id)
            #expect(later.contains { $0.kind == .severityChanged && $0.detail == "high → low" && $0.actor == "user:responder@example.com" })
            #expect(later.contains { $0.kind == .reassigned && $0.detail == "payments → dba" && $0.actor == "user:responder@example.com" })

            // The API does the same through the same use case.
            let api = try await server.send(.post, "/api/v1/incidents/\(disk.id)/severity", token: server.responder, json: #"{"severity":"high"}"#)
            #expect(api.status == .ok && (api.object["severity"] as? String) == "high", "\(api.body)")
            let refused = try await server.send(.post, "/api/v1/incidents/\(disk.id)/reassign", token: server.responder, json: #"{"team":"nobody"}"#)
            #expect(refused.problemFields == ["team"])

            // Escalating pages the next step of the (new) team's policy, as the respond page does.
            let escalated = try await server.post("/console/incidents/\(pay.id)/escalate", as: responder, form: [:])
            #expect(escalated.status == .seeOther, "\(escalated.body)")
            #expect(try await server.store.incidentEvents(incidentID: pay.id).contains { $0.kind == .escalated || $0.kind == .pageQueued })

            #expect(try await server.post("/console/incidents/\(pay.id)/resolve", as: responder, form: [:]).status == .seeOther)
            #expect(try await server.store.incident(id: pay.id).status == .resolved)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aNoteStaysInternalAndAPublicUpdateReachesTheEnglishStatusPage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, _, _) = try await Self.seed(server)
            let responder = try await server.consoleUser(.responder)

            let empty = try await server.post("/console/incidents/\(pay.id)/note", as: responder, form: ["note": "  "])
            #expect(empty.status == .unprocessableContent && empty.body.contains("aria-invalid=\"true\""))
            #expect(try await server.post("/console/incidents/\(pay.id)/note", as: responder, form: ["note": "重启了 <script>"]).status == .seeOther)
            let note = try #require(try await server.store.incidentEvents(incidentID: pay.id).last)
            #expect(note.kind == .note && !note.isPublic && note.actor == "user:responder@example.com")
            let page = try await server.get("/console/incidents/\(pay.id)", as: responder)
            #expect(page.body.contains("重启了 &lt;script&gt;") && !page.body.contains("重启了 <script>"))

            // The preview is the status page's rendering in each language, and stores nothing.
            let before = try await server.store.incidentEvents(incidentID: pay.id).count
            let fields = ["message_zh": "已定位到数据库慢查询", "message_en": "We found a slow database query", "status": "identified", "impact": "minor"]
            let preview = try await server.post("/console/incidents/\(pay.id)/update", as: responder, form: fields.merging(["intent": "preview"]) { $1 })
            #expect(preview.status == .ok)
            #expect(preview.body.contains("<ol class=\"updates\">") && preview.body.contains("We found a slow database query") && preview.body.contains("已定位到数据库慢查询"))
            #expect(preview.body.contains(">Identified<") && preview.body.contains(">已确认问题<") || preview.body.contains("Identified"))
            #expect(try await server.store.incidentEvents(incidentID: pay.id).count == before)

            let missing = try await server.post("/console/incidents/\(pay.id)/update", as: responder, form: ["intent": "publish", "status": "nonsense"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.body.contains("id=\"f-message_zh-error\"") && missing.body.contains("id=\"f-status-error\""))

            let published = try await server.post("/console/incidents/\(pay.id)/update", as: responder, form: fields.merging(["intent": "publish"]) { $1 })
            #expect(published.status == .seeOther)
            let update = try #require(try await server.store.incidentEvents(incidentID: pay.id).last)
            #expect(update.kind == .update && update.isPublic && update.detail == "已定位到数据库慢查询" && update.translations[.en] == "We found a slow database query")
            #expect(try await server.store.incident(id: pay.id).status == .identified)

            let english = try await server.send(.get, "/incidents/\(pay.id)?lang=en")
            #expect(english.status == .ok)
            #expect(english.body.contains("We found a slow database query") && !english.body.contains("已定位到数据库慢查询"))
            #expect(!english.body.contains("重启了"), "the note stays internal")
            let chinese = try await server.send(.get, "/incidents/\(pay.id)?lang=zh-CN")
            #expect(chinese.body.contains("已定位到数据库慢查询"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theLiveTimelineStreamsForASessionOnly(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, _, _) = try await Self.seed(server)
            let viewer = try await server.consoleUser(.viewer)
            let anonymous = try await server.get("/console/incidents/\(pay.id)/stream", as: nil)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/console/login") == true)
            let opened = try await server.store.incidentEvents(incidentID: pay.id)
            // A resolved incident's stream sends what there is and ends, so it can be read whole here.
            _ = try await server.store.postIncidentUpdate(id: pay.id, status: .resolved, message: "好了", isPublic: true, actor: "token:responder")
            let stream = try await server.get("/console/incidents/\(pay.id)/stream?after=\(opened.last!.position)", as: viewer)
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType] == "text/event-stream; charset=utf-8")
            let kinds = stream.body.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) }
            #expect(kinds == ["status_changed", "update"], "only what came after the page: \(stream.body)")
            #expect(try await server.get("/console/incidents/nothing/stream", as: viewer).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theSummaryCardIsServedAgainAsItIsNowForTheLivePage(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, _, _) = try await Self.seed(server)
            let viewer = try await server.consoleUser(.viewer)
            let page = try await server.get("/console/incidents/\(pay.id)?lang=en", as: viewer)
            #expect(page.body.contains("data-live-summary=\"/console/incidents/\(pay.id)/summary\""), "the open incident's card follows its timeline")
            let before = try await server.get("/console/incidents/\(pay.id)/summary?lang=en", as: viewer)
            #expect(before.status == .ok && before.headers[.cacheControl] == "no-store")
            #expect(before.body.hasPrefix("<dl class=\"facts\">") && before.body.contains("Not acknowledged") && before.body.contains("High"), "\(before.body)")
            #expect(!before.body.contains("<html"), "the card alone, not a page")

            // Someone else acknowledges and raises nothing: the card says who, in the reader's words and zone.
            _ = try await server.store.acknowledgeIncident(id: pay.id, actor: "user:li@example.com")
            _ = try await server.store.changeIncidentSeverity(id: pay.id, to: .medium, actor: "user:li@example.com")
            let after = try await server.get("/console/incidents/\(pay.id)/summary?lang=zh-CN", as: viewer)
            #expect(after.body.contains("user:li@example.com") && after.body.contains("(UTC+08:00)") && after.body.contains(">中<"), "\(after.body)")
            #expect(!after.body.contains("未确认") && !after.body.contains("Not acknowledged"))
            #expect(try await server.get("/console/incidents/nothing/summary", as: viewer).status == .notFound)
            #expect(try await server.get("/console/incidents/\(pay.id)/summary", as: nil).status == .seeOther, "only for a session")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theOverviewCountsEveryOpenIncidentNotOnlyThoseListedUpToAHundredASeverity(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (_, _, integration) = try await Self.seed(server)
            for number in 0..<101 {
                _ = try await server.store.ingest(
                    IncomingAlert(action: .trigger, dedupKey: "many-\(number)", summary: "第 \(number) 台", labels: ["alertname": "Down\(number)"], occurredAt: server.store.now()),
                    integration: integration, severity: .medium)
            }
            let viewer = try await server.consoleUser(.viewer)
            let overview = try await server.get("/console/?lang=en", as: viewer)
            #expect(overview.body.contains("<li class=\"sev sev-medium\"><strong>100+</strong> Medium</li>"), "\(overview.body)")
            #expect(overview.body.contains("<li class=\"sev sev-high\"><strong>1</strong> High</li>"))
            #expect(overview.body.contains("<li class=\"sev sev-low\"><strong>1</strong> Low</li>"))
            #expect(overview.body.contains(">All incidents (102+ not resolved)</a>"), "at least 102 are open")
            let chinese = try await server.get("/console/?lang=zh-CN", as: viewer)
            #expect(chinese.body.contains(">全部事件（102+ 个未解决）</a>"))
        }
    }

    /// The overview reads everything afresh: an acknowledgement made a moment ago is on the next
    /// overview, and the on-call table names the schedule's people, now and next, by name.
    @Test(arguments: TestDatabase.allCases)
    func theOverviewShowsAnAcknowledgementAtOnceAndNamesWhoIsOnCall(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, _, _) = try await Self.seed(server)
            let responder = try await server.consoleUser(.responder)
            let before = try await server.get("/console/?lang=en", as: responder)
            #expect(before.status == .ok)
            #expect(!before.body.contains("By user:responder@example.com"))
            #expect(before.body.contains("支付组") && before.body.contains("支付值班") && before.body.contains("李雷") && before.body.contains("韩梅梅"), "\(before.body)")
            #expect(try await server.post("/console/incidents/\(pay.id)/acknowledge", as: responder, form: [:]).status == .seeOther)
            let after = try await server.get("/console/?lang=en", as: responder)
            #expect(after.body.contains("By user:responder@example.com"), "\(after.body)")
            #expect(after.body.contains("<li class=\"sev sev-high\"><strong>1</strong> High</li>"), "still open, now acknowledged")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func silencingAlertsLikeThisPreviewsTheOpenAlertsItCatchesThenSilencesThem(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let (pay, _, integration) = try await Self.seed(server)
            let responder = try await server.consoleUser(.responder)
            let alert = try #require(try await server.store.alerts(incidentID: pay.id).first)
            let form = try await server.get("/console/incidents/\(pay.id)/silence?alert=\(alert.id)", as: responder)
            #expect(form.status == .ok)
            #expect(form.body.contains("alertname=Latency\nservice=pay\ninstance=pay-01"), "prefilled from the alert's labels: \(form.body)")
            #expect(form.body.contains("These matchers catch 1 open alerts now.") || form.body.contains("这些条件当前匹配 1 条未解决告警。"))

            let wider = try await server.post("/console/incidents/\(pay.id)/silence", as: responder, form: ["matchers": "instance=~.*-01", "hours": "2", "intent": "preview"])
            #expect(wider.status == .ok)
            #expect(wider.body.contains("匹配 2 条") || wider.body.contains("catch 2 open"), "both open alerts' instances end in -01")
            #expect(try await server.store.silences(at: server.store.now()).isEmpty, "a preview makes nothing")

            let bad = try await server.post("/console/incidents/\(pay.id)/silence", as: responder, form: ["matchers": "instance\nalertname=~(", "hours": "0", "intent": "create"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("id=\"f-matchers-error\"") && bad.body.contains("id=\"f-hours-error\"") && bad.body.contains("id=\"f-comment-error\""))
            #expect(try await server.store.silences(at: server.store.now()).isEmpty)

            let made = try await server.post(
                "/console/incidents/\(pay.id)/silence", as: responder, form: ["matchers": "alertname=Latency", "hours": "2", "comment": "扩容中", "intent": "create"])
            #expect(made.status == .seeOther && made.headers[.location] == "/console/incidents/\(pay.id)?done=silenced")
            let silence = try #require(try await server.store.silences(at: server.store.now()).first)
            #expect(silence.createdBy == "user:responder@example.com" && silence.comment == "扩容中")
            #expect(silence.endsAt == server.store.now().addingTimeInterval(7200))
            #expect(silence.catches(try await server.store.openAlerts()).map(\.id) == [alert.id])

            // A new alert like it now pages nobody: it is recorded as silenced.
            let next = try await server.store.ingest(
                IncomingAlert(action: .trigger, dedupKey: "pay-2", summary: "支付延迟 2", labels: ["alertname": "Latency", "service": "web"], occurredAt: server.store.now()),
                integration: integration, severity: .high)
            #expect(next.silencedBy == "silence:\(silence.id)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theRoutingTesterNamesTheTeamAndSeverityThePipelineWouldChoose(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await Self.seed(server)
            let viewer = try await server.consoleUser(.viewer)
            let page = try await server.get("/console/oncall", as: viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains("<code>service=pay</code>") && page.body.contains("支付组"), "the rules")
            #expect(page.body.contains("支付值班"), "the schedule's calendar")

            let routed = try await server.get("/console/oncall?labels=service%3Dpay%0Aenv%3Dprod&source_severity=warning&lang=en", as: viewer)
            #expect(routed.body.contains("Team <strong>支付组</strong>, severity <span class=\"sev-tag sev-high\">"), "the route's severity wins: \(routed.body)")
            let unrouted = try await server.get("/console/oncall?labels=service%3Dweb&source_severity=warning", as: viewer)
            #expect(unrouted.body.contains("sev-tag sev-medium"), "graded from the source's word")
            #expect(unrouted.body.contains("没有规则匹配") || unrouted.body.contains("No rule matches"))
            let bad = try await server.get("/console/oncall?labels=service", as: viewer)
            #expect(bad.body.contains("id=\"f-labels-error\""))
            #expect(try await server.store.incidents().count == 2, "nothing is created")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anOverrideAddedFromThePageChangesWhoIsOnCall(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await Self.seed(server)
            let responder = try await server.consoleUser(.responder)
            let viewer = try await server.consoleUser(.viewer)
            // TestServer.today is Sunday 2026-11-22 08:00 in Shanghai: 李雷 until Monday 09:00, then 韩梅梅.
            let before = try await server.get("/console/oncall", as: viewer)
            #expect(before.body.contains("<span class=\"span\">00:00–09:00</span> 李雷"), "\(before.body)")
            #expect(before.body.contains("<span class=\"span\">09:00–24:00</span> 韩梅梅"))
            #expect(!before.body.contains("/overrides\""), "a viewer sees no override form")

            let forged = try await server.post("/console/oncall/primary/overrides", as: viewer, form: ["contact": "han", "start": "2026-11-22T10:00", "end": "2026-11-22T18:00"])
            #expect(forged.status == .forbidden)
            let refused = try await server.post("/console/oncall/primary/overrides", as: responder, form: ["contact": "nobody", "start": "2026-11-22T18:00", "end": "2026-11-22T10:00"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("id=\"f-primary-contact-error\"") && refused.body.contains("id=\"f-primary-end-error\""), "\(refused.body)")
            #expect(try await server.store.schedule(id: "primary").overrides.isEmpty)

            let added = try await server.post("/console/oncall/primary/overrides", as: responder, form: ["contact": "han", "start": "2026-11-22T10:00", "end": "2026-11-22T18:00"])
            #expect(added.status == .seeOther)
            let schedule = try await server.store.schedule(id: "primary")
            #expect(schedule.onCall(at: RFC3339.parse("2026-11-22T12:00:00+08:00")!) == "han")
            let after = try await server.get("/console/oncall", as: viewer)
            #expect(after.body.contains("<span class=\"span\">10:00–18:00</span> 韩梅梅 <span class=\"pill\">"), "\(after.body)")
            #expect(after.body.contains("<span class=\"span\">18:00–24:00</span> 李雷"))
        }
    }
}
