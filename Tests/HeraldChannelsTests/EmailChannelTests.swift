import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

@Suite struct EmailChannelTests {
    func settings(_ server: SMTPServer, password: String = "s3cret") -> SMTPSettings {
        SMTPSettings(
            host: "127.0.0.1", port: server.port, security: .starttls, username: "herald", password: password,
            from: "status@example.com", fromName: "示例公司运维部", trustRoots: server.certificate, timeout: .seconds(10))
    }

    let message = OutgoingMessage(
        idempotencyKey: "notice:n1:announcement:wang:email", address: "wang@example.com",
        subject: "【停机维护通知】支付系统升级维护，预计 2 小时，期间无法在线支付，请提前安排",
        body: "尊敬的用户：\n\n维护时间：2026年12月1日 02:00\n.\n一行只有一个句点", html: "<h1>停机维护通知</h1><p>支付系统升级维护</p>",
        severity: .medium)

    @Test func aNoticeArrivesOverSTARTTLSWithUTF8HeadersAndBothParts() async throws {
        try await SMTPServer.run { server in
            let outcome = await EmailChannel(settings: settings(server)).send(message)
            #expect(outcome == .sent(providerID: "<notice.n1.announcement.wang.email@example.com>", cost: nil))
            let received = try #require(server.messages.first)
            #expect(received["tls"] as? Bool == true)
            #expect(received["authenticated"] as? Bool == true)
            #expect(received["rcpt_tos"] as? [String] == ["wang@example.com"])
            #expect(received["subject"] as? String == message.subject)
            #expect(received["from"] as? String == "示例公司运维部 <status@example.com>")
            #expect(received["message_id"] as? String == "<notice.n1.announcement.wang.email@example.com>")
            #expect(received["content_type"] as? String == "multipart/alternative")
            #expect((received["defects"] as? [String])?.isEmpty == true)
            let parts = try #require(received["parts"] as? [[String: Any]])
            #expect(parts.map { $0["content_type"] as? String } == ["text/plain", "text/html"])
            #expect(parts.first?["content"] as? String == "尊敬的用户：\r\n\r\n维护时间：2026年12月1日 02:00\r\n.\r\n一行只有一个句点")
            let long = ((received["raw_subject_header"] as? String) ?? "").components(separatedBy: "\r\n").filter { $0.utf8.count > 78 }
            #expect(long.isEmpty,
                    "header lines are folded within 78 characters: \(long)")
        }
    }

    /// RFC 8058: the link in the header, and the header that says a POST unsubscribes at once.
    @Test func anEmailCarriesItsRecipientsOneClickUnsubscribeLink() async throws {
        try await SMTPServer.run { server in
            var personal = message
            personal.unsubscribeURL = "https://status.example.com/unsubscribe/0f1e2d3c4b5a69788796a5b4c3d2e1f0"
            #expect(await EmailChannel(settings: settings(server)).send(personal) == .sent(providerID: "<notice.n1.announcement.wang.email@example.com>", cost: nil))
            #expect(await EmailChannel(settings: settings(server)).send(message) == .sent(providerID: "<notice.n1.announcement.wang.email@example.com>", cost: nil))
            let received = server.messages
            #expect(received.count == 2)
            let withLink = try #require(received.first { !($0["list_unsubscribe"] is NSNull) })
            #expect(withLink["list_unsubscribe"] as? String == "<https://status.example.com/unsubscribe/0f1e2d3c4b5a69788796a5b4c3d2e1f0>")
            #expect(withLink["list_unsubscribe_post"] as? String == "List-Unsubscribe=One-Click")
            #expect(received.filter { $0["list_unsubscribe"] is NSNull }.count == 1, "no link, no header")
        }
    }

    /// A burst of email shares one session; a session the server closed while idle is replaced.
    @Test func sessionsAreKeptOpenAndReusedAndReplacedWhenTheServerClosedThem() async throws {
        // Fifteen seconds: with the whole suite running on two cores, a burst once took long enough
        // for a five-second timeout to drop the session mid-burst.
        try await SMTPServer.run(idleTimeout: 15) { server in
            let channel = EmailChannel(settings: settings(server))
            for index in 0..<5 {
                var one = message
                one.idempotencyKey = "burst-\(index)"
                #expect(await channel.send(one) == .sent(providerID: "<burst-\(index)@example.com>", cost: nil))
            }
            #expect(channel.sessionsOpened == 1)
            // The server drops the idle session; the next message must still go out.
            try await Task.sleep(for: .seconds(16.5))
            #expect(await channel.send(message) == .sent(providerID: "<notice.n1.announcement.wang.email@example.com>", cost: nil))
            #expect(channel.sessionsOpened == 2)
            let received = server.messages
            #expect(received.count == 6)
            #expect(Set(received.compactMap { $0["peer_port"] as? Int }).count == 2, "two connections for six messages")
        }
    }

    @Test func refusedRecipientsAreFinalAndBusyOnesAreRetried() async throws {
        try await SMTPServer.run { server in
            var refused = message
            refused.address = "perm-nobody@example.com"
            guard case .permanent(let reason) = await EmailChannel(settings: settings(server)).send(refused) else {
                Issue.record("550 must be permanent"); return
            }
            #expect(reason.hasPrefix("SMTP 550 after RCPT TO"))
            var busy = message
            busy.address = "temp-later@example.com"
            guard case .retryable(let later, _) = await EmailChannel(settings: settings(server)).send(busy) else {
                Issue.record("451 must be retried"); return
            }
            #expect(later.hasPrefix("SMTP 451"))
            guard case .permanent(let auth) = await EmailChannel(settings: settings(server, password: "wrong")).send(message) else {
                Issue.record("a wrong password is refused for good"); return
            }
            #expect(auth.contains("535"))
            #expect(server.messages.isEmpty)
        }
    }

    @Test func aServerThatStopsAnsweringIsGivenUpOnInTimeAndRetried() async throws {
        // A listener that accepts the connection and never says a word.
        let silent = ProviderStandIn { _ in (.ok, "", []) }
        try await silent.serve { base in
            let port = Int(base.split(separator: ":").last!)!
            // Two seconds: with the whole suite on two cores, even a loopback connect once took over 500 ms.
            let settings = SMTPSettings(host: "127.0.0.1", port: port, from: "status@example.com", timeout: .seconds(2))
            let started = ContinuousClock.now
            guard case .retryable(let reason, _) = await EmailChannel(settings: settings).send(message) else {
                Issue.record("a silent server must be retried later"); return
            }
            // Given up either way: the listener closes the silent session, or the client's timeout ends it first.
            #expect(reason.contains("closed the connection") || reason.localizedCaseInsensitiveContains("timeout"), "\(reason)")
            // Without the timeout it would wait forever; the bound is loose because tests share two busy cores.
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }

    @Test func aServerThatIsDownIsRetried() async throws {
        let settings = SMTPSettings(host: "127.0.0.1", port: 9, from: "status@example.com", timeout: .seconds(2))
        guard case .retryable = await EmailChannel(settings: settings).send(message) else {
            Issue.record("a refused connection must be retried")
            return
        }
    }
}
