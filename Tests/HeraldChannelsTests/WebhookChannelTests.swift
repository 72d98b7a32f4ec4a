import AsyncHTTPClient
import Foundation
import HeraldChannels
import HeraldCore
import Hummingbird
import HeraldTestSupport
import Testing

@Suite struct WebhookChannelTests {
    func message(_ url: String, key: String = "notice:n1:announcement") -> OutgoingMessage {
        OutgoingMessage(idempotencyKey: key, address: url, subject: nil, body: #"{"title":"支付系统维护"}"#, severity: .medium)
    }

    @Test func aSignedRequestIsAcceptedAndCarriesTheIdempotencyKey() async throws {
        let receiver = WebhookReceiver(secret: "s3cret")
        try await receiver.serve { url in
            let outcome = await WebhookChannel(client: .local, secret: "s3cret").send(message(url))
            #expect(outcome == .sent(providerID: nil, cost: nil))
        }
        #expect(receiver.received.count == 1)
        #expect(receiver.received.first?.signatureValid == true)
        #expect(receiver.received.first?.idempotencyKey == "notice:n1:announcement")
        #expect(receiver.received.first?.body == #"{"title":"支付系统维护"}"#)
    }

    @Test func aWrongSecretIsRefusedAndThatIsPermanent() async throws {
        let receiver = WebhookReceiver(secret: "s3cret")
        try await receiver.serve { url in
            let outcome = await WebhookChannel(client: .local, secret: "guess").send(message(url))
            guard case .permanent(let reason) = outcome else { Issue.record("expected permanent, got \(outcome)"); return }
            #expect(reason.contains("HTTP 401"))
        }
        #expect(receiver.received.first?.signatureValid == false)
    }

    @Test func throttlingAndServerErrorsAreRetryableWithRetryAfter() async throws {
        let receiver = WebhookReceiver(secret: "k", answers: [(.tooManyRequests, [.retryAfter: "7"]), (.badGateway, [:]), (.badRequest, [:])])
        try await receiver.serve { url in
            let channel = WebhookChannel(client: .local, secret: "k")
            #expect(await channel.send(message(url)) == .retryable(reason: #"HTTP 429: {"status":429}"#, retryAfter: 7))
            #expect(await channel.send(message(url)) == .retryable(reason: #"HTTP 502: {"status":502}"#, retryAfter: nil))
            #expect(await channel.send(message(url)) == .permanent(reason: #"HTTP 400: {"status":400}"#))
        }
    }

    @Test func anUnreachableReceiverIsRetryableAndABadURLIsNot() async throws {
        let channel = WebhookChannel(client: .local, secret: "k", timeout: .seconds(2))
        // Port 9 (discard) on loopback is closed here: the connection is refused.
        guard case .retryable = await channel.send(message("http://127.0.0.1:9/hook")) else {
            Issue.record("a refused connection must be retried")
            return
        }
        guard case .permanent = await channel.send(message("ftp://example.com/x")) else {
            Issue.record("a non-http address cannot succeed later")
            return
        }
    }
}
