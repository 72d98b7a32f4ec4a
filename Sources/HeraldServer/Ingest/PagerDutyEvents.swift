import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// PagerDuty Events API v2 at PagerDuty's own path, so existing PagerDuty clients work by changing
/// only the base URL: the event's `routing_key` is the integration key, and every answer is
/// PagerDuty's, errors in PagerDuty's words.
struct PagerDutyEvents: IngestFormat {
    static let severities = ["critical", "error", "warning", "info"]

    let kind = Integration.Kind.pagerduty
    let path = "/v2/enqueue"
    let key = IngestKey.body

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        guard case .object(let object) = payload else { throw ValidationFailure([FieldError("body", "must be a JSON object")]) }
        var errors: [FieldError] = []
        func string(_ key: String, in object: [String: JSONValue], path: String = "") -> String? {
            switch object[key] {
            case .string(let text)?: return text
            case nil, .null?: return nil
            default:
                errors.append(FieldError(path + key, "must be a string"))
                return nil
            }
        }
        let routingKey = string("routing_key", in: object)
        if routingKey == nil { errors.append(FieldError("routing_key", "is missing")) } else if routingKey!.count != 32 {
            errors.append(FieldError("routing_key", "must be 32 characters"))
        }
        let actionText = string("event_action", in: object)
        let action = actionText.flatMap(IncomingAlert.Action.init(rawValue:))
        if actionText == nil { errors.append(FieldError("event_action", "is missing")) } else if action == nil {
            errors.append(FieldError("event_action", "must be one of trigger, acknowledge, resolve"))
        }
        var dedupKey = string("dedup_key", in: object)
        if let key = dedupKey, key.count > 255 { errors.append(FieldError("dedup_key", "must be at most 255 characters")) }
        if dedupKey == nil, action == .acknowledge || action == .resolve { errors.append(FieldError("dedup_key", "is required to \(actionText!)")) }

        var summary = "", source: String?, severity: String?, occurredAt = now
        var labels: [String: String] = [:], annotations: [String: String] = [:], links: [String] = []
        if action == .trigger {
            switch object["payload"] {
            case .object(let payload)?:
                summary = string("summary", in: payload, path: "payload.") ?? ""
                if payload["summary"] == nil { errors.append(FieldError("payload.summary", "is missing")) }
                if summary.count > 1024 { errors.append(FieldError("payload.summary", "must be at most 1024 characters")) }
                source = string("source", in: payload, path: "payload.")
                if payload["source"] == nil { errors.append(FieldError("payload.source", "is missing")) }
                severity = string("severity", in: payload, path: "payload.")
                if payload["severity"] == nil { errors.append(FieldError("payload.severity", "is missing")) } else if let severity, !Self.severities.contains(severity) {
                    errors.append(FieldError("payload.severity", "must be one of critical, error, warning, info"))
                }
                if let stamp = string("timestamp", in: payload, path: "payload.") {
                    if let date = ISO8601DateFormatter.parse(stamp) { occurredAt = date } else { errors.append(FieldError("payload.timestamp", "must be ISO 8601")) }
                }
                for key in ["component", "group", "class"] { if let value = string(key, in: payload, path: "payload.") { labels[key] = value } }
                switch payload["custom_details"] {
                case .object(let details)?: for (key, value) in details { annotations[key] = value.plainText }
                case nil, .null?: break
                case let other?: annotations["details"] = other.plainText
                }
            case nil, .null?:
                errors.append(FieldError("payload", "is missing"))
            default:
                errors.append(FieldError("payload", "must be an object"))
            }
            if case .array(let items)? = object["links"] {
                for (index, item) in items.enumerated() {
                    if case .object(let link) = item, case .string(let href)? = link["href"] { links.append(href) } else {
                        errors.append(FieldError("links[\(index)].href", "is missing"))
                    }
                }
            }
            if case .array(let items)? = object["images"] {
                for (index, item) in items.enumerated() {
                    guard case .object(let image) = item, case .string(let src)? = image["src"] else {
                        errors.append(FieldError("images[\(index)].src", "is missing"))
                        continue
                    }
                    if !src.lowercased().hasPrefix("https://") { errors.append(FieldError("images[\(index)].src", "must be an https URL")) }
                }
            }
            if let client = string("client_url", in: object) { links.append(client) }
        }
        guard errors.isEmpty, let action else { throw ValidationFailure(errors) }
        // PagerDuty makes up a key when the event has none, and answers with it.
        if dedupKey == nil { dedupKey = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }
        let alert = IncomingAlert(
            action: action, dedupKey: dedupKey!, summary: summary, source: source, sourceSeverity: severity, labels: labels,
            annotations: annotations, links: links, occurredAt: occurredAt)
        return IngestBatch(alerts: [alert], key: routingKey)
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator {
        PagerDutyReply.accepted(dedupKey: results.first?.dedupKey ?? "")
    }

    func invalid(_ errors: [FieldError]) -> any ResponseGenerator {
        // PagerDuty names a field in quotes and calls the whole body the event object.
        PagerDutyReply.invalid(errors.map { $0.field == "body" ? "Event object \($0.reason)" : "'\($0.field)' \($0.reason)" })
    }

    func unknownKey() -> any ResponseGenerator {
        invalid([FieldError("routing_key", "does not belong to a PagerDuty integration")])
    }

    func throttled() -> any ResponseGenerator { PagerDutyReply.throttled() }
}

/// PagerDuty's response shapes.
enum PagerDutyReply {
    struct Body: Encodable {
        var status: String
        var message: String
        var dedup_key: String?
        var errors: [String]?
    }

    static func accepted(dedupKey: String) -> Response {
        respond(.accepted, Body(status: "success", message: "Event processed", dedup_key: dedupKey, errors: nil))
    }

    /// 400: PagerDuty clients must not retry it.
    static func invalid(_ errors: [String]) -> Response {
        respond(.badRequest, Body(status: "invalid event", message: "Event object is invalid", dedup_key: nil, errors: errors))
    }

    static func throttled() -> Response {
        var response = respond(.tooManyRequests, Body(status: "throttle event", message: "Requests for this service are arriving too quickly. Please retry later.", dedup_key: nil, errors: nil))
        response.headers[.retryAfter] = "60"
        return response
    }

    static func respond(_ status: HTTPResponse.Status, _ body: Body) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}

extension JSONValue {
    /// A value as an operator would want to read it in a page or the timeline.
    var plainText: String {
        switch self {
        case .string(let text): return text
        case .null: return "null"
        case .bool(let value): return String(value)
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .array, .object:
            let data = (try? JSONEncoder().encode(self)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
