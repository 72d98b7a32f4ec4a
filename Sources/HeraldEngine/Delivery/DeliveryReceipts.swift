import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging

/// Applies providers' delivery receipts: a confirmed message ends its chain, a failed one falls back.
public struct DeliveryReceipts: Sendable {
    let store: Store
    let fallbacks: Fallbacks
    let logger: Logger

    public init(store: Store, planner: ChannelPlanner = Channels.planner, logger: Logger) {
        self.store = store
        self.fallbacks = Fallbacks(store: store, planner: planner)
        self.logger = logger
    }

    /// Applies one receipt; a receipt for a message Herald did not send is ignored (nil).
    public func apply(channel: ChannelKind, providerID: String, receipt: Receipt) async throws -> Store.ConfirmationChange? {
        guard let delivery = try await store.delivery(channel: channel, providerID: providerID) else {
            logger.info("receipt for an unknown message", metadata: ["channel": "\(channel.rawValue)", "provider_id": "\(providerID)"])
            return nil
        }
        var fallback: NewDelivery?
        if case .failed = receipt { fallback = try await fallbacks.next(after: delivery) }
        let change = try await store.settle(deliveryID: delivery.id, receipt: receipt, fallback: fallback)
        if case .failed = change {
            logger.notice(
                "delivery failed after sending; falling back",
                metadata: ["delivery": "\(delivery.id)", "to": "\(fallback?.channel.rawValue ?? "nothing left")"])
        }
        return change
    }
}
