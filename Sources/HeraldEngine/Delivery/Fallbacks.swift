import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore

/// Prepares the delivery that takes over when one fails for good or is not confirmed in time.
public struct Fallbacks: Sendable {
    let store: Store
    let planner: ChannelPlanner

    public init(store: Store, planner: ChannelPlanner = Channels.planner) {
        self.store = store
        self.planner = planner
    }

    /// The same message for the same contact on the next channel of the chain, rendered for that
    /// channel; nil when the chain has no further channel the contact has an address on.
    public func next(after delivery: Delivery) async throws -> NewDelivery? {
        guard let contactID = delivery.contactID, let announcementID = delivery.announcementID else { return nil }
        let contact = try await store.contact(id: contactID)
        guard let next = planner.fallback(after: delivery.channel, for: contact) else { return nil }
        let announcement = try await store.announcement(id: announcementID)
        guard let kind = planner.catalogue[next.channel]?.templateKind,
            let message = FanOutHandoff.message(announcement.messages, kind: kind, language: contact.language)
        else { return nil }
        return NewDelivery(
            idempotencyKey: "\(delivery.idempotencyKey):fallback:\(next.channel.rawValue)", channel: next.channel,
            address: next.address, severity: delivery.severity, subject: message.subject, body: message.text,
            html: kind == .email ? message.html : nil, announcementID: announcementID, contactID: contactID,
            fallbackFrom: delivery.id)
    }
}
