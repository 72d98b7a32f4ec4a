import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// Reminds owners of overdue action items: each pass reads the open items and the contacts,
/// `ActionItemReminders` decides which are due, and each is queued to its owner on the channels
/// their low-severity preferences give, in their language. One a day per item: its deliveries'
/// keys carry the owner's day, and the queue keeps a key once, so passes on several nodes, or
/// after a restart, send nothing twice.
public struct ActionItemService: Service {
    let store: Store
    let planner: ChannelPlanner
    /// Where the console is reached, for the link to the postmortem; none without `server.public_url`.
    let publicURL: String?
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: Store, planner: ChannelPlanner, publicURL: String?, interval: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.planner = planner
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, after: { [store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// Queues the reminders due now; returns how many deliveries were queued (none for a reminder already sent today).
    @discardableResult
    public func tick() async -> Int {
        do {
            let at = now()
            let reminders = ActionItemReminders.due(try await store.openActionItems(), contacts: try await store.contacts(), at: at)
            let queued = try await store.enqueue(reminders.flatMap { deliveries($0, at: at) })
            if queued > 0 { logger.info("action item owners reminded", metadata: ["deliveries": "\(queued)"]) }
            return queued
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("reminding action item owners failed; retrying", metadata: ["error": "\(error)"])
        }
        return 0
    }

    func deliveries(_ reminder: ActionItemReminder, at: Date) -> [NewDelivery] {
        let contact = reminder.contact, open = reminder.item
        let link = publicURL.map { "\($0)/console/incidents/\(open.incidentID)/postmortem" }
        let values = [
            "title": open.item.title, "due": open.item.due, "days": String(reminder.daysOverdue), "incident": open.incidentTitle,
            "link": link ?? contact.language.text(.actionItemNoLink),
        ]
        let subject = contact.language.text(.actionItemReminderSubject, values)
        let text = contact.language.text(.actionItemReminderBody, values)
        return planner.plan(contact, severity: .low, now: at).map { planned in
            var body = text
            if planner.catalogue[planned.channel]?.group == .webhook {
                let object: [String: Any] = [
                    "event": "postmortem.action_item_overdue", "incident_id": open.incidentID, "title": open.item.title, "owner": open.item.owner,
                    "due": open.item.due, "days_overdue": reminder.daysOverdue, "summary": subject, "text": text, "link": link ?? NSNull(),
                ]
                body = String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8), as: UTF8.self)
            }
            return NewDelivery(
                idempotencyKey: "\(reminder.key):\(planned.channel.rawValue)", channel: planned.channel, address: planned.address, severity: .low,
                subject: subject, body: body, contactID: contact.id, notBefore: planned.notBefore)
        }
    }
}
