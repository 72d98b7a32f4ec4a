import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Contacts, and what the delivery queue did with every message.
    mutating func addDeliveryRoutes(store: Store, costs: CostPolicy) {
        let body = self.body
        on(.get, "/contacts", role: .viewer) { request, _ in
            let page = try await store.contacts(page: try request.pageRequest())
            // Contacts in bulk are personal data read out of Herald: the log keeps who read how many.
            try await store.recordExport(kind: "contacts", detail: "listed \(page.items.count) contacts through the API")
            return JSONResponse(ListPage("contacts", page.map(ContactDocument.init)))
        }
        on(.post, "/contacts", role: .admin) { request, _ in
            let contact = try ContactBody.contact(try await body.read(request), now: store.now())
            return JSONResponse(ContactDocument(contact: try await store.createContact(contact)), status: .created)
        }
        on(.get, "/contacts/{id}", role: .viewer) { _, context in
            JSONResponse(ContactDocument(contact: try await store.contact(id: try context.id())))
        }
        on(.get, "/deliveries/summary", role: .viewer) { _, _ in
            JSONResponse(try await DeliverySummary.current(store: store, costs: costs, now: store.now()))
        }
        on(.get, "/deliveries/dead-letters", role: .viewer) { request, _ in
            JSONResponse(ListPage("deliveries", try await store.deadLetters(page: try request.pageRequest()).map(DeliveryDocument.init)))
        }
        on(.post, "/deliveries/{id}/retry", role: .responder) { _, context in
            guard let id = Int64(try context.id()) else { throw Problem.invalid([FieldError("id", "must be a delivery number")]) }
            do {
                return JSONResponse(DeliveryDocument(delivery: try await DeadLetterRetry.retry(store, id: id)))
            } catch let erased as DeadLetterRetry.Erased {
                throw Problem(.conflict, detail: erased.detail)
            }
        }
        on(.get, "/deliveries/{id}/attempts", role: .viewer) { _, context in
            guard let id = Int64(try context.id()) else { throw Problem.invalid([FieldError("id", "must be a delivery number")]) }
            _ = try await store.delivery(id: id)
            return JSONResponse(AttemptList(attempts: try await store.deliveryAttempts(deliveryID: id)))
        }
        on(.get, "/notices/{id}/deliveries", role: .viewer) { _, context in
            let id = try context.id()
            _ = try await store.notice(id: id)
            let deliveries = try await store.deliveries(noticeID: id)
            var counts: [String: [String: Int]] = [:]
            for delivery in deliveries { counts[delivery.channel.rawValue, default: [:]][delivery.state.rawValue, default: 0] += 1 }
            return JSONResponse(NoticeDeliveries(counts: counts, deliveries: deliveries.map(DeliveryDocument.init)))
        }
    }
}

struct ContactDocument: Encodable, Sendable {
    let contact: Contact

    enum Keys: String, CodingKey {
        case id, name, language, groups, roles, addresses, preferences, subscriptions, consent
        case timeZone = "time_zone", quietHours = "quiet_hours", createdAt = "created_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(contact.id, forKey: .id)
        try container.encode(contact.name, forKey: .name)
        try container.encode(contact.language, forKey: .language)
        try container.encode(contact.timeZone, forKey: .timeZone)
        try container.encode(contact.groups, forKey: .groups)
        try container.encode(contact.roles, forKey: .roles)
        try container.encode(Dictionary(uniqueKeysWithValues: contact.addresses.map { ($0.key.rawValue, $0.value) }), forKey: .addresses)
        try container.encode(
            Dictionary(uniqueKeysWithValues: contact.preferences.map { ($0.key.rawValue, $0.value.map(\.rawValue)) }), forKey: .preferences)
        try container.encode(contact.subscriptions, forKey: .subscriptions)
        try container.encode(contact.quietHours?.text, forKey: .quietHours)
        try container.encode(contact.consent, forKey: .consent)
        try container.encode(contact.createdAt, forKey: .createdAt)
    }
}


struct DeliveryDocument: Encodable, Sendable {
    let delivery: Delivery

    enum Keys: String, CodingKey {
        case id, channel, address, severity, subject, state, attempts
        case idempotencyKey = "idempotency_key", nextAttemptAt = "next_attempt_at", lastError = "last_error"
        case announcementID = "announcement_id", createdAt = "created_at", sentAt = "sent_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(delivery.id, forKey: .id)
        try container.encode(delivery.idempotencyKey, forKey: .idempotencyKey)
        try container.encode(delivery.channel, forKey: .channel)
        try container.encode(delivery.address, forKey: .address)
        try container.encode(delivery.severity, forKey: .severity)
        try container.encode(delivery.subject, forKey: .subject)
        try container.encode(delivery.state, forKey: .state)
        try container.encode(delivery.attempts, forKey: .attempts)
        try container.encode(delivery.nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(delivery.lastError, forKey: .lastError)
        try container.encode(delivery.announcementID, forKey: .announcementID)
        try container.encode(delivery.createdAt, forKey: .createdAt)
        try container.encode(delivery.sentAt, forKey: .sentAt)
    }
}

struct AttemptList: Encodable, Sendable { var attempts: [DeliveryAttempt] }
/// Each recipient's delivery for one notice, with counts by channel and state.
struct NoticeDeliveries: Encodable, Sendable {
    var counts: [String: [String: Int]]
    var deliveries: [DeliveryDocument]
}
