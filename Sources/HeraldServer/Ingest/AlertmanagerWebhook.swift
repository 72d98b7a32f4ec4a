import Crypto
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Prometheus Alertmanager's `webhook_config` payload, version 4, read field by field. The key comes
/// as `http_config.authorization.credentials` (`Authorization: Bearer KEY`) or as `?key=KEY`.
///
/// `notification_reason` (0.32+) and `routeLabels` (0.34+) are accepted and not required, so
/// Debian 12's Alertmanager 0.25 works. A firing alert's `endsAt` is often the zero time.
struct AlertmanagerWebhook: IngestFormat {
    let kind = Integration.Kind.alertmanager
    let path = "/api/v1/ingest/alertmanager"
    let key: IngestKey = [.bearer, .query]

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        IngestBatch(alerts: try Self.read(payload))
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator { BatchReply(results) }

    /// Grafana's webhook is the same shape with version 1 and a few more fields (dashboard and panel links).
    static func read(_ value: JSONValue, version expected: String = "4", sender: String = "Alertmanager") throws(ValidationFailure) -> [IncomingAlert] {
        var reader = ObjectReader(value)
        let version = reader.requiredString("version")
        if let version, version != expected {
            reader.add([FieldError("version", "must be \"\(expected)\" (\(sender)'s webhook format), got \"\(version)\"")])
        }
        for key in ["groupKey", "status", "receiver", "externalURL", "notification_reason"] { _ = reader.string(key) }
        _ = reader.integer("truncatedAlerts")
        for key in ["groupLabels", "commonLabels", "commonAnnotations", "routeLabels"] { _ = reader.object(key) }
        var alerts: [IncomingAlert] = []
        if !reader.contains("alerts") { reader.add([FieldError("alerts", "is required")]) }
        for (index, item) in reader.array("alerts").enumerated() {
            var alert = ObjectReader(item, prefix: "alerts[\(index)].")
            let status = alert.requiredString("status")
            if let status, status != "firing", status != "resolved" {
                alert.add([FieldError("alerts[\(index)].status", "must be firing or resolved")])
            }
            let labels = strings(&alert, "labels", required: true)
            let annotations = strings(&alert, "annotations", required: false)
            var startsAt = Date.distantPast  // only while startsAt is missing, which is reported
            if let text = alert.requiredString("startsAt") {
                if let date = ISO8601DateFormatter.parse(text) { startsAt = date } else {
                    alert.add([FieldError("alerts[\(index)].startsAt", "must be an RFC 3339 time")])
                }
            }
            if let text = alert.string("endsAt"), ISO8601DateFormatter.parse(text) == nil {
                alert.add([FieldError("alerts[\(index)].endsAt", "must be an RFC 3339 time")])
            }
            let generator = alert.string("generatorURL")
            let grafanaLinks = ["dashboardURL", "panelURL"].compactMap { alert.string($0) }
            // Alertmanager's fingerprint identifies the label set; older senders may leave it out.
            let fingerprint = alert.string("fingerprint") ?? fingerprintOf(labels)
            // Fields a newer Alertmanager adds are ignored, not refused: the format is someone else's.
            reader.add(alert.errors)
            let summary = annotations["summary"] ?? annotations["description"] ?? labels["alertname"] ?? "alert \(fingerprint)"
            alerts.append(IncomingAlert(
                action: status == "resolved" ? .resolve : .trigger, dedupKey: fingerprint, summary: summary,
                source: labels["instance"] ?? labels["job"], sourceSeverity: labels["severity"], labels: labels,
                annotations: annotations,
                links: ([generator, annotations["runbook_url"]].compactMap { $0 } + grafanaLinks).filter { !$0.isEmpty },
                occurredAt: startsAt))
        }
        if case .object = value {} else { throw ValidationFailure([FieldError("body", "must be a JSON object")]) }
        if !reader.errors.isEmpty { throw ValidationFailure(reader.errors) }
        return alerts
    }

    static func strings(_ reader: inout ObjectReader, _ key: String, required: Bool) -> [String: String] {
        guard let value = required ? reader.object(key) ?? {
            reader.add([FieldError(reader.path(key), "is required")])
            return nil
        }() : reader.object(key), case .object(let entries) = value else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in entries {
            if case .string(let text) = value { result[name] = text } else {
                reader.add([FieldError(reader.path(key) + "." + name, "must be a string")])
            }
        }
        return result
    }

    /// A stable key for a label set, like Alertmanager's own fingerprint.
    static func fingerprintOf(_ labels: [String: String]) -> String {
        let text = labels.sorted { $0.key < $1.key }.map { "\($0.key)\u{0}\($0.value)" }.joined(separator: "\u{1}")
        return String(SHA256.hash(data: Data(text.utf8)).hexadecimal.prefix(16))
    }
}
