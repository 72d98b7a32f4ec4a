import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct NoticeAPITests {
    static func body(start: String = "2026-12-01T02:00:00+08:00", end: String = "2026-12-01T04:00+08:00") -> String {
        """
        {"title":{"zh-CN":"支付系统升级维护","en":"Payment system upgrade"},
         "reason":{"zh-CN":"升级支付系统","en":"An upgrade of the payment system"},
         "impact":{"zh-CN":"维护期间无法在线支付","en":"You cannot pay online during the maintenance"},
         "precautions":{"zh-CN":"请提前完成支付"},
         "signature":{"zh-CN":"运维部","en":"Operations"},
         "contact":{"name":"张伟","phone":"+86 10 8888 6666"},
         "components":["pay"],"severity":"medium","time_zone":"Asia/Shanghai",
         "planned_start":"\(start)","planned_end":"\(end)"}
        """
    }

    @Test(arguments: TestDatabase.allCases)
    func anOperatorComposesChecksTestSendsAndPublishesANotice(_ engine: TestDatabase) async throws {
        // Today is 2026-11-22; the maintenance is on 1 December.
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_305_600))
        try await TestServer.run(engine, now: clock.now) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let created = try await server.send(.post, "/api/v1/notices", token: server.responder, json: Self.body())
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.object["id"] as? String)
            #expect(created.object["state"] as? String == "draft")
            #expect(created.object["planned_end"] as? String == "2026-12-01T04:00:00+08:00")
            #expect(created.object["expected_duration_minutes"] as? Int == 120)

            let check = try await server.send(.post, "/api/v1/notices/\(id)/check", token: server.responder)
            #expect(check.object["can_publish"] as? Bool == true)
            // The zh-CN SMS fits one message. The English one cannot: the component's Chinese name makes it UCS-2.
            let warnings = try #require(check.object["warnings"] as? [[String: Any]])
            // With no contacts yet, the notice would reach nobody, and the check says so.
            #expect(warnings.map { $0["field"] as? String } == ["sms.en", "audience"], "\(check.body)")

            let preview = try await server.send(.get, "/api/v1/notices/\(id)/preview?step=completion", token: server.viewer)
            let messages = try #require(preview.object["messages"] as? [String: [String: [String: String]]])
            #expect(messages["email"]?["zh-CN"]?["subject"] == "【系统已恢复】支付系统升级维护")
            #expect(messages.keys.sorted() == ["email", "im", "sms", "status_page", "webhook"])

            let test = try await server.send(.post, "/api/v1/notices/\(id)/test-send", token: server.responder, json: #"{"audience":"operators"}"#)
            #expect(test.status == .created)
            #expect(test.object["audience"] as? String == "test:operators")

            let published = try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder)
            #expect(published.status == .ok, "\(published.body)")
            #expect(published.object["state"] as? String == "scheduled")
            let again = try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder)
            #expect(again.object["published_at"] as? String == published.object["published_at"] as? String)

            let edit = try await server.send(.put, "/api/v1/notices/\(id)", token: server.responder, json: Self.body())
            #expect(edit.status == .conflict)

            let extended = try await server.send(
                .post, "/api/v1/notices/\(id)/extend", token: server.responder, json: #"{"planned_end":"2026-12-01T05:30:00+08:00"}"#)
            #expect(extended.object["planned_end"] as? String == "2026-12-01T05:30:00+08:00")
            let cancelled = try await server.send(.post, "/api/v1/notices/\(id)/cancel", token: server.responder, json: #"{"reason":"推迟到下周"}"#)
            #expect(cancelled.object["state"] as? String == "cancelled")

            let handed = try await server.send(.get, "/api/v1/notices/\(id)/announcements", token: server.viewer)
            let steps = (handed.object["announcements"] as? [[String: Any]])?.compactMap { $0["step"] as? String }
            #expect(steps == ["test-1", "announcement", "reschedule-1", "cancellation"], "moving the end before the start is a rescheduling")
            let timeline = try await server.send(.get, "/api/v1/notices/\(id)/timeline", token: server.viewer)
            let kinds = (timeline.object["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["created", "test_sent", "announcement_sent", "reschedule_sent", "cancellation_sent"])
            let listed = try await server.send(.get, "/api/v1/notices?state=cancelled", token: server.viewer)
            #expect((listed.object["notices"] as? [Any])?.count == 1)

            let announcement = try #require(try await server.store.announcements(noticeID: id).first { $0.step.key == "announcement" })
            try await server.store.enqueue([
                NewDelivery(idempotencyKey: "a:li:email", channel: .email, address: "li@example.com", severity: .medium, body: "b", announcementID: announcement.id),
                NewDelivery(idempotencyKey: "a:li:sms", channel: .sms, address: "+8613800000000", severity: .medium, body: "b", announcementID: announcement.id),
            ])
            let deliveries = try await server.send(.get, "/api/v1/notices/\(id)/deliveries", token: server.viewer)
            #expect(deliveries.object["counts"] as? [String: [String: Int]] == ["email": ["pending": 1], "sms": ["pending": 1]])
            #expect((deliveries.object["deliveries"] as? [[String: Any]])?.compactMap { $0["address"] as? String }.sorted() == ["+8613800000000", "li@example.com"])
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func publishingIsRefusedWithTheReasonsAndShortNoticeNeedsOne(_ engine: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_305_600))  // 2026-11-22T00:00:00Z
        try await TestServer.run(engine, now: clock.now) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let soon = try await server.send(
                .post, "/api/v1/notices", token: server.responder,
                json: Self.body(start: "2026-11-22T18:00:00+08:00", end: "2026-11-22T19:00:00+08:00"))
            let id = try #require(soon.object["id"] as? String)
            let refused = try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.problemFields == ["short_notice_reason"])
            let published = try await server.send(
                .post, "/api/v1/notices/\(id)/publish", token: server.responder, json: #"{"short_notice_reason":"紧急安全补丁"}"#)
            #expect(published.object["short_notice_reason"] as? String == "紧急安全补丁")

            let ghost = try await server.send(
                .post, "/api/v1/notices", token: server.responder, json: Self.body().replacingOccurrences(of: #"["pay"]"#, with: #"["ghost"]"#))
            let ghostID = try #require(ghost.object["id"] as? String)
            let blocked = try await server.send(.post, "/api/v1/notices/\(ghostID)/publish", token: server.responder)
            #expect(blocked.status == .unprocessableContent)
            #expect(blocked.problemFields == ["components[0]"])
            #expect(try await server.store.announcements(noticeID: ghostID).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func badNoticeInputNamesEveryFieldAndStoresNothing(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let reply = try await server.send(
                .post, "/api/v1/notices", token: server.responder,
                json: #"{"title":"维护","reason":{"zh-CN":"x","fr":"y"},"contact":{"name":"a","fax":"1"},"components":[1],"severity":"urgent","planned_start":"2026-12-01 02:00","planned_end":"2026-12-01T04:00:00"}"#)
            #expect(reply.status == .badRequest)
            #expect(Set(reply.problemFields) == [
                "title", "reason.fr", "contact.fax", "components[0]", "severity", "time_zone", "planned_start", "planned_end",
            ])
            let zone = try await server.send(
                .post, "/api/v1/notices", token: server.responder, json: Self.body().replacingOccurrences(of: "Asia/Shanghai", with: "CST"))
            #expect(zone.problemFields == ["time_zone"])
            let extend = try await server.send(.post, "/api/v1/notices/none/extend", token: server.responder, json: #"{"planned_end":"tomorrow"}"#)
            #expect(extend.problemFields == ["planned_end"])
            #expect(try await server.store.notices().isEmpty)
        }
    }
}

/// A time outside the years Herald can mean is refused with its field named, everywhere times are read.
@Suite struct TimeWindowTests {
    @Test(arguments: TestDatabase.allCases)
    func absurdYearsAreRefusedWithTheFieldNamed(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let notice = try await server.send(
                .post, "/api/v1/notices", token: server.responder,
                json: NoticeAPITests.body(start: "1900-12-01T02:00:00+08:00", end: "9999-12-01T04:00:00+08:00"))
            #expect(notice.status == .badRequest)
            #expect(Set(notice.problemFields) == ["planned_start", "planned_end"], "\(notice.body)")
            #expect(try await server.store.notices().isEmpty)
            let silence = try await server.send(
                .post, "/api/v1/silences", token: server.responder,
                json: #"{"matchers":[{"name":"alertname","value":"Disk"}],"ends_at":"1850-01-01T00:00:00+08:00","comment":"x"}"#)
            #expect(silence.problemFields == ["ends_at"], "\(silence.body)")
        }
    }
}

/// Cancelling takes back what has not gone out, and the page says it is cancelled and why.
@Suite struct NoticeCancellationTests {
    @Test(arguments: TestDatabase.allCases)
    func cancellingWithdrawsHeldMessagesAndSaysSoOnce(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let store = server.store
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            // It is 08:00 in Shanghai; the first contact's quiet hours hold its announcement till 23:00.
            _ = try await store.createContact(Contact(
                id: "li", name: "李雷", addresses: [.email: "li@example.com"], quietHours: QuietHours("07:00-23:00"), createdAt: store.now()))
            _ = try await store.createContact(Contact(id: "wang", name: "王芳", addresses: [.email: "wang@example.com"], createdAt: store.now()))
            let id = try await PublicFixture.publish(server, NoticeAPITests.body())
            let notices = NoticeService(store: store, templates: try NoticeTemplates.load(), now: clock.now)
            let scheduler = NoticeScheduler(notices: notices, handoff: FanOutHandoff(store: store, now: clock.now), logger: TestDatabase.logger)
            await scheduler.tick()
            for delivery in try await store.claimDeliveries(limit: 10) {
                try await store.recordAttempt(deliveryID: delivery.id, outcome: .sent(providerID: nil, cost: nil), latency: .milliseconds(5))
            }

            let cancelled = try await server.send(.post, "/api/v1/notices/\(id)/cancel", token: server.responder, json: #"{"reason":"推迟到下周"}"#)
            #expect(cancelled.status == .ok, "\(cancelled.body)")
            await scheduler.tick()
            let deliveries = try await server.send(.get, "/api/v1/notices/\(id)/deliveries", token: server.viewer)
            let rows = try #require(deliveries.object["deliveries"] as? [[String: Any]])
            let states = Dictionary(grouping: rows, by: { "\($0["address"] ?? "")" }).mapValues { $0.compactMap { $0["state"] as? String }.sorted() }
            #expect(states["li@example.com"] == ["pending", "withdrawn"], "the held announcement is withdrawn; the cancellation waits for the quiet hours: \(states)")
            #expect(states["wang@example.com"] == ["pending", "sent"], "what went out stays sent: \(states)")

            let again = try await server.send(.post, "/api/v1/notices/\(id)/cancel", token: server.responder, json: "{}")
            #expect(again.status == .conflict)
            #expect((again.object["errors"] as? [[String: Any]])?.first?["reason"] as? String == "the notice was already cancelled at 2026-11-22T00:00:00Z; nothing was sent again")
            let complete = try await server.send(.post, "/api/v1/notices/\(id)/complete", token: server.responder)
            #expect(complete.status == .conflict && complete.body.contains("already cancelled"))

            for (language, label, reason) in [("en", "Cancelled", "Why it was cancelled"), ("zh-CN", "已取消", "取消原因")] {
                let page = try await server.send(.get, "/maintenance/\(id)?lang=\(language)")
                #expect(page.body.contains("<strong>\(label)</strong>") && page.body.contains(reason) && page.body.contains("推迟到下周"))
                #expect(!page.body.contains(language == "en" ? "Completed" : "已完成"), "a cancelled maintenance is not shown as completed")
            }
        }
    }
}

/// A notice names its audience: an internal one reaches only the staff it names and never the page.
@Suite struct NoticeAudienceAPITests {
    @Test(arguments: TestDatabase.allCases)
    func anInternalNoticeReachesOnlyItsGroupAndStaysOffThePage(_ engine: TestDatabase) async throws {
        let clock = TestClock(TestServer.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let store = server.store
            _ = try await store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            for (id, groups) in [("ops", ["ops"]), ("sales", ["sales"]), ("customer", [NoticeAudience.subscriberGroup])] {
                _ = try await store.createContact(Contact(id: id, name: id, groups: groups, addresses: [.email: "\(id)@example.com"], createdAt: store.now()))
            }
            let body = NoticeAPITests.body().replacingOccurrences(
                of: #""components":["pay"]"#, with: #""components":["pay"],"audience":{"visibility":"internal","groups":["ops","opps"]}"#)
            let created = try await server.send(.post, "/api/v1/notices", token: server.responder, json: body)
            #expect(created.status == .created, "\(created.body)")
            let id = try #require(created.object["id"] as? String)
            #expect((created.object["audience"] as? [String: Any])?["visibility"] as? String == "internal")

            let check = try await server.send(.post, "/api/v1/notices/\(id)/check", token: server.responder)
            let reach = try #require(check.object["reach"] as? [String: Any], "\(check.body)")
            #expect(reach["people"] as? Int == 1 && (reach["channels"] as? [String: Int]) == ["email": 1])
            #expect(((check.object["warnings"] as? [[String: Any]]) ?? []).contains { $0["message"] as? String == "no contact is in group 'opps'" })

            let published = try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder)
            #expect(published.status == .ok, "\(published.body)")
            let notices = NoticeService(store: store, templates: try NoticeTemplates.load(), now: clock.now)
            await NoticeScheduler(notices: notices, handoff: FanOutHandoff(store: store, now: clock.now), logger: TestDatabase.logger).tick()
            let deliveries = try await server.send(.get, "/api/v1/notices/\(id)/deliveries", token: server.viewer)
            let addresses = (deliveries.object["deliveries"] as? [[String: Any]])?.compactMap { $0["address"] as? String }
            #expect(addresses == ["ops@example.com"], "\(addresses ?? [])")

            for path in ["/", "/history", "/feed.atom", "/maintenance.ics", "/cap.atom", "/api/v2/scheduled-maintenances.json"] {
                #expect(!(try await server.send(.get, path)).body.contains(id), "\(path) shows an internal notice")
            }
            #expect(try await server.send(.get, "/maintenance/\(id)").status == .notFound)
        }
    }
}

/// The public page tells a maintenance's times in the notice's zone, and an extension's reason.
@Suite struct NoticePublicWordingTests {
    @Test(arguments: TestDatabase.allCases)
    func theCardShowsTheNoticesZoneAndTheExtensionSaysWhy(_ engine: TestDatabase) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_305_600))  // 2026-11-22
        try await TestServer.run(engine, now: clock.now) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let body = NoticeAPITests.body(start: "2026-12-01T02:00:00-05:00", end: "2026-12-01T04:00-05:00")
                .replacingOccurrences(of: "Asia/Shanghai", with: "America/New_York")
            let created = try await server.send(.post, "/api/v1/notices", token: server.responder, json: body)
            let id = try #require(created.object["id"] as? String)
            #expect(try await server.send(.post, "/api/v1/notices/\(id)/publish", token: server.responder).status == .ok)
            // The page's own zone is Shanghai; the notice was written for New York, and its card says so.
            let home = try await server.send(.get, "/?lang=en")
            #expect(home.body.contains("2026-12-01 02:00 (UTC-05:00) – 2026-12-01 04:00 (UTC-05:00)"), "\(home.body)")
            #expect(!home.body.contains("2026-12-01 15:00"))

            let tooLong = try await server.send(
                .post, "/api/v1/notices/\(id)/extend", token: server.responder,
                json: #"{"planned_end":"2026-12-01T06:00:00-05:00","reason":"\#(String(repeating: "x", count: 1001))"}"#)
            #expect(tooLong.status == .badRequest && tooLong.problemFields == ["reason"])
            let extended = try await server.send(
                .post, "/api/v1/notices/\(id)/extend", token: server.responder,
                json: #"{"planned_end":"2026-12-01T06:00:00-05:00","reason":"数据迁移比预期慢"}"#)
            #expect(extended.status == .ok, "\(extended.body)")
            #expect(extended.object["extension_reason"] as? String == "数据迁移比预期慢")
            for (language, label) in [("zh-CN", "变更原因：数据迁移比预期慢"), ("en", "Why it changed: 数据迁移比预期慢")] {
                let page = try await server.send(.get, "/maintenance/\(id)?lang=\(language)")
                #expect(page.body.contains(label), "\(language): \(page.body)")
                #expect(page.body.contains("2026-12-01 06:00 (UTC-05:00)"))
            }
        }
    }
}
