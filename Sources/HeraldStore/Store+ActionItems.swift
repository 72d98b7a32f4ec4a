import Foundation
import HeraldCore
import SQLKit

/// The postmortems' action items not done yet, read from their written sections with the incident
/// each belongs to; `ActionItemReminders` decides which remind their owner.
extension Store {
    /// Every open action item, of one team's incidents when `team` is given ("" for incidents routed
    /// to no team), the earliest due first.
    public func openActionItems(team: String? = nil) async throws -> [OpenActionItem] {
        try await read { database in
            var query = database.select().column(SQLColumn("incident_id", table: "p")).column(SQLColumn("state", table: "p"))
                .column(SQLColumn("sections_json", table: "p")).column(SQLColumn("title", table: "i")).column(SQLColumn("team_id", table: "i"))
                .from(SQLAlias(SQLIdentifier("postmortems"), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier("incidents"), as: SQLIdentifier("i")), on: SQLColumn("id", table: "i"), .equal, SQLColumn("incident_id", table: "p"))
            if let team {
                query = team.isEmpty ? query.where(SQLColumn("team_id", table: "i"), .is, SQLLiteral.null) : query.where(SQLColumn("team_id", table: "i"), .equal, SQLBind(team))
            }
            var items: [OpenActionItem] = []
            for row in try await query.orderBy(SQLColumn("incident_id", table: "p")).all() {
                let sections = try row.json("sections_json", as: PostmortemSections.self)
                let state = try row.enumeration("state", as: PostmortemState.self)
                for (index, item) in sections.actionItems.enumerated() where !item.done {
                    items.append(OpenActionItem(
                        incidentID: try row.text("incident_id"), incidentTitle: try row.text("title"), teamID: try row.optionalText("team_id"),
                        postmortemState: state, index: index, item: item))
                }
            }
            return items.sorted { ($0.item.due, $0.incidentID, $0.index) < ($1.item.due, $1.incidentID, $1.index) }
        }
    }
}
