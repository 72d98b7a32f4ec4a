import Foundation
import HeraldCore
import HeraldStore
import Logging

/// From a monitoring event to a page: grades it, deduplicates and groups it into an incident, and
/// when an incident opens, pages the integration's on-call group through the delivery queue.
public struct AlertPipeline: Sendable {
    let store: Store
    let severity: SeverityRules
    let planner: ChannelPlanner
    let autoResolve: Bool
    let inhibitions: [InhibitRule]
    let links: IncidentLinkSource?
    let logger: Logger
    let now: @Sendable () -> Date

    public init(
        store: Store, severity: SeverityRules = SeverityRules(), planner: ChannelPlanner = ChannelPlanner(), autoResolve: Bool = true,
        inhibitions: [InhibitRule] = [], links: IncidentLinkSource? = nil, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.inhibitions = inhibitions
        self.links = links
        self.store = store
        self.severity = severity
        self.planner = planner
        self.autoResolve = autoResolve
        self.logger = logger
        self.now = now
    }

    /// Applies the event; the page, if any, is queued before this returns.
    @discardableResult
    public func receive(_ alert: IncomingAlert, from integration: Integration) async throws -> IngestResult {
        let graded = severity.grade(alert)
        let result = try await store.ingest(
            alert, integration: integration, severity: graded, autoResolve: autoResolve, inhibitions: inhibitions)
        if result.outcome == .opened, result.silencedBy == nil, let incidentID = result.incidentID {
            let queued = try await page(incidentID: incidentID, alert: alert, severity: graded, integration: integration, step: 0, previous: nil)
            logger.notice(
                "incident opened", metadata: ["incident": "\(incidentID)", "severity": "\(graded.rawValue)", "pages": "\(queued)"])
        }
        return result
    }

    /// Pages step `step` of the integration's escalation policy and schedules the next one; returns
    /// how many deliveries were queued. The deliveries go in before the step is recorded: after a
    /// crash in between, the step is paged again with the same keys, which the queue keeps once.
    @discardableResult
    public func page(
        incidentID: String, alert: IncomingAlert, severity: Severity, integration: Integration, step index: Int, previous: Int?
    ) async throws -> Int {
        guard let policy = integration.effectiveEscalation, let step = policy.step(at: index) else {
            if try await store.advanceEscalation(incidentID: incidentID, from: previous, to: index, nextAt: nil), previous != nil {
                try await store.recordIncidentEvent(
                    incidentID: incidentID, kind: "escalation_exhausted", actor: "herald", detail: "every step paged; nobody acknowledged")
            }
            return 0
        }
        let at = now()
        let members: [Contact]
        let audience: String
        switch step.target {
        case .group(let group):
            members = try await store.members(ofGroup: group)
            audience = group
        case .contact(let id):
            members = try await [store.contact(id: id)].filter { $0.consent == .granted }
            audience = id
        case .schedule(let id):
            let schedule = try await store.schedule(id: id)
            let person = schedule.onCall(at: at)
            if let person { members = try await [store.contact(id: person)].filter { $0.consent == .granted } } else { members = [] }
            audience = "\(schedule.name) (\(person ?? "nobody on call"))"
        }
        let links = try await self.links?.links()
        var deliveries: [NewDelivery] = []
        for contact in members {
            let page = IncidentPage(
                incidentID: incidentID, alert: alert, severity: severity, integration: integration.name, language: contact.language,
                respondURL: links?.url(incidentID: incidentID, contactID: contact.id, now: at))
            for planned in planner.plan(contact, severity: severity, now: at) {
                deliveries.append(NewDelivery(
                    idempotencyKey: "incident:\(incidentID):step-\(index):\(contact.id):\(planned.channel.rawValue)", channel: planned.channel,
                    address: planned.address, severity: severity, subject: page.subject, body: page.text(for: planned.channel),
                    contactID: contact.id, notBefore: planned.notBefore))
            }
        }
        let queued = try await store.enqueue(deliveries)
        // After the last step the policy still waits its time, then records that it ran out.
        let next = at.addingTimeInterval(TimeInterval(step.waitMinutes * 60))
        guard try await store.advanceEscalation(incidentID: incidentID, from: previous, to: index, nextAt: next) else { return queued }
        try await store.recordIncidentEvent(
            incidentID: incidentID, kind: index == 0 ? "page_queued" : "escalated", actor: "herald",
            detail: "step \(index + 1): \(queued) messages to \(members.count) people in \(audience)")
        return queued
    }
}

/// The first page about an incident, short enough for SMS and plain enough to read aloud.
struct IncidentPage {
    let incidentID: String
    let alert: IncomingAlert
    let severity: Severity
    let integration: String
    let language: Language
    /// The signed link that acknowledges or resolves from the message itself.
    let respondURL: String?

    var label: String {
        switch (severity, language) {
        case (.high, .zhCN): "【紧急】"
        case (.medium, .zhCN): "【告警】"
        case (.low, .zhCN): "【提示】"
        case (.high, .en): "[URGENT] "
        case (.medium, .en): "[ALERT] "
        case (.low, .en): "[NOTICE] "
        }
    }

    var subject: String { label + alert.summary }

    func text(for channel: ChannelKind) -> String {
        let source = alert.source.map { language == .zhCN ? "来源：\($0)" : "Source: \($0)" }
        let incident = language == .zhCN ? "事件编号：\(incidentID)（\(integration)）" : "Incident \(incidentID) (\(integration))"
        let respond = respondURL.map { language == .zhCN ? "确认或解决：\($0)" : "Acknowledge or resolve: \($0)" }
        switch channel {
        case .voice:
            return [subject, source, incident].compactMap { $0 }.joined(separator: language == .zhCN ? "；" : ". ")
        case .sms:
            return [subject, incident, respond].compactMap { $0 }.joined(separator: language == .zhCN ? "；" : ". ")
        case .webhook:
            let object: [String: Any] = [
                "event": "incident.opened", "incident_id": incidentID, "severity": severity.rawValue, "summary": alert.summary,
                "source": alert.source ?? NSNull(), "labels": alert.labels, "integration": integration,
                "respond_url": respondURL ?? NSNull(),
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        default:
            let links = alert.links.map { "- \($0)" }
            return ([subject, "", source, incident, respond] + (links.isEmpty ? [] : [""] + links)).compactMap { $0 }.joined(separator: "\n")
        }
    }
}
