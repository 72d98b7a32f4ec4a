import Foundation
import HTTPTypes
import HeraldCore
import HeraldEngine
import HeraldStore
import HeraldTestSupport
import Testing

/// Users' questions and reports from a notice's or an incident's page, worked as tickets.
@Suite struct FeedbackTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test(arguments: TestDatabase.allCases)
    func feedbackBecomesATicketThatIsAnsweredByEmailAndClosed(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now) { server in
            let fixture = try await PublicFixture.make(server)
            let page = try await server.send(.get, "/maintenance/\(fixture.upcoming)?lang=zh-CN")
            #expect(page.body.contains("action=\"/feedback?lang=zh-CN\"") && page.body.contains("name=\"notice\" value=\"\(fixture.upcoming)\""))

            let bad = try await server.send(.post, "/feedback", json: #"{"notice":"nope","contact":"hmm","message":"  "}"#)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.problemFields) == ["notice", "contact", "message"])
            let hidden = try await server.send(.post, "/feedback", json: #"{"incident":"\#(fixture.internalIncident)","message":"?"}"#)
            #expect(hidden.problemFields == ["incident"], "feedback only about what the public can see")
            #expect(try await server.send(.post, "/feedback", json: "{").problemFields == ["body"])
            #expect(try await server.store.feedback().isEmpty)

            let sent = try await server.send(
                .post, "/feedback?lang=zh-CN",
                body: "notice=\(fixture.upcoming)&name=%E7%8E%8B%E5%85%88%E7%94%9F&contact=wang%40example.com&message=%E7%BB%B4%E6%8A%A4%E6%9C%9F%E9%97%B4%E8%83%BD%E9%80%80%E6%AC%BE%E5%90%97%EF%BC%9F",
                headers: Self.form)
            #expect(sent.status == .created && sent.body.contains("感谢反馈"))
            _ = try await server.send(.post, "/feedback", json: #"{"notice":"\#(fixture.upcoming)","contact":"+86 138 0000 0000","message":"<b>电话</b>联系我"}"#)
            _ = try await server.send(.post, "/feedback", json: #"{"incident":"\#(fixture.incident)","message":"still failing"}"#)

            // The maintenance ends: its timeline says what is left to answer.
            clock.advance(by: 8 * 86400 + 19 * 3600)
            _ = try await NoticeService(store: server.store, templates: try NoticeTemplates.load(), now: clock.now).runDueSteps()
            let completed = try await server.send(.post, "/api/v1/notices/\(fixture.upcoming)/complete", token: server.responder)
            #expect(completed.status == .ok, "\(completed.body)")
            let timeline = try await server.send(.get, "/api/v1/notices/\(fixture.upcoming)/timeline", token: server.viewer)
            let followUp = (timeline.object["events"] as? [[String: Any]])?.first { $0["kind"] as? String == "feedback_to_answer" }
            #expect((followUp?["detail"] as? String)?.hasPrefix("2 open feedback tickets") == true, "\(timeline.body)")

            let listed = try await server.send(.get, "/api/v1/feedback?notice=\(fixture.upcoming)", token: server.viewer)
            let tickets = try #require(listed.object["tickets"] as? [[String: Any]])
            #expect(tickets.count == 2 && tickets.allSatisfy { $0["state"] as? String == "open" })
            let wang = try #require(tickets.first { $0["contact"] as? String == "wang@example.com" })
            let id = try #require(wang["id"] as? String)
            #expect(wang["name"] as? String == "王先生" && wang["message"] as? String == "维护期间能退款吗？" && wang["language"] as? String == "zh-CN")

            let before = try await server.store.deliveryCounts()[.email]?[.pending] ?? 0
            let answered = try await server.send(
                .post, "/api/v1/feedback/\(id)/replies", token: server.responder, json: #"{"message":"可以，退款不受影响。"}"#)
            #expect(answered.status == .created && answered.object["state"] as? String == "answered")
            #expect((answered.object["replies"] as? [[String: Any]])?.first?["emailed"] as? Bool == true)
            #expect(try await server.store.deliveryCounts()[.email]?[.pending] == before + 1)
            let mail = try #require(try await server.store.claimDeliveries(limit: 100).first { $0.address == "wang@example.com" })
            #expect(mail.subject == "回复：您关于「支付系统升级维护」的反馈")
            #expect(mail.body.contains("王先生，您好") && mail.body.contains("可以，退款不受影响。") && mail.body.contains("> 维护期间能退款吗？"))

            let phone = try #require(tickets.first { $0["contact"] as? String == "+86 138 0000 0000" }?["id"] as? String)
            let called = try await server.send(.post, "/api/v1/feedback/\(phone)/replies", token: server.responder, json: #"{"message":"已电话回复"}"#)
            #expect((called.object["replies"] as? [[String: Any]])?.first?["emailed"] as? Bool == false, "no address to email")

            let reordered = try await server.send(.get, "/api/v1/feedback", token: server.viewer)
            #expect((reordered.object["tickets"] as? [[String: Any]])?.first?["incident"] as? String == fixture.incident, "open tickets first")
            let closed = try await server.send(.patch, "/api/v1/feedback/\(id)", token: server.responder, json: #"{"state":"closed","assignee":"li"}"#)
            #expect(closed.object["state"] as? String == "closed" && closed.object["assignee"] as? String == "li")
            #expect(try await server.send(.get, "/api/v1/feedback?state=later", token: server.viewer).problemFields == ["state"])
        }
    }

    @Test func oneClientMaySendOnlySoMuch() async throws {
        try await TestServer.run(.sqlite, configure: { $0.statusPage.feedbackPerHour = 1 }) { server in
            let fixture = try await PublicFixture.make(server)
            let first = try await server.send(.post, "/feedback", json: #"{"incident":"\#(fixture.incident)","message":"a"}"#)
            let second = try await server.send(.post, "/feedback", json: #"{"incident":"\#(fixture.incident)","message":"b"}"#)
            #expect(first.status == .created && second.status == .tooManyRequests)
            let huge = try await server.send(.post, "/feedback", json: #"{"incident":"x","message":"\#(String(repeating: "长", count: 4000))"}"#)
            #expect(huge.status == .contentTooLarge)
        }
    }
}
