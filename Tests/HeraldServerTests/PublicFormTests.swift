import Foundation
import HeraldCore
import HeraldTestSupport
import HTTPTypes
import Testing

/// A person who makes a mistake in a public form reads what to mend in the page's language, and
/// finds the form as they filled it in.
@Suite struct PublicFormTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test(arguments: [("en", "Enter a valid email address", "The webhook URL must be a full address"), ("zh-CN", "请填写有效的邮箱地址", "Webhook 地址须是以 https:// 开头")])
    func theSubscribeFormComesBackAsTypedWithItsProblemsInThePagesLanguage(_ language: String, _ email: String, _ webhook: String) async throws {
        try await TestServer.run(.sqlite) { server in
            _ = try await PublicFixture.make(server)
            let reply = try await server.send(
                .post, "/subscribe?lang=\(language)", body: "email=li%40example&webhook_url=ftp%3A%2F%2Fx&components=pay&language=en", headers: Self.form)
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains(email) && reply.body.contains(webhook), "\(reply.body)")
            #expect(!reply.body.contains("webhook_url:") && !reply.body.contains("email:"), "no field names and reasons meant for programs")
            #expect(reply.body.contains(#"value="li@example""#) && reply.body.contains(#"value="ftp://x""#), "what was typed is kept")
            #expect(reply.body.contains(#"value="pay" checked"#) && reply.body.contains(#"<option value="en" selected>"#))
            #expect(reply.body.contains(#"name="email" required autocomplete="email" value="li@example" aria-invalid="true""#))
            #expect(try await server.store.subscriptions().isEmpty)
        }
    }

    @Test func feedbackComesBackOnItsPageWithWhatWasTyped() async throws {
        try await TestServer.run(.sqlite) { server in
            let fixture = try await PublicFixture.make(server)
            let long = String(repeating: "长", count: 2001)
            let reply = try await server.send(
                .post, "/feedback?lang=zh-CN", body: "notice=\(fixture.upcoming)&name=%E7%8E%8B&contact=nonsense&message=\(long)", headers: Self.form)
            #expect(reply.status == .badRequest)
            #expect(reply.body.contains("支付系统升级维护"), "the notice's own page, again")
            #expect(reply.body.contains("联系方式请填写邮箱或电话号码") && reply.body.contains("请填写问题或情况，最多 2000 字"))
            #expect(reply.body.contains(#"value="王""#) && reply.body.contains(#"value="nonsense""#) && reply.body.contains(long))
            #expect(try await server.store.feedback().isEmpty)
        }
    }

    @Test func everyPageLinksToSubscribe() async throws {
        try await TestServer.run(.sqlite) { server in
            let fixture = try await PublicFixture.make(server)
            for path in ["/", "/history", "/maintenance/\(fixture.upcoming)", "/incidents/\(fixture.incident)", "/subscribe"] {
                for (language, label) in [("en", "Subscribe to updates"), ("zh-CN", "订阅通知")] {
                    let page = try await server.send(.get, "\(path)?lang=\(language)")
                    #expect(page.body.contains(#"<a class="subscribe" href="/subscribe?lang=\#(language)">\#(label)</a>"#), "\(path) \(language)")
                }
            }
        }
    }
}
