import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/action-items`: every postmortem's open action items, a table per team, the earliest
/// due first; each says whether it is overdue (in its owner's zone) and whether its owner is a
/// contact Herald reminds, and links to its postmortem, where it is marked done.
enum ActionItemsScreen {
    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now
        console.page("action-items") { _, _, viewer in
            let lines = ActionItemLine.lines(try await store.openActionItems(), contacts: try await store.contacts(), at: clock(), zone: viewer.zone)
            let teams = Dictionary(uniqueKeysWithValues: try await store.teams().map { ($0.id, $0.name) })
            // Teams by name, incidents routed to no team last.
            let groups = Dictionary(grouping: lines) { $0.open.teamID ?? "" }.sorted { left, right in
                if left.key.isEmpty != right.key.isEmpty { return right.key.isEmpty }
                return (teams[left.key] ?? left.key) < (teams[right.key] ?? right.key)
            }
            var body = "<p class=\"help\">\(HTML.escape(viewer.text(.actionItemsHelp)))</p>"
            if groups.isEmpty { body += "<p class=\"empty\">\(viewer.text(.actionItemsNone))</p>" }
            for (team, lines) in groups {
                let name = team.isEmpty ? viewer.text(.actionItemsNoTeam) : teams[team] ?? team
                body += "<section class=\"team-items\" aria-label=\"\(HTML.escape(name))\"><h2>\(HTML.escape(name))</h2>\(table(lines, caption: name, viewer: viewer))</section>"
            }
            return ConsolePage(title: viewer.text(.actionItemsTitle), section: .incidents, body: body).response(viewer)
        }
    }

    static func table(_ lines: [ActionItemLine], caption: String, viewer: ConsoleViewer) -> String {
        let rows = lines.map { line -> [String] in
            let owner = line.owner.map { "\(HTML.escape(line.open.item.owner))<br><span class=\"meta\">\(HTML.escape($0.name)) · \(HTML.escape($0.timeZone))</span>" }
                ?? "\(HTML.escape(line.open.item.owner))<br><span class=\"meta\">\(viewer.text(.actionItemsNotAContact))</span>"
            let due = HTML.escape(line.open.item.due) + (line.isOverdue ? " <strong class=\"unacked\">\(viewer.text(.actionItemsOverdue))</strong>" : "")
            let postmortem = "/console/incidents/\(IncidentsScreen.percent(line.open.incidentID))/postmortem"
            return [
                HTML.escape(line.open.item.title), owner, due,
                "<a href=\"\(HTML.escape(postmortem))\">\(HTML.escape(line.open.incidentTitle))</a><br><span class=\"meta\">\(HTML.escape(line.open.postmortemState.label(viewer.language)))</span>",
            ]
        }
        return ConsoleTable(
            caption: caption,
            headers: [viewer.text(.actionItemsColumnItem), viewer.text(.actionItemsColumnOwner), viewer.text(.actionItemsColumnDue), viewer.text(.actionItemsColumnIncident)],
            rows: rows, empty: viewer.text(.actionItemsNone)
        ).html
    }
}
