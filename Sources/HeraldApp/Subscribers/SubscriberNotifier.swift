import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging
import ServiceLifecycle

/// Tells subscribers what the status page says: public incident updates by email and webhook,
/// maintenance steps and component changes by webhook (email subscribers get maintenance through
/// the notices' own fan-out, as contacts). Webhooks receive Statuspage's subscriber payloads.
///
/// It reads the public streams from a stored position and queues deliveries with keys made from
/// the row and the subscriber, so a crash, or a second node doing the same, sends nothing twice.
public struct SubscriberNotifier: Service {
    let store: any SubscriberRecords
    let site: PublicSite
    let baseURL: String
    let interval: Duration
    let logger: Logger

    public init(store: any SubscriberRecords, site: PublicSite, baseURL: String, interval: Duration = .seconds(5), logger: Logger) {
        self.store = store
        self.site = site
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, waitFirst: true, after: { [store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// Queues what is due; returns how many deliveries were queued.
    @discardableResult
    public func tick() async -> Int {
        var queued = 0
        do {
            for stream in PublicStream.allCases {
                let changes = try await store.publicChanges(stream, after: try await store.outboxPosition(stream), limit: 100, settle: 5)
                guard changes.position > 0 else { continue }
                let deliveries = try await deliveries(for: changes)
                queued += try await store.enqueue(deliveries)
                try await store.setOutboxPosition(stream, to: changes.position)
            }
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("notifying subscribers failed; retrying", metadata: ["error": "\(error)"])
        }
        if queued > 0 { logger.info("subscribers notified", metadata: ["deliveries": "\(queued)"]) }
        return queued
    }

    func deliveries(for changes: PublicChanges) async throws -> [NewDelivery] {
        if changes.incidentUpdates.isEmpty, changes.maintenanceUpdates.isEmpty, changes.componentChanges.isEmpty { return [] }
        let snapshot = try await site.snapshot().snapshot
        let json = StatuspageJSON(snapshot: snapshot, settings: site.settings, baseURL: baseURL)
        let emails = try await store.confirmedSubscriptions(kind: .email)
        let webhooks = try await store.confirmedSubscriptions(kind: .webhook)
        var result: [NewDelivery] = []
        for event in changes.incidentUpdates {
            guard let item = snapshot.incidents.first(where: { $0.incident.id == event.incidentID }) else { continue }
            let components = item.incident.components
            let status =
                event.kind == .postmortem
                ? PublicIncident.postmortemStatus
                : item.publicUpdates(site.settings.language).first { $0.id.hasSuffix("-\(event.id)") }?.status ?? item.incident.status.rawValue
            for (subscription, token) in emails where subscription.follows(any: components) {
                let mail = SubscriberMail(
                    title: item.incident.title, status: status, body: event.text(subscription.language) ?? "", link: "\(baseURL)/incidents/\(item.incident.id)",
                    manage: manageURL(token), language: subscription.language)
                result.append(NewDelivery(
                    idempotencyKey: "subscriber:\(subscription.id):incident-event:\(event.id)", channel: .email, address: subscription.email,
                    severity: item.incident.severity, subject: mail.subject, body: mail.text, contactID: subscription.contactID))
            }
            result += webhook(webhooks, following: components, key: "incident-event:\(event.id)", severity: item.incident.severity) { token in
                ["meta": meta(token), "page": page(snapshot), "incident": json.incident(item)]
            }
        }
        for announcement in changes.maintenanceUpdates {
            guard let item = snapshot.maintenances.first(where: { $0.notice.id == announcement.noticeID }) else { continue }
            result += webhook(
                webhooks, following: item.notice.content.components, key: "announcement:\(announcement.id)", severity: announcement.severity
            ) { token in
                ["meta": meta(token), "page": page(snapshot), "incident": json.maintenance(item)]
            }
        }
        for change in changes.componentChanges {
            guard let component = snapshot.components.first(where: { $0.id == change.componentID }) else { continue }
            result += webhook(webhooks, following: [component.id], key: "component-change:\(change.id)", severity: .low) { token in
                [
                    "meta": meta(token), "page": page(snapshot), "component": json.component(component),
                    "component_update": [
                        "id": "\(change.id)", "component_id": component.id, "old_status": change.oldStatus.rawValue,
                        "new_status": change.newStatus.rawValue, "created_at": json.time(change.changedAt),
                    ] as [String: Any],
                ]
            }
        }
        return result
    }

    func webhook(
        _ subscriptions: [(subscription: Subscription, manageToken: String)], following components: [String], key: String, severity: Severity,
        payload: (String) -> [String: Any]
    ) -> [NewDelivery] {
        subscriptions.compactMap { subscription, token in
            guard subscription.follows(any: components), let url = subscription.webhookURL,
                let data = try? JSONSerialization.data(withJSONObject: payload(token), options: [.sortedKeys, .withoutEscapingSlashes])
            else { return nil }
            return NewDelivery(
                idempotencyKey: "subscriber:\(subscription.id):\(key)", channel: .webhook, address: url, severity: severity,
                body: String(decoding: data, as: UTF8.self))
        }
    }

    func manageURL(_ token: String) -> String { "\(baseURL)/subscription/\(token)" }

    func meta(_ token: String) -> [String: Any] {
        [
            "unsubscribe": manageURL(token), "documentation": "\(baseURL)/subscribe",
            "generated_at": PublicTime.statuspage(store.now(), site.settings.timeZone),
        ]
    }

    func page(_ snapshot: PublicSnapshot) -> [String: Any] {
        let overall = snapshot.overall
        return ["id": site.settings.pageID, "status_indicator": overall.indicator.rawValue, "status_description": overall.description(.en)]
    }
}

/// An incident update as an email to a subscriber.
struct SubscriberMail {
    let title: String
    let status: String
    let body: String
    let link: String
    let manage: String
    let language: Language

    var statusLabel: String { language.statusLabel(status) }

    var subject: String { language.text(.updateSubject, ["status": statusLabel, "title": title]) }

    var text: String {
        language.text(.updateBody, ["title": title, "status": statusLabel, "body": body, "link": link, "manage": manage])
    }
}
