import HeraldCore

/// Where announcements go once rendered and stored; `FanOutHandoff` queues them for each recipient.
/// It may receive an announcement twice after a crash; `idempotencyKey` tells the copies apart.
public protocol DeliveryHandoff: Sendable {
    func handOver(_ announcement: Announcement) async throws
}
