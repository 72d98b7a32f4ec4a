import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Uptime Kuma's webhook notification: `{"heartbeat": {…} | null, "monitor": {…} | null, "msg": "…"}`,
/// posted as JSON, as multipart/form-data with the JSON in one field `data`, or (custom body) as a
/// template the user wrote, under whatever content type they set. Uptime Kuma has no authentication
/// of its own: users add an `Authorization: Bearer KEY` header or put `?key=KEY` in the URL.
///
/// A heartbeat with status 0 (down) triggers and 1 (up) resolves, keyed by the monitor; pending (2)
/// and maintenance (3) page nobody. The test notification and messages without a heartbeat
/// (certificate and domain expiry) store nothing; the answer says why.
struct UptimeKumaWebhook: IngestFormat {
    let kind = Integration.Kind("uptime-kuma")
    let path = "/api/v1/ingest/uptime-kuma"
    let key: IngestKey = [.bearer, .query]
    // Monitors are unrelated services: one incident each, unless the integration groups otherwise.
    let groupBy = ["monitor"]

    func payload(of body: IngestBody) throws(ValidationFailure) -> JSONValue {
        guard let boundary = Self.formBoundary(body.headers[.contentType]) else { return try body.json() }
        guard let data = Self.formField("data", in: Array(body.bytes.readableBytesView), boundary: boundary) else {
            throw ValidationFailure([FieldError("data", "is required: the form field Uptime Kuma puts its JSON in")])
        }
        return try IngestBody.json(Data(data))
    }

    func read(_ payload: JSONValue, now: Date) throws(ValidationFailure) -> IngestBatch {
        guard case .object = payload else { throw ValidationFailure([FieldError("body", "must be a JSON object")]) }
        var reader = ObjectReader(payload)
        let message = reader.requiredString("msg")
        let heartbeat = reader.object("heartbeat").map { Heartbeat(reading: $0, into: &reader) }
        let monitor = reader.object("monitor").map { Monitor(reading: $0, into: &reader) }
        if heartbeat != nil, monitor == nil { reader.add([FieldError("monitor", "is required with a heartbeat")]) }
        if !reader.errors.isEmpty { throw ValidationFailure(reader.errors) }

        guard let heartbeat, let monitor else {
            // Uptime Kuma's test button sends "<notification name> Testing" and nothing else.
            if monitor == nil, let message, message.hasSuffix(" Testing") {
                return IngestBatch(alerts: [], ignored: .init(outcome: "test", reason: "Uptime Kuma's test notification arrived; nothing is stored"))
            }
            return IngestBatch(alerts: [], ignored: .init(
                outcome: "ignored", reason: "a message without a heartbeat (such as certificate or domain expiry) is not an alert: \(message ?? "")"))
        }
        switch heartbeat.status {
        case 0, 1: break
        case 2: return IngestBatch(alerts: [], ignored: .init(outcome: "ignored", reason: "a pending heartbeat is not a change of state"))
        default: return IngestBatch(alerts: [], ignored: .init(outcome: "ignored", reason: "a heartbeat in maintenance pages nobody"))
        }
        var labels = monitor.tags
        labels["monitor"] = monitor.name
        if let type = monitor.type { labels["monitor_type"] = type }
        if let url = monitor.url { labels["url"] = url }
        if let hostname = monitor.hostname { labels["hostname"] = hostname }
        var annotations: [String: String] = [:]
        if let message { annotations["message"] = message }
        let alert = IncomingAlert(
            action: heartbeat.status == 0 ? .trigger : .resolve, dedupKey: "uptime-kuma:\(monitor.id)",
            summary: "\(monitor.name): \(heartbeat.message ?? (heartbeat.status == 0 ? "down" : "up"))", source: monitor.hostname ?? monitor.url,
            labels: labels, annotations: annotations, links: monitor.url.map { [$0] } ?? [], occurredAt: heartbeat.time)
        return IngestBatch(alerts: [alert])
    }

    func accepted(_ batch: IngestBatch, results: [IngestResult]) -> any ResponseGenerator {
        let result = results.first
        return JSONResponse(
            Reply(outcome: result?.outcome.rawValue ?? batch.ignored?.outcome ?? "ignored", dedup_key: result?.dedupKey,
                  incident_id: result?.incidentID, reason: batch.ignored?.reason),
            status: .accepted)
    }

    /// What the notification did: Herald's generic answer, with the reason when nothing was stored.
    struct Reply: Encodable, Sendable {
        var outcome: String
        var dedup_key: String?
        var incident_id: String?
        var reason: String?
    }

    /// The fields of a heartbeat Herald uses; Uptime Kuma sends many more, which are ignored.
    struct Heartbeat {
        /// 0 down, 1 up, 2 pending, 3 maintenance.
        var status = 0
        var message: String?
        var time = Date.distantPast

        init(reading value: JSONValue, into parent: inout ObjectReader) {
            var reader = ObjectReader(value, prefix: "heartbeat.")
            if reader.raw("status") == nil || reader.raw("status") == .null {
                reader.add([FieldError("heartbeat.status", "is required")])
            } else if let status = reader.integer("status") {
                if (0...3).contains(status) { self.status = status } else {
                    reader.add([FieldError("heartbeat.status", "must be 0 (down), 1 (up), 2 (pending) or 3 (maintenance)")])
                }
            }
            message = reader.string("msg")
            if let text = reader.requiredString("time") {
                if let time = Self.time(text) { self.time = time } else {
                    reader.add([FieldError("heartbeat.time", "must be YYYY-MM-DD HH:mm:ss.SSS in UTC, got '\(text)'")])
                }
            }
            parent.add(reader.errors)
        }

        /// Uptime Kuma writes heartbeat times in UTC without a zone, with milliseconds since 1.x.
        static func time(_ text: String) -> Date? {
            guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?/) != nil else { return nil }
            return ISO8601DateFormatter.parse(text.replacingOccurrences(of: " ", with: "T") + "Z")
        }
    }

    /// The fields of a monitor Herald uses; Uptime Kuma sends many more, which are ignored.
    struct Monitor {
        var id: Int = 0
        var name = ""
        var type: String?
        /// The monitored URL; nil for monitors that have none (Uptime Kuma then sends a bare "https://").
        var url: String?
        var hostname: String?
        var tags: [String: String] = [:]

        init(reading value: JSONValue, into parent: inout ObjectReader) {
            var reader = ObjectReader(value, prefix: "monitor.")
            if reader.raw("id") == nil || reader.raw("id") == .null {
                reader.add([FieldError("monitor.id", "is required")])
            } else if let id = reader.integer("id") {
                self.id = id
            }
            name = reader.requiredString("name") ?? ""
            type = reader.string("type")
            url = reader.string("url").flatMap { ["", "http://", "https://"].contains($0) ? nil : $0 }
            hostname = reader.string("hostname").flatMap { $0.isEmpty ? nil : $0 }
            for (index, tag) in reader.array("tags").enumerated() {
                var tagReader = ObjectReader(tag, prefix: "monitor.tags[\(index)].")
                if let name = tagReader.requiredString("name") { tags[name] = tagReader.string("value") ?? "" }
                reader.add(tagReader.errors)
            }
            parent.add(reader.errors)
        }
    }

    /// The boundary of a multipart/form-data body; nil for any other content type.
    static func formBoundary(_ contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The value of the form field `name` (RFC 7578): each part follows a `--boundary` line, its
    /// headers end at an empty line, and the CRLF before the next boundary belongs to the delimiter.
    static func formField(_ name: String, in body: [UInt8], boundary: String) -> [UInt8]? {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        // What comes before the first boundary is a preamble, to be ignored.
        for part in body.split(separator: delimiter, omittingEmptySubsequences: false).dropFirst() {
            guard let headersEnd = part.firstRange(of: crlf + crlf) else { continue }
            let headers = String(decoding: part[part.startIndex..<headersEnd.lowerBound], as: UTF8.self).lowercased()
            let disposition = headers.split(separator: "\r\n").first { $0.hasPrefix("content-disposition:") } ?? ""
            let parameters = disposition.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parameters.contains("name=\"\(name.lowercased())\"") else { continue }
            var value = part[headersEnd.upperBound...]
            if value.suffix(2).elementsEqual(crlf) { value = value.dropLast(2) }
            return Array(value)
        }
        return nil
    }
}
