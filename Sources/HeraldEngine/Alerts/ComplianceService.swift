import Foundation
import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle

/// What the clock watcher reads and writes: every classification with the clock keys claimed for
/// it, the incident it belongs to, and the claim of one reminder or miss.
public protocol ComplianceRecords: Sendable {
    func waitForSchema() async
    func clockFacts() async throws -> [(Classification, Set<String>)]
    func incident(id: String) async throws -> Incident
    func claimClockEvent(_ claim: ClockClaim, actor: String) async throws -> Bool
}

extension Store: ComplianceRecords {}

/// Watches the regulatory clocks: sends each reminder once at its point, to the incident's team and
/// the compliance group on high-severity channels, and when a deadline passes without a filing,
/// raises the incident's severity and pages them again. `ClockWatch` decides what is due; every
/// reminder and miss is on the timeline. Several nodes may run it: a reminder's deliveries carry
/// keys the queue keeps once, and its claim is a row with a unique key, written with its timeline
/// line in one transaction, so one node records it.
public struct ComplianceService: Service {
    let store: any ComplianceRecords
    let pipeline: AlertPipeline
    let policy: CompliancePolicy
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any ComplianceRecords, pipeline: AlertPipeline, policy: CompliancePolicy, interval: Duration = .seconds(15),
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.policy = policy
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicPass.run(every: interval, after: { [store] in await store.waitForSchema() }) { await self.tick() }
    }

    /// Sends what is due; returns how many reminders and misses this pass recorded.
    @discardableResult
    public func tick() async -> Int {
        var recorded = 0
        do {
            let at = now()
            for (classification, sent) in try await store.clockFacts() {
                guard let regime = policy.regime(classification.regimeID) else { continue }
                let facts = ClockFacts(
                    classification: classification.id, regime: regime, awareness: classification.awareness, filed: classification.firstFilings, sent: sent)
                for action in ClockWatch.due(facts, points: policy.reminderPoints, zone: policy.zone, at: at) {
                    if try await send(action, classification: classification, regime: regime, at: at) { recorded += 1 }
                }
            }
        } catch where error is CancellationError || Task.isCancelled {
            // Shutting down: a query cut short is not a failure.
        } catch {
            logger.error("watching regulatory clocks failed; retrying", metadata: ["error": "\(error)"])
        }
        return recorded
    }

    func send(_ action: ClockAction, classification: Classification, regime: RegulatoryRegime, at: Date) async throws -> Bool {
        let incident = try await store.incident(id: classification.incidentID)
        let claim: ClockClaim
        let event: (TimeZone) -> ComplianceWords.Event
        let title: Phrase
        switch action {
        case .remind(let step, _, let deadline, let key):
            let name = regime.steps.first { $0.id == step }?.name ?? LocalizedText(en: step)
            event = { _ in .reminder(regime: regime.name, step: name, deadline: deadline, left: deadline.timeIntervalSince(at)) }
            title = .complianceReminderTitle
            claim = ClockClaim(
                key: key, classification: classification.id, step: step, kind: "reminder", deadline: deadline,
                timeline: ComplianceWords.timeline(event(policy.zone), zone: policy.zone))
        case .missed(let step, let deadline, let key):
            let name = regime.steps.first { $0.id == step }?.name ?? LocalizedText(en: step)
            event = { _ in .missed(regime: regime.name, step: name, deadline: deadline) }
            title = .complianceMissedTitle
            claim = ClockClaim(
                key: key, classification: classification.id, step: step, kind: "missed", deadline: deadline,
                timeline: ComplianceWords.timeline(event(policy.zone), zone: policy.zone), raiseTo: .high)
        }
        let step = regime.steps.first { $0.id == claim.step }
        // The deliveries first (their keys are kept once), then the claim: after a crash in between
        // the next pass queues the same keys again and claims.
        let queued = try await pipeline.pageAboutClock(
            incident: incident, key: claim.key, group: policy.group,
            facts: [
                "event": "compliance.\(claim.kind)", "regime": regime.id, "step": claim.step, "deadline": RFC3339.write(claim.deadline),
            ],
            subject: { language, zone in
                language.text(title, ["regime": regime.name(language), "step": step?.name(language) ?? claim.step, "deadline": HeartbeatWords.time(claim.deadline, zone)])
            },
            text: { language, zone in ComplianceWords.timeline(event(zone), zone: zone)[language] ?? "" })
        guard try await store.claimClockEvent(claim, actor: "herald") else { return false }
        logger.notice(
            claim.kind == "missed" ? "regulatory deadline missed" : "regulatory reminder sent",
            metadata: ["incident": "\(incident.id)", "regime": "\(regime.id)", "step": "\(claim.step)", "pages": "\(queued)"])
        return true
    }
}

extension AlertPipeline {
    /// Pages the people of the incident's first escalation step and the members of `group` about
    /// one regulatory clock event, on high-severity channels, each in their language and zone.
    /// Returns how many deliveries were queued.
    /// A webhook gets JSON: `facts` with the incident's id, the subject and the text.
    public func pageAboutClock(
        incident: Incident, key: String, group: String?, facts: [String: String], subject: (Language, TimeZone) -> String,
        text: (Language, TimeZone) -> String
    ) async throws -> Int {
        let at = now()
        var people: [Contact] = []
        if let step = try await policy(for: incident)?.step(at: 0) { people += try await recipients(of: step, at: at).0 }
        if let group { people += try await store.members(ofGroup: group) }
        var seen = Set<String>()
        var deliveries: [NewDelivery] = []
        for contact in people where seen.insert(contact.id).inserted {
            let zone = ReadableTime.zone(contact.timeZone)
            let title = subject(contact.language, zone)
            let words = text(contact.language, zone)
            for planned in planner.plan(contact, severity: .high, now: at) {
                var body = words
                if planner.catalogue[planned.channel]?.group == .webhook {
                    var object = facts
                    object["incident_id"] = incident.id
                    object["severity"] = Severity.high.rawValue
                    object["summary"] = title
                    object["text"] = words
                    body = String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
                }
                deliveries.append(NewDelivery(
                    idempotencyKey: "incident:\(incident.id):\(key):\(contact.id):\(planned.channel.rawValue)", channel: planned.channel,
                    address: planned.address, severity: .high, subject: title, body: body, contactID: contact.id, notBefore: planned.notBefore))
            }
        }
        return try await store.enqueue(deliveries)
    }
}
