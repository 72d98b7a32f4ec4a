import Foundation
import HeraldChannels
import HeraldCore
import HeraldTestSupport
import Testing

/// A request that got no answer says why in plain words: these texts are a dead letter's last error
/// and the warning logged for each failed attempt.
@Suite struct TransportFailureTests {
    func message(_ url: String) -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: "notice:n1:announcement:c1:webhook", address: url, subject: nil, body: "{}", severity: .medium)
    }

    @Test func aRefusedConnectionNamesTheHostAndPort() async throws {
        let port = try DeadHosts.refusedPort()
        let outcome = await WebhookChannel(client: .local, secret: "k").send(message("http://127.0.0.1:\(port)/hook"))
        #expect(outcome == .retryable(reason: "no answer: connection refused by 127.0.0.1:\(port)", retryAfter: nil))
    }

    @Test func aHostThatNeverAnswersTimesOutAfterTheRequestsDeadline() async throws {
        let hole = try BlackHole()
        defer { hole.close() }
        let outcome = await WebhookChannel(client: .local, secret: "k", timeout: .milliseconds(500)).send(message("http://127.0.0.1:\(hole.port)/hook"))
        #expect(outcome == .retryable(reason: "no answer: timed out after 0.5 s waiting for 127.0.0.1:\(hole.port)", retryAfter: nil))
    }

    @Test func aNameThatDoesNotResolveSaysSo() async throws {
        let outcome = await WebhookChannel(client: .local, secret: "k").send(message("http://no-such-host.invalid/hook"))
        guard case .retryable(let reason, _) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.hasPrefix("no answer: "), "\(reason)")
        #expect(reason.contains("no-such-host.invalid"), "\(reason)")
        #expect(!reason.contains("NIOConnectionError") && !reason.contains("errno"), "\(reason)")
    }
}
