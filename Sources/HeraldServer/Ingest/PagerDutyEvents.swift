import Foundation
import HeraldCore

/// A PagerDuty Events API v2 event read exactly as PagerDuty documents it, or the list of what is
/// wrong with it, in PagerDuty's own words where it has them.
enum PagerDutyEvent {
    static let severities = ["critical", "error", "warning", "info"]

    /// The routing key, and the event in Herald's words.
    static func read(_ value: JSONValue, now: Date) -> (routingKey: String?, alert: IncomingAlert?, errors: [String]) {
        guard case .object(let object) = value else { return (nil, nil, ["Event object must be a JSON object"]) }
        var errors: [String] = []
        func string(_ key: String, in object: [String: JSONValue], path: String = "") -> String? {
            switch object[key] {
            case .string(let text)?: return text
            case nil, .null?: return nil
            default:
                errors.append("'\(path)\(key)' must be a string")
                return nil
            }
        }
        let routingKey = string("routing_key", in: object)
        if routingKey == nil { errors.append("'routing_key' is missing") } else if routingKey!.count != 32 {
            errors.append("'routing_key' must be 32 characters")
        }
        let actionText = string("event_action", in: object)
        let action = actionText.flatMap(IncomingAlert.Action.init(rawValue:))
        if actionText == nil { errors.append("'event_action' is missing") } else if action == nil {
            errors.append("'event_action' must be one of trigger, acknowledge, resolve")
        }
        var dedupKey = string("dedup_key", in: object)
        if let key = dedupKey, key.count > 255 { errors.append("'dedup_key' must be at most 255 characters") }
        if dedupKey == nil, action == .acknowledge || action == .resolve { errors.append("'dedup_key' is required to \(actionText!)") }

        var summary = "", source: String?, severity: String?, occurredAt = now
        var labels: [String: String] = [:], annotations: [String: String] = [:], links: [String] = []
        if action == .trigger {
            switch object["payload"] {
            case .object(let payload)?:
                summary = string("summary", in: payload, path: "payload.") ?? ""
                if payload["summary"] == nil { errors.append("'payload.summary' is missing") }
                if summary.count > 1024 { errors.append("'payload.summary' must be at most 1024 characters") }
                source = string("source", in: payload, path: "payload.")
                if payload["source"] == nil { errors.append("'payload.source' is missing") }
                severity = string("severity", in: payload, path: "payload.")
                if payload["severity"] == nil { errors.append("'payload.severity' is missing") } else if let severity, !severities.contains(severity) {
                    errors.append("'payload.severity' must be one of critical, error, warning, info")
                }
                if let stamp = string("timestamp", in: payload, path: "payload.") {
                    if let date = ISO8601DateFormatter.parse(stamp) { occurredAt = date } else { errors.append("'payload.timestamp' must be ISO 8601") }
                }
                for key in ["component", "group", "class"] { if let value = string(key, in: payload, path: "payload.") { labels[key] = value } }
                switch payload["custom_details"] {
                case .object(let details)?: for (key, value) in details { annotations[key] = value.plainText }
                case nil, .null?: break
                case let other?: annotations["details"] = other.plainText
                }
            case nil, .null?:
                errors.append("'payload' is missing")
            default:
                errors.append("'payload' must be an object")
            }
            if case .array(let items)? = object["links"] {
                for (index, item) in items.enumerated() {
                    if case .object(let link) = item, case .string(let href)? = link["href"] { links.append(href) } else {
                        errors.append("'links[\(index)].href' is missing")
                    }
                }
            }
            if case .array(let items)? = object["images"] {
                for (index, item) in items.enumerated() {
                    guard case .object(let image) = item, case .string(let src)? = image["src"] else {
                        errors.append("'images[\(index)].src' is missing")
                        continue
                    }
                    if !src.lowercased().hasPrefix("https://") { errors.append("'images[\(index)].src' must be an https URL") }
                }
            }
            if let client = string("client_url", in: object) { links.append(client) }
        }
        guard errors.isEmpty, let action else { return (routingKey, nil, errors) }
        if dedupKey == nil { dedupKey = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }
        let alert = IncomingAlert(
            action: action, dedupKey: dedupKey!, summary: summary, source: source, sourceSeverity: severity, labels: labels,
            annotations: annotations, links: links, occurredAt: occurredAt)
        return (routingKey, alert, [])
    }
}

extension ISO8601DateFormatter {
    /// With or without fractional seconds, as monitoring tools write either.
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
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
