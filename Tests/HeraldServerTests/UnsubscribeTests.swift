import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

@Suite struct UnsubscribeTests {
    @Test(arguments: TestDatabase.allCases)
    func oneClickWithdrawsConsentButOpeningTheLinkDoesNot(_ engine: TestDatabase) async throws {
        try await TestServer.run(engine) { server in
            let contact = try await server.store.createContact(
                Contact(id: "li", name: "李雷", addresses: [.email: "li@example.com"], createdAt: server.store.now()))
            let token = try #require(contact.unsubscribeToken)
            #expect(token.count == 32)

            // A mail scanner opening the link unsubscribes no one.
            let page = try await server.send(.get, "/unsubscribe/\(token)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains("确认退订") && page.body.contains(#"<form method="post">"#))
            #expect(try await server.store.contact(id: "li").consent == .granted)
            let english = try await server.send(.get, "/unsubscribe/\(token)", headers: [.acceptLanguage: "en-GB,en;q=0.9,zh-CN;q=0.5"])
            #expect(english.body.contains("<html lang=\"en\">") && english.body.contains("Unsubscribe"))

            // The mail client's one-click POST (RFC 8058), then again.
            for _ in 0..<2 {
                let done = try await server.send(
                    .post, "/unsubscribe/\(token)", body: "List-Unsubscribe=One-Click",
                    headers: [.contentType: "application/x-www-form-urlencoded"])
                #expect(done.status == .ok)
                #expect(done.body.contains("已退订"))
            }
            #expect(try await server.store.contact(id: "li").consent == .withdrawn)
            #expect(try await server.store.recipients(following: ["pay"]).isEmpty, "nothing more reaches them")

            let unknown = try await server.send(.post, "/unsubscribe/\(String(repeating: "0", count: 32))")
            #expect(unknown.status == .notFound)
            #expect(unknown.body.contains("链接无效"))
        }
    }
}
