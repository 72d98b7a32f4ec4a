import Foundation
import HeraldCore
import HeraldStore

/// What the subscriber notifier reads and writes: the public streams from its stored positions, the
/// confirmed subscriptions, and the queue it hands messages to.
public protocol SubscriberRecords: Sendable {
    var now: @Sendable () -> Date { get }
    func waitForSchema() async
    func outboxPosition(_ stream: PublicStream) async throws -> Int64
    func setOutboxPosition(_ stream: PublicStream, to position: Int64) async throws
    func publicChanges(_ stream: PublicStream, after position: Int64, limit: Int, settle: TimeInterval) async throws -> PublicChanges
    func confirmedSubscriptions(kind: Subscription.Kind) async throws -> [(subscription: Subscription, manageToken: String)]
    func enqueue(_ deliveries: [NewDelivery]) async throws -> Int
}

extension Store: SubscriberRecords {}
