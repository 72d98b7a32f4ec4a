import Foundation
import HeraldCore

/// Email over SMTP: STARTTLS and AUTH, UTF-8 headers, text and HTML parts, and a Message-ID made from
/// the delivery's idempotency key. 4xx replies and connection failures are retried; 5xx are final.
/// Sessions are kept open between messages and reused.
public struct EmailChannel: Channel {
    public let kind = ChannelKind.email
    let settings: SMTPSettings
    let sessions: SMTPSessions
    let now: @Sendable () -> Date

    public init(settings: SMTPSettings, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.sessions = SMTPSessions(settings: settings)
        self.now = now
    }

    /// How many SMTP sessions this channel has opened.
    public var sessionsOpened: Int { sessions.sessionsOpened }

    func data(for message: OutgoingMessage) -> String {
        MIMEMessage(
            from: settings.from, fromName: settings.fromName, to: message.address, subject: message.subject ?? "",
            text: message.body, html: message.html,
            messageID: MIMEMessage.messageID(idempotencyKey: message.idempotencyKey, from: settings.from), date: now(),
            // RFC 8058: mail clients show an unsubscribe button and POST to the link, with no page to read.
            headers: message.unsubscribeURL.map { [("List-Unsubscribe", "<\($0)>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")] } ?? []
        ).render()
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        do {
            try await sessions.send(to: message.address, data: data(for: message))
            return .sent(providerID: MIMEMessage.messageID(idempotencyKey: message.idempotencyKey, from: settings.from), cost: nil)
        } catch SMTPError.reply(let code, let text, let after) where (400..<500).contains(code) {
            return .retryable(reason: "SMTP \(code) after \(after): \(text)", retryAfter: nil)
        } catch let error as SMTPError {
            if case .closed = error { return .retryable(reason: error.description, retryAfter: nil) }
            return .permanent(reason: error.description)
        } catch {
            return .retryable(reason: "SMTP connection failed: \(error)", retryAfter: nil)
        }
    }
}
