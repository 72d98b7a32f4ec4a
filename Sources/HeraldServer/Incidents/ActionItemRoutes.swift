import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// The open action items of every postmortem, the earliest due first: `team` for one team's,
    /// `overdue=true` for those past their due day (in the owner's zone when they are a contact,
    /// else in `zone`, UTC by default), each with the contact who is reminded, if any.
    mutating func addActionItemRoutes(store: Store) {
        on(.get, "/action-items", role: .viewer) { request, _ in
            let parameters = request.uri.queryParameters
            var errors: [FieldError] = []
            var zone = TimeZone(identifier: "UTC")!
            if let name = parameters.get("zone") {
                if let chosen = TimeZone(identifier: name) { zone = chosen } else { errors.append(FieldError("zone", .problemTimeZone, values: ["zone": name])) }
            }
            var overdueOnly = false
            if let text = parameters.get("overdue") {
                if text == "true" || text == "false" { overdueOnly = text == "true" } else {
                    errors.append(FieldError("overdue", .problemMustBeOneOf, values: ["allowed": "true, false", "got": text]))
                }
            }
            let team = parameters.get("team")
            if let team, (try? await store.team(id: team)) == nil { errors.append(FieldError("team", "no team with id '\(team)'")) }
            if !errors.isEmpty { throw Problem.invalid(errors) }
            let lines = ActionItemLine.lines(
                try await store.openActionItems(team: team), contacts: try await store.contacts(), at: store.now(), zone: zone)
            return JSONResponse(ActionItemsDocument(action_items: lines.filter { !overdueOnly || $0.isOverdue }.map(ActionItemDocument.init)))
        }
    }
}

struct ActionItemsDocument: Encodable, Sendable {
    var action_items: [ActionItemDocument]
}

/// One open action item as the API writes it.
struct ActionItemDocument: Encodable, Sendable {
    var incident_id: String
    var incident_title: String
    @Nullable var team: String?
    var postmortem_state: String
    var index: Int
    var title: String
    var owner: String
    @Nullable var owner_contact_id: String?
    var due: String
    var overdue: Bool
    var days_overdue: Int

    init(_ line: ActionItemLine) {
        incident_id = line.open.incidentID
        incident_title = line.open.incidentTitle
        team = line.open.teamID
        postmortem_state = line.open.postmortemState.rawValue
        index = line.open.index
        title = line.open.item.title
        owner = line.open.item.owner
        owner_contact_id = line.owner?.id
        due = line.open.item.due
        overdue = line.isOverdue
        days_overdue = line.daysOverdue
    }
}
