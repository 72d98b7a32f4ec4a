import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Updating and deleting contacts, teams, schedules, integrations and silences, and the audit
    /// log of those changes. PATCH bodies are JSON Merge Patches (RFC 7396): a field left out stays,
    /// null clears it; the result is checked as a new record would be.
    mutating func addRecordRoutes(store: Store) {
        let body = self.body
        on(.patch, "/contacts/{id}", role: .admin) { request, context in
            let current = try await store.contact(id: try context.id())
            let contact = try ContactBody.patched(current, with: try await body.read(request))
            return JSONResponse(ContactDocument(contact: try await store.updateContact(contact, actor: context.actor)))
        }
        on(.delete, "/contacts/{id}", role: .admin) { _, context in
            let id = try context.id()
            let erasure = try await store.deleteContact(id: id, actor: context.actor)
            return JSONResponse(ContactErasureDocument(id: id, erasure: erasure))
        }
        on(.delete, "/teams/{id}", role: .admin) { _, context in
            try await store.deleteTeam(id: try context.id(), actor: context.actor)
            return HTTPResponse.Status.noContent
        }
        on(.patch, "/schedules/{id}", role: .admin) { request, context in
            let current = try await store.schedule(id: try context.id())
            let schedule = try ScheduleBody.patched(current, with: try await body.read(request), now: store.now())
            return JSONResponse(ScheduleDocument(try await store.updateSchedule(schedule, actor: context.actor), now: store.now()))
        }
        on(.delete, "/schedules/{id}", role: .admin) { _, context in
            try await store.deleteSchedule(id: try context.id(), actor: context.actor)
            return HTTPResponse.Status.noContent
        }
        on(.patch, "/integrations/{id}", role: .admin) { request, context in
            let current = try await store.integration(id: try context.id())
            let integration = try await Self.patchedIntegration(current, with: try await body.read(request), store: store)
            return JSONResponse(IntegrationDocument(try await store.updateIntegration(integration, actor: context.actor)))
        }
        on(.delete, "/integrations/{id}", role: .admin) { _, context in
            try await store.deleteIntegration(id: try context.id(), actor: context.actor)
            return HTTPResponse.Status.noContent
        }
        on(.patch, "/silences/{id}", role: .responder) { request, context in
            let current = try await store.silence(id: try context.id())
            let patch = try await body.read(request)
            if let id = patch.members["id"], id != .string(current.id) { throw Problem.invalid([FieldError("id", "cannot be changed")]) }
            var silence = try Self.silence(Self.document(current).merged(with: patch), actor: current.createdBy, now: store.now())
            silence.id = current.id
            return JSONResponse(SilenceDocument(try await store.updateSilence(silence, actor: context.actor)))
        }
        on(.get, "/audit-events", role: .admin) { request, _ in
            JSONResponse(ListPage("audit_events", try await store.auditEvents(page: try request.pageRequest()).map(AuditEventDocument.init)))
        }
    }

    /// A silence as the body that would create it.
    static func document(_ silence: Silence) -> JSONValue {
        .object([
            "matchers": .array(silence.matchers.map {
                .object(["name": .string($0.name), "value": .string($0.value), "is_regex": .bool($0.isRegex), "is_equal": .bool($0.isEqual)])
            }),
            "starts_at": .string(RFC3339.write(silence.startsAt)), "ends_at": .string(RFC3339.write(silence.endsAt)),
            "comment": .string(silence.comment),
        ])
    }

    /// An integration's settings merged with a PATCH and checked as POST checks them; its kind and
    /// key stay (a key is for one format: make a new integration for another).
    static func patchedIntegration(_ current: Integration, with patch: JSONValue, store: Store) async throws -> Integration {
        var document: [String: JSONValue] = [
            "name": .string(current.name), "group_by": .array(current.grouping.groupBy.map(JSONValue.string)),
            "group_wait_seconds": .integer(Int64(current.grouping.groupWait)),
            "group_interval_seconds": .integer(Int64(current.grouping.groupInterval)),
        ]
        if let group = current.notifyGroup { document["notify_group"] = .string(group) }
        if let secret = current.signingSecret { document["signing_secret"] = .string(secret) }
        if let escalation = current.escalation { document["escalation"] = Self.document(escalation) }
        var reader = ObjectReader(JSONValue.object(document).merged(with: patch))
        for fixed in ["id", "kind", "key", "key_hint", "created_at"] where patch.members[fixed] != nil {
            reader.add([FieldError(fixed, fixed == "kind" ? "cannot be changed: a key is for one format; make a new integration" : "cannot be changed")])
            _ = reader.raw(fixed)
        }
        let fields = try await IntegrationBody.read(&reader, format: IngestFormats.named(current.kind), store: store)
        try reader.finish()
        var integration = current
        integration.name = fields.name ?? current.name
        integration.grouping = fields.grouping
        integration.notifyGroup = fields.notifyGroup
        integration.signingSecret = fields.signingSecret
        integration.escalation = fields.escalation
        return integration
    }

    /// An escalation policy as a body gives it.
    static func document(_ policy: EscalationPolicy) -> JSONValue {
        .object([
            "repeats": .integer(Int64(policy.repeats)),
            "steps": .array(policy.steps.map { step in
                let target: (String, String) =
                    switch step.target {
                    case .group(let group): ("group", group)
                    case .contact(let contact): ("contact", contact)
                    case .schedule(let schedule): ("schedule", schedule)
                    }
                return .object([target.0: .string(target.1), "wait_minutes": .integer(Int64(step.waitMinutes))])
            }),
        ])
    }
}

struct ContactErasureDocument: Encodable, Sendable {
    var deleted: String
    var deliveries_erased: Int
    var deliveries_withdrawn: Int

    init(id: String, erasure: Store.ContactErasure) {
        deleted = id
        deliveries_erased = erasure.deliveries
        deliveries_withdrawn = erasure.withdrawn
    }
}

struct AuditEventDocument: Encodable, Sendable {
    var id: Int64
    var sequence: Int64
    var at: Date
    var actor: String
    @Nullable var role: String?
    @Nullable var client: String?
    var action: String
    var record_kind: String
    var record_id: String
    var change: [String: Change]
    @Nullable var detail: String?
    var previous_hash: String
    var hash: String

    struct Change: Encodable, Sendable {
        var before: JSONValue
        var after: JSONValue
    }

    init(_ event: AuditEvent) {
        let entry = event.entry
        id = event.id
        sequence = entry.sequence
        at = entry.at
        actor = entry.actor
        role = entry.role
        client = entry.client
        action = entry.action
        record_kind = entry.targetKind
        record_id = entry.targetID
        change = entry.change.fields.mapValues { Change(before: $0.before ?? .null, after: $0.after ?? .null) }
        detail = entry.detail
        previous_hash = entry.previousHash
        hash = entry.hash
    }
}
