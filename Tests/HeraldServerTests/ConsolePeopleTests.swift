import Foundation
import HTTPTypes
import HeraldChannels
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// The console's catalogue, people, feedback, deliveries and settings screens over real HTTP, as a
/// signed-in operator sees and uses them.
@Suite struct ConsolePeopleTests {
    @Test(arguments: TestDatabase.allCases)
    func theCatalogueChangesStatusOnlyWithAReasonAndLeavesConfigEntriesAlone(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            let admin = try await server.consoleUser(.admin, email: "li@example.com")
            let responder = try await server.consoleUser(.responder, email: "wang@example.com")
            let viewer = try await server.consoleUser(.viewer)
            let group = try await store.createComponentGroup(GroupSpec(id: "core", name: "核心 <系统>", translations: [.en: CatalogueWords(name: "Core")]))
            let pay = try await store.createComponent(ComponentSpec(
                id: "pay", name: "支付<script>", groupID: group.id, translations: [.en: CatalogueWords(name: "Payments & <Co>")]))
            _ = try await store.createComponent(ComponentSpec(id: "dns", name: "域名解析"), managedBy: .config)

            let english = try await server.get("/console/catalogue?lang=en", as: viewer)
            #expect(english.status == .ok)
            #expect(english.body.contains("Payments &amp; &lt;Co&gt;") && english.body.contains("支付&lt;script&gt;"), "the reader's name, the translations beside")
            #expect(!english.body.contains("<script>") && !english.body.contains("<Co>"))
            #expect(english.body.contains("href=\"/console/catalogue\" aria-current=\"page\""))
            #expect(!english.body.contains("action=\"/console/catalogue/components\""), "a viewer gets no add form")
            let chinese = try await server.get("/console/catalogue?lang=zh-CN", as: viewer)
            #expect(chinese.body.contains(">支付&lt;script&gt;</a>") && chinese.body.contains("核心 &lt;系统&gt;"))

            // Without a reason the change is refused and nothing is stored.
            let noReason = try await server.post("/console/catalogue/components/pay/status?lang=en", as: responder, form: ["status": "major_outage", "reason": "  "])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.body.contains("aria-invalid=\"true\"") && noReason.body.contains("f-reason-error"))
            #expect(try await store.component(id: "pay").status == .operational)
            #expect(try await store.statusChanges(componentID: "pay").isEmpty)

            let changed = try await server.post("/console/catalogue/components/pay/status", as: responder, form: ["status": "major_outage", "reason": "支付网关 <超时>"])
            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/console/catalogue/components/pay?done=status")
            #expect(try await store.component(id: "pay").status == .majorOutage)
            let change = try #require(try await store.statusChanges(componentID: "pay").first)
            #expect(change.actor == "user:wang@example.com" && change.reason == "支付网关 <超时>" && change.source == .manual)
            let history = try await server.get("/console/catalogue/components/pay", as: viewer)
            #expect(history.body.contains("user:wang@example.com") && history.body.contains("支付网关 &lt;超时&gt;"))

            // A config-managed component: no edit form, and a forged edit is refused by the store.
            let dns = try await server.get("/console/catalogue/components/dns?lang=en", as: admin)
            #expect(dns.status == .ok)
            #expect(!dns.body.contains("action=\"/console/catalogue/components/dns\""))
            #expect(dns.body.contains("config file"))
            let forged = try await server.post("/console/catalogue/components/dns", as: admin, form: ["name": "hijacked"])
            #expect(forged.status == .conflict)
            #expect(try await store.component(id: "dns").name == "域名解析")

            // Admins add and edit API entries with their names in both languages.
            let made = try await server.post("/console/catalogue/components", as: admin, form: [
                "id": "mail", "name": "邮件", "translations.en.name": "Mail", "group_id": "core", "position": "3",
            ])
            #expect(made.status == .seeOther, "\(made.body)")
            let mail = try await store.component(id: "mail")
            #expect(mail.name(in: .en) == "Mail" && mail.groupID == "core" && mail.position == 3)
            let bad = try await server.post("/console/catalogue/components", as: admin, form: ["name": "", "position": "x"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("f-name-error") && bad.body.contains("f-position-error"))
            let edited = try await server.post("/console/catalogue/components/pay", as: admin, form: [
                "name": "支付", "translations.en.name": "Pay", "translations.zh-CN.name": "", "group_id": "", "position": "1",
            ])
            #expect(edited.status == .seeOther, "\(edited.body)")
            let pay2 = try await store.component(id: pay.id)
            #expect(pay2.name == "支付" && pay2.name(in: .en) == "Pay" && pay2.groupID == nil && pay2.status == .majorOutage)
            #expect(try await server.post("/console/catalogue/groups", as: admin, form: ["id": "edge", "name": "边缘", "translations.en.name": "Edge"]).status == .seeOther)
            #expect(try await store.componentGroup(id: "edge").name(in: .en) == "Edge")

            // Viewers may not change anything; responders may not edit the catalogue.
            for (path, form) in [("catalogue/components/pay/status", ["status": "operational", "reason": "x"]), ("catalogue/components", ["name": "x"]),
                                 ("catalogue/components/pay", ["name": "x"]), ("catalogue/groups", ["name": "x"]), ("catalogue/groups/core", ["name": "x"])] {
                #expect(try await server.post("/console/\(path)", as: viewer, form: form).status == .forbidden, "\(path)")
            }
            #expect(try await server.post("/console/catalogue/components", as: responder, form: ["name": "x"]).status == .forbidden)
            #expect(try await store.component(id: "pay").status == .majorOutage)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func peopleAreSearchedEditedDeletedAndImported(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let store = server.store
            let admin = try await server.consoleUser(.admin, email: "li@example.com")
            let viewer = try await server.consoleUser(.viewer)
            try await store.saveContacts([
                Contact(id: "wang", name: "王芳 <b>", groups: ["ops"], addresses: [.email: "wang@example.com", .sms: "+8613800000000"],
                        quietHours: QuietHours("22:00-07:30"), createdAt: TestServer.today),
                Contact(id: "zhao", name: "赵雷", groups: ["ops", "db"], addresses: [.email: "zhao@example.org"], createdAt: TestServer.today),
                Contact(id: "x_1", name: "100%_odd", addresses: [.email: "odd@example.net"], createdAt: TestServer.today),
            ])

            let all = try await server.get("/console/people?lang=en", as: viewer)
            #expect(all.status == .ok)
            #expect(all.body.contains("王芳 &lt;b&gt;") && all.body.contains("赵雷") && !all.body.contains("王芳 <b>"))
            #expect(all.body.contains("href=\"/console/people\" aria-current=\"page\""), "People is everyone's now")
            #expect(!all.body.contains("href=\"/console/users\""), "only admins are shown the operators")
            #expect(try await server.get("/console/people", as: admin).body.contains("href=\"/console/users\""))
            let byPhone = try await server.get("/console/people?q=138000", as: viewer)
            #expect(byPhone.body.contains("王芳") && !byPhone.body.contains("赵雷"))
            let byEmail = try await server.get("/console/people?q=EXAMPLE.ORG", as: viewer)
            #expect(byEmail.body.contains("赵雷") && !byEmail.body.contains("王芳"))
            let literal = try await server.get("/console/people?q=0%25_", as: viewer)
            #expect(literal.body.contains("100%_odd") && !literal.body.contains("赵雷"), "% and _ are matched as typed")
            let inGroup = try await server.get("/console/people?group=db", as: viewer)
            #expect(inGroup.body.contains("赵雷") && !inGroup.body.contains("王芳"))
            let paged = try await server.get("/console/people?limit=1", as: viewer)
            #expect(paged.body.contains("rel=\"next\""))
            #expect(try await server.get("/console/people?cursor=nonsense", as: viewer).status == .badRequest)
            let groups = try await server.get("/console/people/groups", as: viewer)
            #expect(groups.body.contains("<code>ops</code>") && groups.body.contains("<code>db</code>"))

            let page = try await server.get("/console/people/contacts/wang?lang=en", as: viewer)
            #expect(page.body.contains("22:00-07:30") && page.body.contains("+8613800000000") && page.body.contains("Asia/Shanghai"))
            #expect(!page.body.contains("action=\"/console/people/contacts/wang\""), "a viewer gets no edit form")

            let refused = try await server.post("/console/people/contacts/wang", as: admin, form: [
                "name": "王芳", "language": "zh-CN", "time_zone": "Mars/Base", "groups": "ops", "quiet_hours": "late", "address.email": "nope",
            ])
            #expect(refused.status == .unprocessableContent)
            for field in ["time_zone", "quiet_hours", "address.email"] { #expect(refused.body.contains("f-\(field)-error"), "\(field)") }
            #expect(try await store.contact(id: "wang").name == "王芳 <b>")
            let saved = try await server.post("/console/people/contacts/wang", as: admin, form: [
                "name": "王芳", "language": "en", "time_zone": "Europe/Berlin", "groups": "ops; oncall", "quiet_hours": "", "address.email": "fang@example.com",
            ])
            #expect(saved.status == .seeOther)
            let wang = try await store.contact(id: "wang")
            #expect(wang.name == "王芳" && wang.language == .en && wang.groups == ["ops", "oncall"] && wang.quietHours == nil)
            #expect(wang.addresses == [.email: "fang@example.com"], "an emptied address is removed")
            #expect(try await store.auditEvents(page: PageRequest()).items.contains { $0.actor == "user:li@example.com" && $0.recordID == "wang" })

            let deleted = try await server.post("/console/people/contacts/zhao/delete", as: admin, form: [:])
            #expect(deleted.headers[.location] == "/console/people?done=deleted")
            #expect(try await store.contacts().map(\.id).sorted() == ["wang", "x_1"])

            // The CSV import: bad rows reported by line, good rows kept; checking stores nothing.
            let csv = "name,email,groups\n陈静,chen@example.com,ops\n,nobody@example.com,ops\n刘洋,not-an-email,\n"
            let checked = try await server.post("/console/people/import?lang=en", as: admin, form: ["csv": csv, "dry_run": "on"])
            #expect(checked.status == .unprocessableContent)
            #expect(checked.body.contains("nothing was stored"))
            #expect(try await store.contacts().count == 2)
            let imported = try await server.post("/console/people/import?lang=en", as: admin, form: ["csv": csv])
            #expect(imported.status == .unprocessableContent)
            #expect(imported.body.contains("<td>3</td>") && imported.body.contains("<td>4</td>") && imported.body.contains("<code>addresses.email</code>"))
            #expect(try await store.contacts().map(\.name).contains("陈静"))
            #expect(try await store.contacts().count == 3)
            let header = try await server.post("/console/people/import?lang=en", as: admin, form: ["csv": "fax\n1\n"])
            #expect(header.status == .unprocessableContent && header.body.contains("<code>header</code>"))

            // Subscribers: listed with their state, and removed as their unsubscribe link does.
            let subscription = try await store.subscribe(
                Subscription(id: "s1", kind: .email, email: "reader@example.com", createdAt: TestServer.today), client: "127.0.0.1"
            ) { token in NewDelivery(idempotencyKey: "subscribe:\(token)", channel: .email, address: "reader@example.com", severity: .low, body: token) }
            let subscribers = try await server.get("/console/people/subscribers?lang=en", as: admin)
            #expect(subscribers.body.contains("reader@example.com") && subscribers.body.contains("Not confirmed"))
            #expect(try await server.get("/console/people/subscribers?state=confirmed", as: admin).body.contains("reader@example.com") == false)
            #expect(try await server.post("/console/people/subscribers/\(subscription.id)/remove", as: admin, form: [:]).status == .seeOther)
            #expect(try await store.subscriptions().first?.state == .unsubscribed)

            for (path, form) in [("people/contacts/wang", ["name": "x"]), ("people/contacts/wang/delete", [:]), ("people/import", ["csv": csv]),
                                 ("people/subscribers/s1/remove", [:])] {
                #expect(try await server.post("/console/\(path)", as: viewer, form: form).status == .forbidden, "\(path)")
            }
            #expect(try await store.contact(id: "wang").name == "王芳")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func feedbackIsAssignedAnsweredByMailAndClosed(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let store = server.store
            let fixture = try await PublicFixture.make(server)
            let responder = try await server.consoleUser(.responder, email: "wang@example.com")
            let viewer = try await server.consoleUser(.viewer)
            let posted = try await server.send(.post, "/feedback", json: #"{"incident":"\#(fixture.incident)","name":"陈 <i>","contact":"chen@example.com","message":"<b>还是</b>失败"}"#)
            #expect(posted.status.code < 400, "\(posted.body)")
            let ticket = try #require(try await store.feedback().first)

            let inbox = try await server.get("/console/feedback?lang=en", as: viewer)
            #expect(inbox.body.contains("&lt;b&gt;还是&lt;/b&gt;失败") && inbox.body.contains("陈 &lt;i&gt;") && !inbox.body.contains("<b>还是"))
            #expect(inbox.body.contains("Incident: &lt;script&gt;alert(1)&lt;/script&gt; 支付失败"), "the inbox says what each ticket is about, as text")
            #expect(try await server.get("/console/feedback?state=closed", as: viewer).body.contains("还是") == false)
            let page = try await server.get("/console/feedback/\(ticket.id)?lang=en", as: viewer)
            #expect(page.status == .ok && !page.body.contains("action=\"/console/feedback/\(ticket.id)/reply\""))

            #expect(try await server.post("/console/feedback/\(ticket.id)/assign", as: responder, form: ["assignee": "wang@example.com"]).status == .seeOther)
            #expect(try await store.feedbackTicket(id: ticket.id).assignee == "wang@example.com")
            let empty = try await server.post("/console/feedback/\(ticket.id)/reply", as: responder, form: ["message": " ", "close": "on"])
            #expect(empty.status == .unprocessableContent && empty.body.contains("f-message-error"))
            #expect(try await store.feedbackTicket(id: ticket.id).replies.isEmpty)

            let replied = try await server.post("/console/feedback/\(ticket.id)/reply", as: responder, form: ["message": "已修复，\n请重试。", "close": "on"])
            #expect(replied.status == .seeOther)
            let answered = try await store.feedbackTicket(id: ticket.id)
            #expect(answered.state == .closed && answered.replies.first?.author == "user:wang@example.com" && answered.replies.first?.emailed == true)
            let mail = try #require(try await store.claimDeliveries(limit: 10).first { $0.channel == .email })
            #expect(mail.address == "chen@example.com" && mail.body.contains("已修复"))
            try await SMTPServer.run { smtp in
                let settings = SMTPSettings(
                    host: "127.0.0.1", port: smtp.port, security: .starttls, username: "herald", password: "s3cret", from: "status@example.com",
                    fromName: "Herald", trustRoots: smtp.certificate, timeout: .seconds(10))
                #expect(await EmailChannel(settings: settings).send(OutgoingMessage(mail)).isSent)
                #expect(smtp.messages.first?["rcpt_tos"] as? [String] == ["chen@example.com"])
            }

            for (path, form) in [("reply", ["message": "x"]), ("assign", ["assignee": ""]), ("state", ["state": "open"])] {
                #expect(try await server.post("/console/feedback/\(ticket.id)/\(path)", as: viewer, form: form).status == .forbidden, "\(path)")
            }
            #expect(try await store.feedbackTicket(id: ticket.id).state == .closed)
        }
    }

    /// The deliveries screen's report card: the last 30 days per channel, in both languages, with
    /// the success rate as a number and a bar, and the times to sent.
    @Test(arguments: TestDatabase.allCases)
    func theDeliveriesScreenReportsTheLast30DaysPerChannel(_ engine: TestDatabase) async throws {
        let clock = TestClock()
        try await TestServer.run(engine, now: clock.now) { server in
            let store = server.store
            try await store.enqueue([NewDelivery(idempotencyKey: "old", channel: .sms, address: "+8613800000000", severity: .low, body: "旧消息")])
            clock.advance(by: 31 * 86_400)
            let viewer = try await server.consoleUser(.viewer)
            try await store.enqueue((1...3).map { NewDelivery(idempotencyKey: "page-\($0)", channel: .sms, address: "+861380000000\($0)", severity: .high, body: "告警") })
            clock.advance(by: 2)
            for delivery in try await store.claimDeliveries(limit: 10) where delivery.idempotencyKey != "old" {
                let outcome: SendOutcome = delivery.idempotencyKey == "page-3" ? .permanent(reason: "invalid") : .sent(providerID: nil, cost: 0.05)
                try await store.recordAttempt(deliveryID: delivery.id, outcome: outcome, latency: .zero)
            }
            let english = try await server.get("/console/deliveries?lang=en", as: viewer)
            #expect(english.body.contains("Delivery report, last 30 days"))
            let row = try #require(english.body.firstMatch(of: /<tr><td><code>sms<\/code><\/td><td>(\d+)<\/td><td>(\d+)%<svg class="rate"[^>]*>.*?class="rate-(good|warn|bad)" width="(\d+)".*?<\/td><td>([^<]*)<\/td>/))
            #expect(row.output.1 == "3", "the message from 31 days ago is not in the report")
            #expect(row.output.2 == "66" && row.output.3 == "bad" && row.output.4 == "53", "two of three: 66 %, a bar of 53 of 80")
            #expect(row.output.5 == "2.0 s / 2.0 s")
            let chinese = try await server.get("/console/deliveries?lang=zh-CN", as: viewer)
            #expect(chinese.body.contains("投递报告（近 30 天）") && chinese.body.contains("2.0 秒 / 2.0 秒") && chinese.body.contains("到发出 p50 / p95"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func deadLettersAreRetriedAndTestMessagesQueued(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.costs.monthlyBudgets[.sms] = 100 }) { server in
            let store = server.store
            let responder = try await server.consoleUser(.responder)
            let viewer = try await server.consoleUser(.viewer)
            try await store.enqueue([NewDelivery(idempotencyKey: "k1", channel: .webhook, address: "http://127.0.0.1:9/<x>", severity: .high, subject: "支付 <告警>", body: "{}")])
            let claimed = try await store.claimDeliveries(limit: 1)
            try await store.recordAttempt(deliveryID: claimed[0].id, outcome: .permanent(reason: "HTTP 410: <gone>"), latency: .milliseconds(12))

            let page = try await server.get("/console/deliveries?lang=en", as: viewer)
            #expect(page.status == .ok)
            #expect(page.body.contains("HTTP 410: &lt;gone&gt;") && page.body.contains("支付 &lt;告警&gt;") && page.body.contains("100.00"))
            #expect(!page.body.contains("/console/deliveries/\(claimed[0].id)/retry"), "a viewer gets no retry button")
            let overview = try await server.get("/console/?lang=en", as: viewer)
            #expect(overview.body.contains("Channels failing") && overview.body.contains("webhook 1"))

            let retried = try await server.post("/console/deliveries/\(claimed[0].id)/retry", as: responder, form: [:])
            #expect(retried.headers[.location] == "/console/deliveries?done=retried")
            #expect(try await store.delivery(id: claimed[0].id).state == .pending)
            #expect(try await server.post("/console/deliveries/\(claimed[0].id)/retry", as: responder, form: [:]).status == .conflict)

            let unconfigured = try await server.post("/console/deliveries/test", as: responder, form: ["channel": "email", "address": "li@example.com"])
            #expect(unconfigured.status == .unprocessableContent && unconfigured.body.contains("f-channel-error"), "no SMTP server is configured")
            let noAddress = try await server.post("/console/deliveries/test", as: responder, form: ["channel": "log", "address": " "])
            #expect(noAddress.status == .unprocessableContent && noAddress.body.contains("f-address-error"))
            let sent = try await server.post("/console/deliveries/test", as: responder, form: ["channel": "log", "address": "ops-check"])
            #expect(sent.headers[.location] == "/console/deliveries?done=test", "\(sent.body)")
            let queued = try await store.claimDeliveries(limit: 10).filter { $0.idempotencyKey.hasPrefix("test:") }
            #expect(queued.count == 1 && queued.first?.channel == .log && queued.first?.address == "ops-check")
            #expect(queued.first?.body.contains("user:responder@example.com") == true)

            #expect(try await server.post("/console/deliveries/\(claimed[0].id)/retry", as: viewer, form: [:]).status == .forbidden)
            #expect(try await server.post("/console/deliveries/test", as: viewer, form: ["channel": "log", "address": "x"]).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func settingsShowIngestURLsAndNoSecret(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine, configure: { $0.publicURL = "https://status.example.com/" }) { server in
            let admin = try await server.consoleUser(.admin)
            let responder = try await server.consoleUser(.responder)
            let made = try await server.send(
                .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"Prometheus <prod>","kind":"alertmanager"}"#)
            #expect(made.status == .created, "\(made.body)")
            let key = try #require(made.object["key"] as? String)
            let grafana = try await server.send(
                .post, "/api/v1/integrations", token: server.admin, json: #"{"name":"Grafana","kind":"grafana","signing_secret":"very-secret-hmac-value"}"#)
            #expect(grafana.status == .created, "\(grafana.body)")

            let page = try await server.get("/console/settings?lang=en", as: admin)
            #expect(page.status == .ok)
            #expect(page.body.contains("https://status.example.com/api/v1/ingest/alertmanager"))
            #expect(page.body.contains("Prometheus &lt;prod&gt;") && page.body.contains("…\(key.suffix(4))"))
            #expect(!page.body.contains(key) && !page.body.contains("very-secret-hmac-value"))
            #expect(page.body.contains("comes from the config file"))
            #expect(try await server.get("/console/settings", as: responder).status == .forbidden)
            #expect(!(try await server.get("/console/", as: responder).body.contains("/console/settings")))
        }
    }
}

extension SendOutcome {
    fileprivate var isSent: Bool { if case .sent = self { true } else { false } }
}
