import Foundation
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Alert storms: those in progress and the latest that ended, newest first.
    mutating func addStormRoutes(store: Store) {
        on(.get, "/storms", role: .viewer) { _, _ in
            JSONResponse(StormsDocument(storms: try await store.storms().map(StormsDocument.Item.init)))
        }
    }
}

/// The storms list; every key is always there (null when unknown).
struct StormsDocument: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var id: Int64
        /// null for alerts routed to no team.
        @Nullable var team: String?
        var incident_id: String
        var active: Bool
        var started_at: Date
        var last_digest_at: Date
        var digests: Int
        @Nullable var ended_at: Date?

        init(_ storm: StormRecord) {
            id = storm.id
            team = storm.team.isEmpty ? nil : storm.team
            incident_id = storm.incidentID
            active = storm.endedAt == nil
            started_at = storm.startedAt
            last_digest_at = storm.lastDigestAt
            digests = storm.digests
            ended_at = storm.endedAt
        }
    }

    var storms: [Item]
}
