import Foundation
import HeraldCore

/// Email over SMTP: STARTTLS and AUTH, UTF-8 headers, text and HTML parts, and a Message-ID made from
/// the delivery's idempotency key. 4xx replies and connection failures are retried; 5xx are final.
/// Sessions are kept open between messages and reused.
public struct EmailChannel: Channel {
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
            return .retryable(
                reason: "SMTP connection failed: \(TransportFailure.describe(error, url: "smtp://\(settings.host):\(settings.port)", timeout: nil))",
                retryAfter: nil)
        }
    }
}

extension EmailChannel: ChannelDefinition {
    public static let traits = ChannelTraits(kind: .email, templateKind: .email, group: .email, address: .emailAddress)

    public static let setup = ChannelSetup.section(settings(from:))

    /// `channels.email`: the SMTP server (`host`, `port`, `security`, `username` and `password`,
    /// `ca_file`) and the sender (`from`, `from_name`).
    static func settings(from item: inout ObjectReader) -> SMTPSettings? {
        let host = item.requiredString("host")
        let from = item.requiredString("from")
        let port = item.integer("port") ?? 587
        let security = item.enumeration("security", as: SMTPSettings.Security.self) ?? .starttls
        if let from { item.add(Validate.emailAddress(from, field: item.path("from"))) }
        if !(1...65535).contains(port) { item.add([FieldError(item.path("port"), "must be from 1 to 65535")]) }
        let settings = SMTPSettings(
            host: host ?? "", port: port, security: security, username: item.string("username"),
            password: item.string("password"), from: from ?? "", fromName: item.string("from_name"),
            trustRoots: item.string("ca_file"))
        if (settings.username == nil) != (settings.password == nil) {
            item.add([FieldError(item.path("password"), "username and password go together")])
        }
        return host != nil && from != nil ? settings : nil
    }

    public static func channel(_ settings: SMTPSettings, context: ChannelContext) -> any Channel {
        EmailChannel(settings: settings, now: context.now)
    }
}
