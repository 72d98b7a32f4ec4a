import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// An incident's milestones (impact started, detected, acknowledged, mitigated, resolved): read
    /// them, and set, correct or take back one with a reason (`MilestoneChange`).
    mutating func addMilestoneRoutes(store: Store) {
        let body = self.body
        on(.get, "/incidents/{id}/milestones", role: .viewer) { _, context in
            JSONResponse(MilestonesDocument(try await store.milestones(incidentID: try context.id())))
        }
        on(.put, "/incidents/{id}/milestones/{milestone}", role: .responder) { request, context in
            let id = try context.id()
            let name = context.parameters.get("milestone") ?? ""
            guard let milestone = Milestone(rawValue: name) else { throw StoreError.notFound(kind: "milestone", id: name) }
            var reader = ObjectReader(try await body.read(request))
            var at: Date?
            switch reader.raw("at") {
            case nil: reader.add([FieldError("at", .problemRequired)])
            case .null?: at = nil
            case .string(let text)?:
                at = RFC3339.parse(text)
                if at == nil { reader.add([FieldError("at", .problemRFC3339)]) }
            case let other?: reader.add([FieldError("at", .problemMustBeString) { ["got": $0.text(other.typePhrase)] }])
            }
            let reason = reader.requiredString("reason")
            try reader.finish()
            _ = try await store.incident(id: id)
            guard let reason else { throw ValidationFailure(reader.errors) }
            let milestones = try await store.changeMilestone(incidentID: id, MilestoneChange(milestone: milestone, at: at, reason: reason), actor: context.actor)
            return JSONResponse(MilestonesDocument(milestones))
        }
    }
}

/// Every milestone in order, known or not, with whose word its time is; and the response times
/// they make. Every key is always there (null when unknown).
struct MilestonesDocument: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var milestone: String
        @Nullable var at: Date?
        /// `herald` (recorded), `responder` (set or corrected), null while unknown.
        @Nullable var source: String?
        @Nullable var recorded_at: Date?
        @Nullable var reason: String?
        @Nullable var set_by: String?
        @Nullable var set_at: Date?
    }
    struct Durations: Encodable, Sendable {
        @Nullable var mtta: Double?
        @Nullable var mttr: Double?
        @Nullable var mttd: Double?
        @Nullable var mttm: Double?
    }
    var milestones: [Item]
    /// Seconds per metric; null while a milestone is missing.
    var durations: Durations

    init(_ milestones: IncidentMilestones) {
        self.milestones = Milestone.allCases.map { milestone in
            let set = milestones.set[milestone]
            return Item(
                milestone: milestone.rawValue, at: milestones.time(milestone), source: milestones.source(milestone)?.rawValue,
                recorded_at: milestones.recorded[milestone], reason: set?.reason, set_by: set?.actor, set_at: set?.recordedAt)
        }
        durations = Durations(
            mtta: ResponseMetric.mtta.seconds(milestones), mttr: ResponseMetric.mttr.seconds(milestones),
            mttd: ResponseMetric.mttd.seconds(milestones), mttm: ResponseMetric.mttm.seconds(milestones))
    }
}
