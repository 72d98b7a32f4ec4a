import HeraldCore
import Logging

/// Where announcements go once rendered and stored: the delivery engine (issue 4) implements this.
/// It may receive an announcement twice after a crash; `idempotencyKey` tells the copies apart.
public protocol DeliveryHandoff: Sendable {
    func handOver(_ announcement: Announcement) async throws
}

/// Until the delivery engine exists: announcements are logged, and shown on the notice's timeline
/// and announcement list in the API.
public struct LoggingHandoff: DeliveryHandoff {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handOver(_ announcement: Announcement) async throws {
        logger.info(
            "announcement ready for delivery",
            metadata: [
                "notice": "\(announcement.noticeID)", "step": "\(announcement.step.key)",
                "audience": "\(announcement.audience.key)", "late": "\(announcement.late)",
                "idempotency_key": "\(announcement.idempotencyKey)",
                "subject": "\(announcement.messages[.email, .zhCN]?.subject ?? announcement.messages[.email, .en]?.subject ?? "")",
            ])
    }
}
