import Crypto
import Foundation
import HTTPTypes
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird
import Synchronization

/// Where monitoring sends alerts. Each format answers in its own owner's shapes, never with a 500
/// for bad input, and stores nothing from an event it refuses.
enum IngestRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, pipeline: AlertPipeline, limits: IngestLimits) {
        // PagerDuty Events API v2: existing PagerDuty clients work by changing only the base URL.
        router.post("/v2/enqueue") { request, _ -> Response in
            guard let value = try await Self.json(request, limit: limits.maxBodyBytes) else {
                return PagerDutyReply.invalid(["Event object is not valid JSON"])
            }
            let (routingKey, alert, errors) = PagerDutyEvent.read(value, now: store.now())
            guard errors.isEmpty, let routingKey, let alert else { return PagerDutyReply.invalid(errors) }
            guard let integration = try await store.integration(key: routingKey), integration.kind == .pagerduty else {
                return PagerDutyReply.invalid(["'routing_key' does not belong to a PagerDuty integration"])
            }
            guard limits.admit(integration.id, now: store.now()) else { return PagerDutyReply.throttled() }
            let result = try await pipeline.receive(alert, from: integration)
            return PagerDutyReply.accepted(dedupKey: result.dedupKey)
        }
        // Alertmanager webhook_config (version 4). The key comes as `Authorization: Bearer KEY`
        // (http_config.authorization) or as `?key=KEY` in the URL.
        router.post("/api/v1/ingest/alertmanager") { request, _ -> JSONResponse<AlertmanagerReply> in
            let integration = try await Self.integration(request, store: store, kind: .alertmanager)
            guard let value = try await Self.json(request, limit: limits.maxBodyBytes) else {
                throw Problem.invalid([FieldError("body", "is not valid JSON")])
            }
            let alerts = try AlertmanagerWebhook.read(value)
            return try await Self.receiveAll(alerts, from: integration, pipeline: pipeline, limits: limits)
        }
        // Grafana alerting's webhook contact point (version 1), optionally HMAC-signed.
        router.post("/api/v1/ingest/grafana") { request, _ -> JSONResponse<AlertmanagerReply> in
            let integration = try await Self.integration(request, store: store, kind: .grafana)
            var request = request
            let buffer = try await Self.body(&request, limit: limits.maxBodyBytes)
            if let secret = integration.signingSecret { try Self.checkGrafanaSignature(request, body: buffer, secret: secret) }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)) else {
                throw Problem.invalid([FieldError("body", "is not valid JSON")])
            }
            let alerts = try AlertmanagerWebhook.read(value, version: "1", sender: "Grafana")
            return try await Self.receiveAll(alerts, from: integration, pipeline: pipeline, limits: limits)
        }
        // Herald's own format (GenericAlert), for scripts and tools without another output.
        router.post("/api/v1/ingest/generic") { request, _ -> JSONResponse<GenericReply> in
            let integration = try await Self.integration(request, store: store, kind: .generic)
            guard let value = try await Self.json(request, limit: limits.maxBodyBytes) else {
                throw Problem.invalid([FieldError("body", "is not valid JSON")])
            }
            let alert = try GenericAlert.read(value, now: store.now())
            guard limits.admit(integration.id, now: store.now()) else { throw Problem(.tooManyRequests, detail: "more alerts than this integration may send per minute") }
            let result = try await pipeline.receive(alert, from: integration)
            return JSONResponse(
                GenericReply(outcome: result.outcome.rawValue, dedup_key: result.dedupKey, incident_id: result.incidentID), status: .accepted)
        }
    }

    static func body(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Problem(.contentTooLarge, detail: "the body is \(length) bytes; at most \(limit) are accepted")
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw Problem(.contentTooLarge, detail: "the body is larger than the \(limit) bytes accepted")
        }
    }

    /// Applies an Alertmanager-shaped payload's alerts (Alertmanager, Grafana) and counts what each did.
    static func receiveAll(
        _ alerts: [IncomingAlert], from integration: Integration, pipeline: AlertPipeline, limits: IngestLimits
    ) async throws -> JSONResponse<AlertmanagerReply> {
        guard limits.admit(integration.id, now: pipeline.now()) else { throw Problem(.tooManyRequests, detail: "more alerts than this integration may send per minute") }
        var outcomes: [String: Int] = [:]
        for alert in alerts {
            outcomes[try await pipeline.receive(alert, from: integration).outcome.rawValue, default: 0] += 1
        }
        return JSONResponse(AlertmanagerReply(status: "success", alerts: alerts.count, outcomes: outcomes), status: .accepted)
    }

    /// The integration named by `Authorization: Bearer KEY` or `?key=KEY`, if it is of `kind`.
    static func integration(_ request: Request, store: Store, kind: Integration.Kind) async throws -> Integration {
        let key = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            ?? request.uri.queryParameters.get("key")
        guard let key, let integration = try await store.integration(key: key), integration.kind == kind else {
            throw Problem(.unauthorized, detail: "send a \(kind.rawValue) integration's key as Authorization: Bearer KEY or ?key=KEY")
        }
        return integration
    }

    /// Grafana's HMAC: hex HMAC-SHA256 of the body, or of `timestamp:body` when Grafana is set to send
    /// a timestamp header, in `X-Grafana-Alerting-Signature`.
    static func checkGrafanaSignature(_ request: Request, body: ByteBuffer, secret: String) throws {
        var signed = Data()
        if let timestamp = request.headers[HTTPField.Name("X-Grafana-Alerting-Timestamp")!] {
            signed.append(Data("\(timestamp):".utf8))
        }
        signed.append(contentsOf: body.readableBytesView)
        let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8))).hexadecimal
        let given = request.headers[HTTPField.Name("X-Grafana-Alerting-Signature")!] ?? ""
        guard expected.constantTimeEquals(given) else {
            throw Problem(.unauthorized, detail: "the X-Grafana-Alerting-Signature does not match the integration's signing secret")
        }
    }

    /// The body as JSON; nil when it is not JSON. A body over the limit is 413.
    static func json(_ request: Request, limit: Int) async throws -> JSONValue? {
        var request = request
        let buffer = try await body(&request, limit: limit)
        return try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
    }
}

/// How much ingest accepts: body size, and events per minute per integration.
final class IngestLimits: Sendable {
    let maxBodyBytes: Int
    let perMinute: Int
    private let recent = Mutex<[String: SlidingWindow]>([:])

    init(maxBodyBytes: Int, perMinute: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.perMinute = perMinute
    }

    /// Whether one more event from `integration` fits in the last minute's allowance.
    func admit(_ integration: String, now: Date) -> Bool {
        recent.withLock { $0[integration, default: SlidingWindow()].admit(now, limit: perMinute, span: 60) }
    }
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

struct GenericReply: Encodable, Sendable {
    var outcome: String
    var dedup_key: String
    var incident_id: String?
}

struct AlertmanagerReply: Encodable, Sendable {
    var status: String
    var alerts: Int
    var outcomes: [String: Int]
}
