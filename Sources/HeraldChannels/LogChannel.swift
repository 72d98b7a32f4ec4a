import HeraldCore
import Logging

/// Writes messages to the log instead of sending them: for development and dry runs.
public struct LogChannel: Channel {
    public let kind = ChannelKind.log
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func send(_ message: OutgoingMessage) async -> SendOutcome {
        logger.notice(
            "message (log channel)",
            metadata: [
                "to": "\(message.address)", "subject": "\(message.subject ?? "")", "idempotency_key": "\(message.idempotencyKey)",
                "body": "\(message.body)",
            ])
        return .sent(providerID: nil, cost: 0)
    }
}
