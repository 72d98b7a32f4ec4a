import Foundation
import HeraldCore
import HeraldStore

extension AlertPipeline {
    /// What a storm's periodic look did.
    public enum StormOutcome: Sendable, Equatable {
        case nothing
        /// A digest of `joined` alerts went out in `queued` messages.
        case digest(joined: Int, queued: Int)
        /// The storm ended and its people were told in `queued` messages.
        case ended(queued: Int)
    }

    /// Looks at one storm in progress: Core decides whether a digest is due or the storm is over,
    /// and its people are told. Messages are queued before the storm's record moves on, with keys
    /// made from the digest's number, so a node that crashed in between, or two nodes at once,
    /// queue each message once.
    @discardableResult
    public func tickStorm(_ record: StormRecord) async throws -> StormOutcome {
        let team = record.team.isEmpty ? nil : record.team
        let policy = storm.policy(for: team)
        let at = now()
        let sinceDigest = try await store.stormJoins(record)
        let inWindow = try await store.stormJoinCount(record, since: at.addingTimeInterval(-(policy?.window ?? 0)))
        let active = ActiveStorm(
            incidentID: record.incidentID, startedAt: record.startedAt, lastDigestAt: record.lastDigestAt, joinedInWindow: inWindow,
            joinedSinceDigest: sinceDigest.count)
        switch StormGuard.tick(active, policy: policy, at: at) {
        case .nothing:
            return .nothing
        case .digest:
            let queued = try await tellStorm(record, kind: .digest, joined: sinceDigest, policy: policy ?? StormPolicy(), key: "digest-\(record.digests + 1)")
            guard try await store.recordStormDigest(record, joined: sinceDigest) else { return .nothing }
            return .digest(joined: sinceDigest.count, queued: queued)
        case .end:
            // Every alert of the storm's incident but the one that began it joined the storm.
            let total = max(try await store.alerts(incidentID: record.incidentID).count - 1, 0)
            let queued = try await tellStorm(
                record, kind: .ended(total: total), joined: sinceDigest, policy: policy ?? StormPolicy(), key: "end")
            let detail = policy.map { "storm over: fewer than \($0.threshold) alerts joined in \(Int($0.window / 60)) min; \(total) joined in all" }
                ?? "storm over: storm mode is off; \(total) alerts joined in all"
            guard try await store.endStorm(record, detail: detail) else { return .nothing }
            return .ended(queued: queued)
        }
    }

    /// Queues a storm message to the people of its incident's current step (the last step once the
    /// policy ran out); calls are left out, as for joined alerts.
    private func tellStorm(_ record: StormRecord, kind: StormMessage.Kind, joined: [StoredAlert], policy: StormPolicy, key: String)
        async throws -> Int
    {
        let incident = try await store.incident(id: record.incidentID)
        let index = try await store.escalationStep(incidentID: incident.id) ?? 0
        let escalation = try await self.policy(for: incident)
        guard let step = escalation?.step(at: max(index, 0)) ?? escalation?.step(at: index - 1) else { return 0 }
        let at = now()
        let (members, _) = try await recipients(of: step, at: at)
        let links = try await self.links?.links()
        let digest = StormDigest.of(joined)
        var deliveries: [NewDelivery] = []
        for contact in members {
            let message = StormMessage(
                kind: kind, incident: incident, team: record.team.isEmpty ? nil : record.team, digest: digest, policy: policy,
                language: contact.language, respondURL: links?.url(incidentID: incident.id, contactID: contact.id, now: at))
            for planned in planner.plan(contact, severity: incident.severity, now: at) where planner.catalogue[planned.channel]?.group != .voice {
                let group = planner.catalogue[planned.channel]?.group
                deliveries.append(NewDelivery(
                    idempotencyKey: "incident:\(incident.id):storm-\(record.id)-\(key):\(contact.id):\(planned.channel.rawValue)",
                    channel: planned.channel, address: planned.address, severity: incident.severity, subject: message.subject,
                    body: message.text(for: group), contactID: contact.id, notBefore: planned.notBefore,
                    actions: group == .im ? message.actions : []))
            }
        }
        return try await store.enqueue(deliveries)
    }
}
