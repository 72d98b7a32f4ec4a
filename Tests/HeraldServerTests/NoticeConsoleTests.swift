import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// The console's notice screens as an operator uses them: compose through the form, check live,
/// preview, publish, cancel, and read what was sent. The server's clock stands at 2026-11-22 00:00 UTC.
@Suite struct NoticeConsoleTests {
    /// The composer's fields for a notice on 1 December, 02:00–04:00 Shanghai time.
    static func fields(start: String = "2026-12-01T02:00", title: String = "Payment <b>upgrade</b>") -> [(String, String)] {
        [
            ("title.zh-CN", "支付系统升级维护"), ("title.en", title),
            ("reason.zh-CN", "升级支付系统"), ("reason.en", "An upgrade of the payment system"),
            ("impact.zh-CN", "维护期间无法在线支付"), ("impact.en", "You cannot pay online"),
            ("signature.zh-CN", "运维部"), ("signature.en", "Operations"),
            ("contact.name", "张伟"), ("contact.phone", "+86 10 8888 6666"),
            ("components", "pay"), ("severity", "medium"), ("time_zone", "Asia/Shanghai"),
            ("planned_start", start), ("planned_end", "2026-12-01T04:00"), ("reminder_minutes", "1440, 60"),
            ("audience.visibility", "public"), ("audience.subscribers", "true"),
        ]
    }

    static func content(start: Date, componentNames: Bool = true) -> NoticeContent {
        NoticeContent(
            title: LocalizedText(zhCN: "支付系统升级维护", en: "Payment upgrade"), reason: LocalizedText(zhCN: "升级", en: "An upgrade"),
            impact: LocalizedText(zhCN: "无法支付", en: "You cannot pay"), signature: LocalizedText(zhCN: "运维部", en: "Ops"),
            contact: NoticeContact(name: "Li", email: "li@example.com"), components: ["pay"], timeZone: "Asia/Shanghai",
            plannedStart: start, plannedEnd: start.addingTimeInterval(7200), reminderMinutes: [])
    }

    @Test(arguments: TestDatabase.allCases)
    func aNoticeComposedInTheFormIsStoredAsADraftInBothLanguages(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let responder = try await server.consoleUser(.responder)
            let form = try await server.get("/console/notices/new", as: responder)
            #expect(form.status == .ok)
            #expect(form.body.contains("支付网关") && form.body.contains("name=\"components\" value=\"pay\""))
            #expect(form.body.contains("<option value=\"Asia/Shanghai\" selected>"), "the status page's zone is the default")

            let saved = try await server.post("/console/notices/new", as: responder, pairs: Self.fields())
            #expect(saved.status == .seeOther, "\(saved.body)")
            let notice = try #require(try await server.store.notices().first)
            #expect(saved.headers[.location] == "/console/notices/\(notice.id)?done=saved")
            #expect(notice.state == .draft && notice.createdBy == "user:responder@example.com")
            #expect(notice.content.title == LocalizedText(zhCN: "支付系统升级维护", en: "Payment <b>upgrade</b>"))
            #expect(notice.content.impact.en == "You cannot pay online" && notice.content.components == ["pay"])
            // 02:00 in Shanghai is 18:00 UTC the day before.
            #expect(notice.content.plannedStart == Date(timeIntervalSince1970: 1_796_061_600 + 0))
            #expect(notice.content.reminderMinutes == [1440, 60])

            let page = try await server.get("/console/notices/\(notice.id)?done=saved", as: responder)
            #expect(page.body.contains("Payment &lt;b&gt;upgrade&lt;/b&gt;") || page.body.contains("支付系统升级维护"))
            #expect(!page.body.contains("<b>upgrade</b>"))
            #expect(page.body.contains("2026-12-01 02:00 (UTC+08:00)"), "times are in the notice's zone")
            let drafts = try await server.get("/console/notices?state=draft", as: responder)
            #expect(drafts.body.contains("/console/notices/\(notice.id)"))
            #expect(!(try await server.get("/console/notices?state=scheduled", as: responder)).body.contains("/console/notices/\(notice.id)\""))

            // Editing the draft goes through the same reader, and records the editor.
            var edited = Self.fields(title: "Payment upgrade, moved")
            edited.removeAll { $0.0 == "reminder_minutes" }
            edited.append(("reminder_minutes", "60"))
            let again = try await server.post("/console/notices/\(notice.id)/edit", as: responder, pairs: edited)
            #expect(again.status == .seeOther)
            let stored = try await server.store.notice(id: notice.id)
            #expect(stored.content.title.en == "Payment upgrade, moved" && stored.content.reminderMinutes == [60])
            #expect(try await server.store.noticeEvents(noticeID: notice.id).last?.actor == "user:responder@example.com")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aRefusedFormStoresNothingAndNamesEachField(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let responder = try await server.consoleUser(.responder)
            var fields = Self.fields(start: "next tuesday")
            fields.removeAll { $0.0 == "reminder_minutes" }
            fields += [("reminder_minutes", "soon"), ("expected_duration_minutes", "-5")]
            let refused = try await server.post("/console/notices/new", as: responder, pairs: fields)
            #expect(refused.status == .unprocessableContent)
            #expect(try await server.store.notices().isEmpty)
            for name in ["planned_start", "reminder_minutes"] {
                #expect(refused.body.contains("id=\"f-\(name)\" name=\"\(name)\" type=") && refused.body.contains("id=\"f-\(name)-notes\""), "\(name)")
            }
            #expect(refused.body.contains("value=\"next tuesday\" aria-invalid=\"true\""), "the form comes back as typed, the field marked")
            #expect(refused.body.contains("value=\"支付系统升级维护\""))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theLiveCheckWarnsAboutJargonBesideTheField(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let responder = try await server.consoleUser(.responder)
            var fields = Self.fields()
            fields.removeAll { $0.0 == "impact.en" }
            fields.append(("impact.en", "A failover of the payment cluster"))
            let checked = try await server.post("/console/notices/check?lang=en", as: responder, pairs: fields)
            #expect(checked.status == .ok)
            #expect(checked.headers[.contentType]?.hasPrefix("application/json") == true)
            let notes = try #require(checked.object["notes"] as? [[String: String]])
            let jargon = notes.filter { $0["field"] == "impact.en" && $0["kind"] == "warning" }
            #expect(jargon.contains { $0["text"]?.contains("'failover'") == true }, "\(checked.body)")
            #expect(try await server.store.notices().isEmpty, "checking stores nothing")

            // A form only begun: what is missing, and the jargon already typed.
            let begun = try await server.post("/console/notices/check?lang=en", as: responder, pairs: [("impact.en", "A failover"), ("time_zone", "Asia/Shanghai")])
            let early = try #require(begun.object["notes"] as? [[String: String]])
            #expect(early.contains { $0["field"] == "planned_start" && $0["kind"] == "error" })
            #expect(early.contains { $0["field"] == "impact.en" && $0["kind"] == "warning" && $0["text"]?.contains("'failover'") == true }, "\(begun.body)")

            // Without the script, the Check button shows the same beside the field, on the page.
            let page = try await server.post("/console/notices/new?lang=en", as: responder, pairs: fields + [("intent", "check")])
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"f-impact.en-notes\"") && page.body.contains("&#39;failover&#39;") || page.body.contains("'failover'"))
            #expect(try await server.store.notices().isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func thePreviewShowsEachSMSWithItsEncodingAndLength(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let notice = try await server.store.createNotice(Self.content(start: TestServer.today.addingTimeInterval(9 * 86400)), createdBy: "user:a@example.com")
            let viewer = try await server.consoleUser(.viewer)
            let page = try await server.get("/console/notices/\(notice.id)", as: viewer)
            #expect(page.status == .ok)
            let lengths = page.body.matches(of: /class="meta sms-length">([0-9]+)[^A-Z<]*(GSM-7|UCS-2)/).map { (String($0.output.1), String($0.output.2)) }
            #expect(lengths.map(\.1).sorted() == ["GSM-7", "UCS-2"], "the English SMS is GSM-7, the Chinese one UCS-2")
            let preview = try await server.store.notice(id: notice.id)
            let rendered = try await server.noticeService().preview(preview, step: .announcement)
            let en = try #require(rendered[.sms, .en]?.text)
            #expect(lengths.contains { $0 == (String(SMSLength(en).units), "GSM-7") }, "with its length")
            #expect(page.body.contains(rendered[.email, .zhCN]?.subject ?? "-"), "the email subject is shown")
            // The whole schedule, in the notice's zone, before anything is sent.
            #expect(page.body.contains("2026-12-01 08:00 (UTC+08:00)") && page.body.contains("2026-12-01 10:00 (UTC+08:00)"))
            // A viewer reads only: no write buttons.
            #expect(!page.body.contains("/publish\"") && !page.body.contains("/cancel\""))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func publishingUnderADayAheadNeedsTheReason(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let notice = try await server.store.createNotice(Self.content(start: TestServer.today.addingTimeInterval(3 * 3600)), createdBy: "user:a@example.com")
            let responder = try await server.consoleUser(.responder)
            let page = try await server.get("/console/notices/\(notice.id)", as: responder)
            #expect(page.body.contains("name=\"short_notice_reason\""), "the form asks for the reason")

            let refused = try await server.post("/console/notices/\(notice.id)/publish", as: responder, pairs: [])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("id=\"f-short_notice_reason-notes\""))
            #expect(try await server.store.notice(id: notice.id).state == .draft)

            let published = try await server.post("/console/notices/\(notice.id)/publish", as: responder, pairs: [("short_notice_reason", "支付网关漏洞，必须今晚修复")])
            #expect(published.status == .seeOther)
            let stored = try await server.store.notice(id: notice.id)
            #expect(stored.state == .scheduled && stored.shortNoticeReason == "支付网关漏洞，必须今晚修复")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func cancellingRecordsTheReasonAndTheOperatorAndSaysWhenDoneTwice(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let notice = try await server.store.createNotice(Self.content(start: TestServer.today.addingTimeInterval(5 * 86400)), createdBy: "user:a@example.com")
            _ = try await server.noticeService().publish(id: notice.id, actor: "user:a@example.com", shortNoticeReason: nil)
            let responder = try await server.consoleUser(.responder)
            let cancelled = try await server.post("/console/notices/\(notice.id)/cancel", as: responder, pairs: [("reason", "推迟到下周")])
            #expect(cancelled.status == .seeOther)
            let stored = try await server.store.notice(id: notice.id)
            #expect(stored.state == .cancelled && stored.cancellationReason == "推迟到下周")
            let last = try #require(try await server.store.noticeEvents(noticeID: notice.id).last)
            #expect(last.actor == "user:responder@example.com" && last.detail?.contains("推迟到下周") == true)

            let again = try await server.post("/console/notices/\(notice.id)/cancel", as: responder, pairs: [("reason", "again")])
            #expect(again.status == .conflict)
            #expect(again.body.contains("already cancelled") || again.body.contains("此通知已于"))
            #expect(try await server.store.noticeEvents(noticeID: notice.id).count == 3, "nothing was recorded again")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func theLedgerListsEachRecipientAPageAtATime(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let notice = try await server.store.createNotice(Self.content(start: TestServer.today.addingTimeInterval(5 * 86400)), createdBy: "user:a@example.com")
            _ = try await server.noticeService().publish(id: notice.id, actor: "user:a@example.com", shortNoticeReason: nil)
            let announcement = try #require(try await server.store.announcements(noticeID: notice.id).first)
            let recipients = (1...5).map { "reader\($0)@example.com" }
            _ = try await server.store.enqueue(recipients.map {
                NewDelivery(idempotencyKey: "notice:\(notice.id):\($0)", channel: .email, address: $0, severity: .medium, body: "b", announcementID: announcement.id)
            })
            let viewer = try await server.consoleUser(.viewer)
            let first = try await server.get("/console/notices/\(notice.id)?limit=4", as: viewer)
            #expect(first.body.contains("reader1@example.com") && (first.body.contains("queued") || first.body.contains("排队中")))
            let next = try #require(first.body.firstMatch(of: /rel="next" href="([^"]+)"/)?.output.1)
            let second = try await server.get(String(next).replacingOccurrences(of: "&amp;", with: "&"), as: viewer)
            #expect(second.body.contains("reader5@example.com") && !second.body.contains("reader1@example.com<"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aViewersForgedPublishIsForbidden(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "Payments"))
            let notice = try await server.store.createNotice(Self.content(start: TestServer.today.addingTimeInterval(5 * 86400)), createdBy: "user:a@example.com")
            let viewer = try await server.consoleUser(.viewer)
            let list = try await server.get("/console/notices", as: viewer)
            #expect(list.status == .ok && !list.body.contains("/console/notices/new"))
            for path in ["publish", "cancel", "test-send"] {
                let forged = try await server.post("/console/notices/\(notice.id)/\(path)", as: viewer, pairs: [("reason", "x"), ("audience", "operators")])
                #expect(forged.status == .forbidden, "\(path)")
            }
            #expect(try await server.post("/console/notices/new", as: viewer, pairs: Self.fields()).status == .forbidden)
            #expect(try await server.store.notice(id: notice.id).state == .draft)
            #expect(try await server.store.notices().count == 1)
        }
    }
}

extension TestServer {
    /// A notice service on this server's store and clock, as the server's own.
    func noticeService() throws -> NoticeService {
        NoticeService(store: store, templates: try NoticeTemplates.load(), now: TestClock(TestServer.today).now)
    }

    /// POSTs form fields that may repeat (checkboxes), with the session's CSRF token.
    func post(_ path: String, as user: ConsoleUser, pairs: [(String, String)]) async throws -> Reply {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let all = [("csrf", try await csrfToken(for: user))] + pairs
        let body = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        var headers = user.cookie
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, path, body: body, headers: headers)
    }
}
