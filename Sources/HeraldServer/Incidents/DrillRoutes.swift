import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Drills and tests: started on the real pipeline (`POST /drills`), their scorecards, and a
    /// team's drill history with the trend of its acknowledgement times.
    mutating func addDrillRoutes(drills: Drills) {
        let body = self.body
        on(.post, "/drills", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let team = reader.requiredString("team")
            let severity = reader.enumeration("severity", as: Severity.self)
            let kind = reader.enumeration("kind", as: IncidentKind.self)
            let title = reader.string("title"), runbook = reader.string("runbook_url")
            try reader.finish()
            guard let team else { throw ValidationFailure(reader.errors) }
            let incident = try await drills.start(
                DrillRequest(team: team, severity: severity ?? .high, kind: kind ?? .drill, title: title, runbookURL: runbook), actor: context.actor)
            return JSONResponse(DrillDocument(try await drills.scorecard(incidentID: incident.id), trend: nil), status: .created)
        }
        on(.get, "/drills", role: .viewer) { request, _ in
            let team = request.uri.queryParameters.get("team")
            if let team, (try? await drills.store.team(id: team)) == nil { throw Problem.invalid([FieldError("team", "no team with id '\(team)'")]) }
            return JSONResponse(DrillListDocument(drills: try await drills.history(team: team).map { DrillDocument($0.scorecard, trend: $0.trend) }))
        }
        on(.get, "/drills/{id}", role: .viewer) { _, context in
            JSONResponse(DrillDocument(try await drills.scorecard(incidentID: try context.id()), trend: nil))
        }
    }
}

struct DrillListDocument: Encodable, Sendable {
    var drills: [DrillDocument]
}

/// A drill's scorecard as the API writes it.
struct DrillDocument: Encodable, Sendable {
    struct Channel: Encodable, Sendable {
        var channel: String
        var queued: Int
        var arrived: Int
        var failed: Int
    }
    struct Trend: Encodable, Sendable {
        var direction: String
        @Nullable var seconds: Double?
    }
    var incident: IncidentDocument
    var over: Bool
    @Nullable var acknowledge_seconds: Double?
    var target_seconds: Double
    @Nullable var met_target: Bool?
    var steps_paged: Int
    var channels: [Channel]
    @Nullable var runbook_opened: Bool?
    @Nullable var postmortem: String?
    @Nullable var trend: Trend?

    init(_ card: DrillScorecard, trend: DrillTrend?) {
        incident = IncidentDocument(card.incident)
        over = card.isOver
        acknowledge_seconds = card.acknowledgeSeconds
        target_seconds = card.targetSeconds
        met_target = card.metTarget
        steps_paged = card.stepsPaged
        channels = card.channels.map { Channel(channel: $0.channel.rawValue, queued: $0.queued, arrived: $0.arrived, failed: $0.failed) }
        runbook_opened = card.runbookOpened
        postmortem = card.postmortem?.rawValue
        self.trend = trend.map { trend in
            switch trend {
            case .first: Trend(direction: "first", seconds: nil)
            case .faster(let seconds): Trend(direction: "faster", seconds: seconds)
            case .slower(let seconds): Trend(direction: "slower", seconds: seconds)
            case .same: Trend(direction: "same", seconds: 0)
            case .unknown: Trend(direction: "unknown", seconds: nil)
            }
        }
    }
}
