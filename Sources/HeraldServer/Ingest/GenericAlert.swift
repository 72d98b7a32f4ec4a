import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Herald's own alert format, for tools with no PagerDuty or Alertmanager output (a cron job, a script):
///
///     {"action": "trigger" | "acknowledge" | "resolve",   (default trigger)
///      "dedup_key": "…",                                  (required; the same key repeats, acknowledges or resolves)
///      "summary": "…",                                    (required to trigger; at most 1024 characters)
///      "severity": "critical" | "error" | "warning" | "info" | …,
///      "source": "…", "labels": {"name": "value"}, "links": ["https://…"]}
///
/// The key comes as `Authorization: Bearer KEY` or `?key=KEY`.
struct GenericAlert: IngestFormat {
    let kind = Integration.Kind.generic
    let path = "/api/v1/ingest/generic"
    let key: IngestKey = [.bearer, .query]

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        var reader = ObjectReader(payload)
        let action = reader.enumeration("action", as: IncomingAlert.Action.self) ?? .trigger
        let dedupKey = reader.requiredString("dedup_key")
        if let dedupKey, dedupKey.isEmpty || dedupKey.count > 255 { reader.add([FieldError("dedup_key", "must be 1 to 255 characters")]) }
        let summary = reader.string("summary")
        if action == .trigger {
            if summary == nil { reader.add([FieldError("summary", "is required to trigger")]) }
            if let summary { reader.add(Validate.text(summary, field: "summary", maximum: 1024)) }
        }
        let severity = reader.string("severity")
        let source = reader.string("source")
        var labels: [String: String] = [:]
        if let object = reader.object("labels"), case .object(let entries) = object {
            for (name, value) in entries {
                if case .string(let text) = value { labels[name] = text } else { reader.add([FieldError("labels.\(name)", "must be a string")]) }
            }
        }
        let links = reader.array("links").enumerated().compactMap { index, value -> String? in
            if case .string(let text) = value { return text }
            reader.add([FieldError("links[\(index)]", "must be a URL")])
            return nil
        }
        try reader.finish()
        return IngestBatch(alerts: [IncomingAlert(
            action: action, dedupKey: dedupKey ?? "", summary: summary ?? "", source: source, sourceSeverity: severity, labels: labels,
            links: links, occurredAt: now)])
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator {
        let result = results[0]
        return JSONResponse(GenericReply(outcome: result.outcome.rawValue, dedup_key: result.dedupKey, incident_id: result.incidentID), status: .accepted)
    }
}

/// What one event did: `{"outcome":"opened","dedup_key":"…","incident_id":"…"}`.
struct GenericReply: Encodable, Sendable {
    var outcome: String
    var dedup_key: String
    var incident_id: String?
}
