import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

/// Where jobs report in: `GET` or `POST /hb/{key}` is a beat, `/hb/{key}/fail` (or `?status=fail`)
/// reports a failure. The body, if any, is not read, so `curl -fsS -m 10 URL` at a job's end is enough.
enum BeatRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, heartbeats: HeartbeatService, limits: IngestLimits) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/hb/{key}", method: method) { request, context -> Response in
                let signal: HeartbeatSignal = request.uri.queryParameters["status"] == "fail" ? .fail : .beat
                return try await beat(request, context: context, signal: signal, store: store, heartbeats: heartbeats, limits: limits)
            }
            router.on("/hb/{key}/fail", method: method) { request, context -> Response in
                try await beat(request, context: context, signal: .fail, store: store, heartbeats: heartbeats, limits: limits)
            }
        }
    }

    static func beat(
        _ request: Request, context: HeraldRequestContext, signal: HeartbeatSignal, store: Store, heartbeats: HeartbeatService, limits: IngestLimits
    ) async throws -> Response {
        let key = context.parameters.get("key") ?? ""
        guard let monitor = try await store.heartbeat(key: key) else {
            return try Problem(.notFound, detail: "no heartbeat monitor has this key").response(from: request, context: context)
        }
        guard limits.admit("heartbeat:" + monitor.id, now: store.now()) else {
            return try Problem(.tooManyRequests, detail: "more beats than a monitor may send per minute")
                .response(from: request, context: context)
        }
        // What a beat opens or resolves is recorded as the monitor's doing, from the caller's address.
        let actor = AuditActor(name: "heartbeat:\(monitor.name)", client: context.clientAddress)
        guard let result = try await AuditActor.$current.withValue(actor, operation: { try await heartbeats.beat(key: key, signal) }) else {
            return try Problem(.notFound, detail: "no heartbeat monitor has this key").response(from: request, context: context)
        }
        return try JSONResponse(BeatReply(result)).response(from: request, context: context)
    }
}

/// The small answer to a beat: what Herald made of it, and by when the next one is expected.
struct BeatReply: Encodable, Sendable {
    var status: String
    var monitor: String
    var state: String
    var outcome: String
    var incident_id: String?
    var next_beat_by: Date?

    init(_ result: HeartbeatResult) {
        status = "ok"
        monitor = result.monitor.name
        state = result.decision.state.rawValue
        outcome = result.decision.outcome.rawValue
        incident_id = result.ingest?.incidentID
        next_beat_by = result.decision.dueAt
    }
}
