import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// A subscription's confirmation link works for seven days, and its email says so.
@Suite struct ConfirmationExpiryTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test(arguments: TestDatabase.allCases)
    func aConfirmationLinkWorksForSevenDaysAndTheMailSaysSo(_ engine: TestDatabase) async throws {
        let clock = TestClock(PublicFixture.today)
        try await TestServer.run(engine, now: clock.now, configure: { $0.publicURL = "https://status.example.cn" }) { server in
            _ = try await PublicFixture.make(server)
            for (address, language) in [("late@example.com", "en"), ("ontime@example.com", "en"), ("zh@example.com", "zh-CN")] {
                let sent = try await server.send(
                    .post, "/subscribe?lang=\(language)", body: "email=\(address.replacingOccurrences(of: "@", with: "%40"))&language=\(language)",
                    headers: Self.form)
                #expect(sent.status == .accepted)
            }
            let mails = try await server.store.claimDeliveries(limit: 100).filter { $0.subject?.contains("onfirm") == true || $0.subject?.contains("确认") == true }
            func link(_ address: String) throws -> String {
                let mail = try #require(mails.first { $0.address == address })
                return try SubscriptionTests.token(in: mail.body, after: "/subscribe/confirm/")
            }
            let english = try #require(mails.first { $0.address == "late@example.com" })
            #expect(english.body.contains("within 7 days"), "\(english.body)")
            #expect(try #require(mails.first { $0.address == "zh@example.com" }).body.contains("7 天内"))

            clock.advance(by: 7 * 86400 - 60)
            #expect(try await server.send(.post, "/subscribe/confirm/\(try link("ontime@example.com"))").status == .ok, "a minute before the week is out")
            clock.advance(by: 120)
            let late = try await server.send(.post, "/subscribe/confirm/\(try link("late@example.com"))?lang=en")
            #expect(late.status == .gone && late.body.contains("expired") && late.body.contains("7 days"), "\(late.body)")
            let states = Dictionary(uniqueKeysWithValues: try await server.store.subscriptions().map { ($0.email, $0.state) })
            #expect(states == ["late@example.com": .pending, "ontime@example.com": .confirmed, "zh@example.com": .pending])
            #expect(try await server.store.recipients(following: ["pay"]).contains { $0.name == "late@example.com" } == false)

            clock.advance(by: 365 * 86400)
            #expect(try await server.send(.post, "/subscribe/confirm/\(try link("ontime@example.com"))").status == .ok, "a confirmed link stays harmless")
        }
    }
}
