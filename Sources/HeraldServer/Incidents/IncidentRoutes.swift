import Foundation
import HTTPTypes
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Monitoring integrations (each with its own key) and the incidents their alerts open.
    mutating func addIncidentRoutes(store: Store) {
        let body = self.body
        on(.get, "/integrations", role: .admin) { request, _ in
            JSONResponse(ListPage("integrations", try await store.integrations(page: try request.pageRequest()).map(IntegrationDocument.init)))
        }
        on(.post, "/integrations", role: .admin) { request, _ in
            var reader = ObjectReader(try await body.read(request))
            if !reader.contains("kind") { reader.add([FieldError("kind", "is required")]) }
            let format = reader.oneOf("kind", IngestFormats.all.map(\.kind.rawValue)).flatMap { IngestFormats.named(Integration.Kind($0)) }
            let fields = try await IntegrationBody.read(&reader, format: format, store: store)
            try reader.finish()
            guard let name = fields.name, let kind = format?.kind else { throw ValidationFailure(reader.errors) }
            let made = try await store.createIntegration(
                name: name, kind: kind, grouping: fields.grouping, notifyGroup: fields.notifyGroup, signingSecret: fields.signingSecret,
                escalation: fields.escalation)
            return JSONResponse(NewIntegration(integration: IntegrationDocument(made.integration), key: made.key), status: .created)
        }
        on(.get, "/incidents", role: .viewer) { request, _ in
            let state = request.uri.queryParameters.get("state")
            guard state == nil || state == "open" || state == "all" else {
                throw Problem.invalid([FieldError("state", "must be open or all")])
            }
            let incidents = try await store.incidents(includeResolved: state != "open", page: try request.pageRequest())
            return JSONResponse(ListPage("incidents", incidents.map(IncidentDocument.init)))
        }
        on(.get, "/incidents/{id}", role: .viewer) { _, context in
            let id = try context.id()
            let incident = try await store.incident(id: id)
            return JSONResponse(IncidentDetail(incident: IncidentDocument(incident), alerts: try await store.alerts(incidentID: id).map(AlertDocument.init)))
        }
        on(.get, "/incidents/{id}/timeline", role: .viewer) { _, context in
            let id = try context.id()
            _ = try await store.incident(id: id)
            return JSONResponse(IncidentTimeline(events: try await store.incidentEvents(incidentID: id).map(IncidentEventDocument.init)))
        }
        on(.get, "/incidents/{id}/stream", role: .viewer) { request, context in
            let id = try context.id()
            _ = try await store.incident(id: id)
            let last = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap(Int64.init)
            return IncidentStream.response(store: store, incidentID: id, lastEventID: last)
        }
        on(.post, "/incidents/{id}/acknowledge", role: .responder) { _, context in
            JSONResponse(IncidentDocument(try await store.acknowledgeIncident(id: try context.id(), actor: context.actor)))
        }
        on(.post, "/incidents/{id}/severity", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            if !reader.contains("severity") { reader.add([FieldError("severity", "is required")]) }
            let severity = reader.enumeration("severity", as: Severity.self)
            try reader.finish()
            guard let severity else { throw ValidationFailure(reader.errors) }
            return JSONResponse(IncidentDocument(try await store.changeIncidentSeverity(id: try context.id(), to: severity, actor: context.actor)))
        }
        on(.post, "/incidents/{id}/reassign", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let team = reader.requiredString("team")
            try reader.finish()
            guard let team else { throw ValidationFailure(reader.errors) }
            guard (try? await store.team(id: team)) != nil else { throw Problem.invalid([FieldError("team", "no team with id '\(team)'")]) }
            return JSONResponse(IncidentDocument(try await store.reassignIncident(id: try context.id(), to: team, actor: context.actor)))
        }
        on(.post, "/incidents/{id}/updates", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let message = reader.requiredString("message")
            if let message { reader.add(Validate.text(message, field: "message", maximum: IncidentEvent.longestUpdate)) }
            let translations = reader.languageTexts("translations", maximum: IncidentEvent.longestUpdate, multiline: false)
            let status = reader.enumeration("status", as: IncidentStatus.self)
            let title = reader.string("title")
            if let title { reader.add(Validate.text(title, field: "title", maximum: 255)) }
            let impact = reader.enumeration("impact", as: IncidentImpact.self)
            var isPublic = false
            switch reader.raw("public") {
            case nil, .null?: break
            case .bool(let value)?: isPublic = value
            case let other?: reader.add([FieldError("public", "must be true or false, got \(other.typeName)")])
            }
            try reader.finish()
            guard let message else { throw ValidationFailure(reader.errors) }
            let incident = try await store.postIncidentUpdate(
                id: try context.id(), status: status, message: message, isPublic: isPublic, actor: context.actor, title: title, impact: impact,
                translations: translations)
            return JSONResponse(IncidentDocument(incident), status: .created)
        }
    }
}

extension AdminAPI {
    /// Reads an escalation and checks that every contact, group and schedule it names exists.
    static func escalation(_ value: JSONValue, into reader: inout ObjectReader, store: Store) async throws -> EscalationPolicy? {
        guard let policy = EscalationPolicy.read(value, into: &reader) else { return nil }
        reader.add(policy.problems(known: try await store.escalationTargets()))
        return policy
    }
}

struct IntegrationDocument: Encodable, Sendable {
    var id: String
    var name: String
    var kind: String
    var group_by: [String]
    var group_wait_seconds: Int
    var group_interval_seconds: Int
    var notify_group: String?
    var key_hint: String
    var signed: Bool
    var escalation: EscalationDocument?
    var created_at: Date

    init(_ integration: Integration) {
        id = integration.id
        name = integration.name
        kind = integration.kind.rawValue
        group_by = integration.grouping.groupBy
        group_wait_seconds = integration.grouping.groupWait
        group_interval_seconds = integration.grouping.groupInterval
        notify_group = integration.notifyGroup
        key_hint = integration.keyHint
        signed = integration.signingSecret != nil
        escalation = integration.escalation.map(EscalationDocument.init)
        created_at = integration.createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, group_by, group_wait_seconds, group_interval_seconds, notify_group, key_hint, signed, escalation, created_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(group_by, forKey: .group_by)
        try container.encode(group_wait_seconds, forKey: .group_wait_seconds)
        try container.encode(group_interval_seconds, forKey: .group_interval_seconds)
        try container.encode(notify_group, forKey: .notify_group)
        try container.encode(key_hint, forKey: .key_hint)
        try container.encode(signed, forKey: .signed)
        try container.encode(escalation, forKey: .escalation)
        try container.encode(created_at, forKey: .created_at)
    }
}


/// An escalation policy as the API writes it back.
struct EscalationDocument: Encodable, Sendable {
    struct Step: Encodable, Sendable {
        var group: String?
        var contact: String?
        var schedule: String?
        var wait_minutes: Int
    }

    var steps: [Step]
    var repeats: Int

    init(_ policy: EscalationPolicy) {
        steps = policy.steps.map { step in
            switch step.target {
            case .group(let group): Step(group: group, contact: nil, schedule: nil, wait_minutes: step.waitMinutes)
            case .contact(let contact): Step(group: nil, contact: contact, schedule: nil, wait_minutes: step.waitMinutes)
            case .schedule(let schedule): Step(group: nil, contact: nil, schedule: schedule, wait_minutes: step.waitMinutes)
            }
        }
        repeats = policy.repeats
    }
}

/// The only response that carries an integration's key.
struct NewIntegration: Encodable, Sendable {
    var integration: IntegrationDocument
    var key: String
}

struct IncidentDocument: Encodable, Sendable {
    let incident: Incident

    init(_ incident: Incident) { self.incident = incident }

    enum Keys: String, CodingKey {
        case id, title, status, severity, impact, components
        case integrationID = "integration_id", createdAt = "created_at", acknowledgedAt = "acknowledged_at"
        case acknowledgedBy = "acknowledged_by", resolvedAt = "resolved_at", team, runbookURL = "runbook_url", kind
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(incident.id, forKey: .id)
        try container.encode(incident.title, forKey: .title)
        try container.encode(incident.status, forKey: .status)
        try container.encode(incident.severity, forKey: .severity)
        try container.encode(incident.impact, forKey: .impact)
        try container.encode(incident.components, forKey: .components)
        try container.encode(incident.integrationID, forKey: .integrationID)
        try container.encode(incident.createdAt, forKey: .createdAt)
        try container.encode(incident.acknowledgedAt, forKey: .acknowledgedAt)
        try container.encode(incident.acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(incident.resolvedAt, forKey: .resolvedAt)
        try container.encode(incident.teamID, forKey: .team)
        try container.encode(incident.runbookURL, forKey: .runbookURL)
        try container.encode(incident.kind, forKey: .kind)
    }
}


struct AlertDocument: Encodable, Sendable {
    var id: Int64
    var dedup_key: String
    var status: String
    var severity: String
    var summary: String
    @Nullable var source: String?
    var labels: [String: String]
    var events: Int
    var first_at: Date
    var last_at: Date
    @Nullable var resolved_at: Date?

    init(_ alert: StoredAlert) {
        id = alert.id
        dedup_key = alert.dedupKey
        status = alert.status.rawValue
        severity = alert.severity.rawValue
        summary = alert.summary
        source = alert.source
        labels = alert.labels
        events = alert.events
        first_at = alert.firstAt
        last_at = alert.lastAt
        resolved_at = alert.resolvedAt
    }
}

struct IncidentDetail: Encodable, Sendable {
    var incident: IncidentDocument
    var alerts: [AlertDocument]
}

struct IncidentEventDocument: Encodable, Sendable {
    var id: Int64
    var kind: String
    var actor: String
    @Nullable var detail: String?
    /// The detail in other languages, keyed by language tag; empty when written in one.
    var translations: [String: String]
    var `public`: Bool
    var at: Date

    init(_ event: IncidentEvent) {
        id = event.id
        kind = event.kind.rawValue
        actor = event.actor
        detail = event.detail
        translations = Dictionary(uniqueKeysWithValues: event.translations.map { ($0.key.rawValue, $0.value) })
        self.public = event.isPublic
        at = event.at
    }
}

struct IncidentTimeline: Encodable, Sendable { var events: [IncidentEventDocument] }
