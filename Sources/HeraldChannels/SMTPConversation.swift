import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to reach the SMTP server that sends Herald's email.
public struct SMTPSettings: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS before anything else; refused if the server cannot.
        case starttls
        /// No encryption: only for a relay on the same host.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var from: String
    public var fromName: String?
    /// A PEM file of certificates to trust instead of the system's, e.g. a private CA.
    public var trustRoots: String?
    /// How long to wait for the connection; the whole exchange may take twice this.
    public var timeout: TimeAmount

    public init(
        host: String, port: Int = 587, security: Security = .starttls, username: String? = nil, password: String? = nil,
        from: String, fromName: String? = nil, trustRoots: String? = nil, timeout: TimeAmount = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.trustRoots = trustRoots
        self.timeout = timeout
    }
}

/// Why an SMTP exchange stopped: the server's reply (4xx: try again; 5xx: refused) or the connection.
enum SMTPError: Error, CustomStringConvertible {
    case reply(code: Int, text: String, after: String)
    case noSTARTTLS
    case closed(after: String)

    var description: String {
        switch self {
        case .reply(let code, let text, let after): "SMTP \(code) after \(after): \(text)"
        case .noSTARTTLS: "the server does not offer STARTTLS, and it is required"
        case .closed(let after): "the server closed the connection after \(after)"
        }
    }
}

/// One SMTP session (RFC 5321): greeting, EHLO, STARTTLS, EHLO, AUTH PLAIN, then one or more mail
/// transactions (MAIL, RCPT, DATA), then QUIT.
enum SMTPConversation {
    /// A single message on a session of its own.
    static func send(_ settings: SMTPSettings, to recipient: String, data: String) async throws {
        try await session(settings) { exchange in try await exchange.transaction(to: recipient, data: data) }
    }

    /// Opens a session, hands its transactions to `body`, and says QUIT when `body` returns.
    static func session(_ settings: SMTPSettings, _ body: (SMTPExchange) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(settings.timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            let exchange = SMTPExchange(wire: channel.channel, replies: ReplyReader(inbound.makeAsyncIterator()), outbound: outbound, settings: settings)
            try await exchange.withDeadline {
                _ = try await exchange.replies.expect([220], after: "connecting")
                var capabilities = try await exchange.command("EHLO herald", expect: [250])
                if settings.security == .starttls {
                    guard capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else { throw SMTPError.noSTARTTLS }
                    _ = try await exchange.command("STARTTLS", expect: [220])
                    var tls = TLSConfiguration.makeClientConfiguration()
                    if let roots = settings.trustRoots { tls.trustRoots = .file(roots) }
                    let context = try NIOSSLContext(configuration: tls)
                    let isAddress = settings.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
                    let hostname = isAddress ? nil : settings.host
                    let wire = channel.channel
                    // The TLS handler goes in front of everything, on the channel's own event loop.
                    try await wire.eventLoop.submit {
                        let handler = try NIOSSLClientHandler(context: context, serverHostname: hostname)
                        try wire.pipeline.syncOperations.addHandler(handler, position: .first)
                    }.get()
                    capabilities = try await exchange.command("EHLO herald", expect: [250])
                }
                if let username = settings.username, let password = settings.password {
                    let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                    _ = try await exchange.command("AUTH PLAIN \(token)", expect: [235], label: "AUTH")
                }
            }
            try await body(exchange)
            _ = try? await exchange.withDeadline { try await exchange.command("QUIT", expect: [221]) }
        }
    }
}

/// The commands of an open SMTP session.
final class SMTPExchange {
    let wire: any NIOCore.Channel
    let replies: ReplyReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let settings: SMTPSettings

    init(wire: any NIOCore.Channel, replies: ReplyReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, settings: SMTPSettings) {
        self.wire = wire
        self.replies = replies
        self.outbound = outbound
        self.settings = settings
    }

    /// Runs `body` under one deadline: a server that stops answering has its connection closed,
    /// which ends the wait with `closed` (retried) instead of holding a delivery worker forever.
    func withDeadline<T>(_ body: () async throws -> T) async throws -> T {
        let deadline = wire.eventLoop.scheduleTask(in: settings.timeout * 2) { [wire] in wire.close(promise: nil) }
        defer { deadline.cancel() }
        return try await body()
    }

    func command(_ line: String, expect codes: Set<Int>, label: String? = nil) async throws -> [String] {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await replies.expect(codes, after: label ?? String(line.prefix(4)))
    }

    /// One message: MAIL, RCPT, DATA.
    func transaction(to recipient: String, data: String) async throws {
        try await withDeadline {
            _ = try await command("MAIL FROM:<\(settings.from)>", expect: [250], label: "MAIL FROM")
            _ = try await command("RCPT TO:<\(recipient)>", expect: [250, 251], label: "RCPT TO")
            _ = try await command("DATA", expect: [354])
            // Dot-stuffing: a line starting with "." gets another, so it cannot end the message early.
            let stuffed = data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
            try await outbound.write(ByteBuffer(string: (stuffed.hasPrefix(".") ? "." : "") + stuffed + ".\r\n"))
            _ = try await replies.expect([250], after: "the message")
        }
    }

    /// RSET: checks that a session kept open is still alive before it carries another message.
    func reset() async throws {
        _ = try await withDeadline { try await command("RSET", expect: [250]) }
    }
}

/// Reads SMTP replies, joining multi-line ones ("250-…" continued until "250 …").
final class ReplyReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The lines of the next reply, without their codes; throws unless its code is one of `codes`.
    func expect(_ codes: Set<Int>, after label: String) async throws -> [String] {
        var texts: [String] = []
        while true {
            let line = try await nextLine(after: label)
            let code = Int(line.prefix(3)) ?? 0
            texts.append(String(line.dropFirst(4)))
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                guard codes.contains(code) else { throw SMTPError.reply(code: code, text: texts.joined(separator: " "), after: label) }
                return texts
            }
        }
    }

    private func nextLine(after label: String) async throws -> String {
        while true {
            if let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending = String(pending[end.upperBound...])
                return line
            }
            guard let buffer = try await iterator.next() else { throw SMTPError.closed(after: label) }
            pending += String(buffer: buffer)
        }
    }
}
