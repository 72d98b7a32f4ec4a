import HeraldCore
import Logging

/// Writes messages to the log instead of sending them: for development and dry runs.
public struct LogChannel: Channel {
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

extension LogChannel: ChannelDefinition {
    /// Any address; in no group, so only a contact's preferences send on it.
    public static let traits = ChannelTraits(kind: .log, templateKind: .im, group: nil, address: .text(maximum: 200))

    public static let setup = ChannelSetup.always(())

    public static func channel(_: Void, context: ChannelContext) -> any Channel {
        LogChannel(logger: context.logger)
    }
}
