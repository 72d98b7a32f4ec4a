import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging

/// Turns an announcement into one queued delivery per recipient and channel.
///
/// Handing the same announcement over twice (after a crash between enqueueing and marking it handed
/// over) queues nothing new: each delivery's idempotency key is the announcement's key plus the
/// contact and channel, and the queue keeps one delivery per key.
public struct FanOutHandoff: DeliveryHandoff {
    let store: Store
    let planner: ChannelPlanner
    let logger: Logger?
    /// Where Herald is reached from outside (`server.public_url`); emails carry unsubscribe links under it.
    let publicURL: String?
    let now: @Sendable () -> Date

    public init(
        store: Store, planner: ChannelPlanner = Channels.planner, logger: Logger? = nil, publicURL: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.publicURL = publicURL
        self.store = store
        self.planner = planner
        self.logger = logger
        self.now = now
    }

    public func handOver(_ announcement: Announcement) async throws {
        let recipients: [Contact]
        switch announcement.audience {
        case .notice:
            let notice = try await store.notice(id: announcement.noticeID)
            let audience = notice.content.readers
            recipients = try await store.contacts().filter { audience.includes($0, components: notice.content.components) }
        case .test(let group):
            recipients = try await store.members(ofGroup: group)
        }
        let at = now()
        var deliveries: [NewDelivery] = []
        for contact in recipients {
            for planned in planner.plan(contact, severity: announcement.severity, now: at) {
                guard let kind = planner.catalogue[planned.channel]?.templateKind,
                    let message = Self.message(announcement.messages, kind: kind, language: contact.language)
                else { continue }
                // Only the email rendering has an HTML part, and only email carries an unsubscribe header.
                let email = kind == .email
                deliveries.append(NewDelivery(
                    idempotencyKey: "\(announcement.idempotencyKey):\(contact.id):\(planned.channel.rawValue)",
                    channel: planned.channel, address: planned.address, severity: announcement.severity,
                    subject: message.subject, body: message.text, html: email ? message.html : nil,
                    announcementID: announcement.id, contactID: contact.id, notBefore: planned.notBefore,
                    unsubscribeURL: email ? unsubscribeURL(contact) : nil))
            }
        }
        let queued = try await store.enqueue(deliveries)
        logger?.info(
            "announcement fanned out", metadata: [
                "notice": "\(announcement.noticeID)", "step": "\(announcement.step.key)", "recipients": "\(recipients.count)",
                "deliveries": "\(queued)",
            ])
    }

    /// The contact's one-click unsubscribe link; none without a public URL to put it under.
    func unsubscribeURL(_ contact: Contact) -> String? {
        guard let publicURL, let token = contact.unsubscribeToken else { return nil }
        return publicURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/unsubscribe/" + token
    }

    /// The rendering in the reader's language, else the other one.
    static func message(_ messages: RenderedNotice, kind: TemplateKind, language: Language) -> RenderedMessage? {
        messages[kind, language] ?? Language.allCases.lazy.compactMap { messages[kind, $0] }.first
    }
}
