import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Nightingale (夜莺, n9e) v6+ alert events, as its global webhooks and rule callbacks post them: one
/// `AlertCurEvent` object, or an array of them (v7 with `WebhookBatchSend`, v8's Callback channel).
/// The key comes as `Authorization: Bearer KEY` (a custom header), `?key=KEY`, or the password of
/// the webhook's basic auth; rule callbacks, which send no headers, can only use `?key=`.
///
/// `hash` is the alert's identity across firing and recovery (`id` changes); `is_recovered`
/// resolves. Severity 1 (Emergency), 2 (Warning) and 3 (Notice) are graded as the words critical,
/// warning and info, which `alerts.severity_map` may regrade.
struct NightingaleEvents: IngestFormat {
    static let severityWords = [1: "critical", 2: "warning", 3: "info"]

    let kind = Integration.Kind("nightingale")
    let path = "/api/v1/ingest/nightingale"
    let key: IngestKey = [.bearer, .query, .basicPassword]
    // As Alertmanager groups by alertname: the hosts one rule fires for share an incident.
    let groupBy = ["rule_name"]

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        var errors: [FieldError] = []
        var alerts: [IncomingAlert] = []
        switch payload {
        case .object:
            if let alert = Self.event(payload, prefix: "", errors: &errors) { alerts.append(alert) }
        case .array(let events):
            for (index, event) in events.enumerated() {
                if let alert = Self.event(event, prefix: "[\(index)].", errors: &errors) { alerts.append(alert) }
            }
        default:
            errors.append(FieldError("body", "must be an event object or an array of them"))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return IngestBatch(alerts: alerts)
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator { BatchReply(results) }

    /// One event in Herald's words; nil, with its problems added to `errors`, when it has any.
    static func event(_ value: JSONValue, prefix: String, errors: inout [FieldError]) -> IncomingAlert? {
        guard case .object = value else {
            errors.append(FieldError(String(prefix.dropLast()), "must be an event object, got \(value.typeName)"))
            return nil
        }
        var reader = ObjectReader(value, prefix: prefix)
        let hash = reader.requiredString("hash")
        if hash?.isEmpty == true { reader.add([FieldError(reader.path("hash"), "must not be empty")]) }
        let ruleName = reader.requiredString("rule_name")
        let ruleNote = reader.string("rule_note")
        var severity: String?
        if let level = required(&reader, "severity", { $0.integer($1) }) {
            severity = severityWords[level]
            if severity == nil { reader.add([FieldError(reader.path("severity"), "must be 1 (Emergency), 2 (Warning) or 3 (Notice)")]) }
        }
        let recovered = required(&reader, "is_recovered") { reader, key -> Bool? in
            switch reader.raw(key) {
            case .bool(let value)?: return value
            case let other?: reader.add([FieldError(reader.path(key), "must be true or false, got \(other.typeName)")]); return nil
            case nil: return nil
            }
        }
        let triggerTime = required(&reader, "trigger_time", { $0.integer($1) })
        let firstTriggerTime = reader.integer("first_trigger_time")
        let lastEvalTime = reader.integer("last_eval_time")

        var labels: [String: String] = [:]
        for (index, tag) in reader.array("tags").enumerated() {
            guard case .string(let text) = tag else {
                reader.add([FieldError(reader.path("tags[\(index)]"), "must be a \"key=value\" string")])
                continue
            }
            // An event without tags carries one empty string.
            if text.isEmpty { continue }
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                reader.add([FieldError(reader.path("tags[\(index)]"), "must be a \"key=value\" string, got '\(text)'")])
                continue
            }
            labels[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        labels.merge(strings(&reader, "tags_map")) { _, mapped in mapped }
        var annotations = strings(&reader, "annotations")
        let target = reader.string("target_ident").flatMap { $0.isEmpty ? nil : $0 }
        let groupName = reader.string("group_name")
        let cluster = reader.string("cluster")
        let runbook = reader.string("runbook_url")
        let triggerValue = reader.string("trigger_value")
        errors += reader.errors
        guard reader.errors.isEmpty, let hash, let ruleName, let recovered, let triggerTime else { return nil }

        // The event's own fields fill labels its tags do not have: a metric's own `cluster` label wins
        // over the name of the data source, which Nightingale also calls cluster.
        for (name, value) in [("rule_name", ruleName), ("target_ident", target), ("group_name", groupName), ("cluster", cluster)] {
            if let value, !value.isEmpty, labels[name] == nil { labels[name] = value }
        }
        if let ruleNote, !ruleNote.isEmpty { annotations["rule_note"] = ruleNote }
        if let triggerValue, !triggerValue.isEmpty { annotations["trigger_value"] = triggerValue }
        // Firing: when the alert began, as Alertmanager's startsAt. Recovered: when recovery was seen.
        let seconds = recovered ? lastEvalTime ?? triggerTime : firstTriggerTime.flatMap { $0 > 0 ? $0 : nil } ?? triggerTime
        return IncomingAlert(
            action: recovered ? .resolve : .trigger, dedupKey: hash,
            summary: target.map { "\(ruleName): \($0)" } ?? ruleName, source: target, sourceSeverity: severity, labels: labels,
            annotations: annotations, links: [runbook].compactMap { $0 }.filter { !$0.isEmpty },
            occurredAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `read(key)`, reporting the key as required when it is missing or null.
    static func required<Value>(_ reader: inout ObjectReader, _ key: String, _ read: (inout ObjectReader, String) -> Value?) -> Value? {
        if reader.raw(key) == nil || reader.raw(key) == .null {
            reader.add([FieldError(reader.path(key), "is required")])
            return nil
        }
        return read(&reader, key)
    }

    /// An object of strings, such as `tags_map` and `annotations`.
    static func strings(_ reader: inout ObjectReader, _ key: String) -> [String: String] {
        guard case .object(let entries)? = reader.object(key) else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in entries {
            if case .string(let text) = value { result[name] = text } else {
                reader.add([FieldError(reader.path(key) + "." + name, "must be a string")])
            }
        }
        return result
    }
}
