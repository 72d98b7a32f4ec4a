import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Heartbeat monitors: made, listed, paused, resumed and deleted; their beats come to `/hb/{key}`.
    mutating func addHeartbeatRoutes(store: Store, publicURL: String?) {
        let body = self.body
        on(.get, "/heartbeats", role: .viewer) { request, _ in
            JSONResponse(ListPage("heartbeats", try await store.heartbeats(page: try request.pageRequest()).map { HeartbeatDocument($0) }))
        }
        on(.post, "/heartbeats", role: .responder) { request, _ in
            let value = try await body.read(request)
            let new = try HeartbeatBody.read(value, teams: Set(try await store.teams().map(\.id)))
            let (monitor, key) = try await store.createHeartbeat(new)
            return JSONResponse(HeartbeatDocument(monitor, key: key, publicURL: publicURL), status: .created)
        }
        on(.get, "/heartbeats/{id}", role: .viewer) { _, context in
            JSONResponse(HeartbeatDocument(try await store.heartbeat(id: try context.id())))
        }
        on(.post, "/heartbeats/{id}/pause", role: .responder) { _, context in
            JSONResponse(HeartbeatDocument(try await store.setHeartbeatPaused(id: try context.id(), paused: true, at: store.now())))
        }
        on(.post, "/heartbeats/{id}/resume", role: .responder) { _, context in
            JSONResponse(HeartbeatDocument(try await store.setHeartbeatPaused(id: try context.id(), paused: false, at: store.now())))
        }
        on(.delete, "/heartbeats/{id}", role: .responder) { _, context in
            try await store.deleteHeartbeat(id: try context.id())
            return HTTPResponse.Status.noContent
        }
    }
}

/// A monitor as the API shows it; `key` and `url` only in the answer that created it.
struct HeartbeatDocument: Encodable, Sendable {
    var id: String
    var name: String
    var key: String?
    var key_hint: String
    var url: String?
    var period_seconds: Int
    var grace_seconds: Int
    var team: String?
    var labels: [String: String]
    var severity: String
    var paused: Bool
    var state: String
    var last_beat_at: Date?
    var next_beat_by: Date?
    var created_at: Date

    init(_ monitor: HeartbeatMonitor, key: String? = nil, publicURL: String? = nil) {
        id = monitor.id
        name = monitor.name
        self.key = key
        key_hint = monitor.keyHint
        url = key.map { (publicURL ?? "").trimmingSuffix("/") + "/hb/" + $0 }
        period_seconds = Int(monitor.period)
        grace_seconds = Int(monitor.grace)
        team = monitor.teamID
        labels = monitor.labels
        severity = monitor.severity.rawValue
        paused = monitor.paused
        state = monitor.state.rawValue
        last_beat_at = monitor.lastBeatAt
        next_beat_by = monitor.paused || monitor.state.isDown ? nil : monitor.facts.deadline
        created_at = monitor.createdAt
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
