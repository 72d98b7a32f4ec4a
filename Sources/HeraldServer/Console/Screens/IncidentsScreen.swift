import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/incidents`: every incident, newest first, narrowed by the filters in the query string
/// (state, severity, team, source, "assigned to me"), a page at a time.
///
/// "Assigned to me" is the incidents acknowledged by the operator: in the console (`user:<email>`)
/// or through the respond link of a page sent to a contact whose email address is the operator's
/// (`contact:<id> (link)`), as `IncidentFilter.actors` spells them.
enum IncidentsScreen {
    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now
        console.page("incidents") { request, _, viewer in
            let query = request.uri.queryParameters
            var filter = IncidentFilter(
                state: query.get("state").flatMap(IncidentFilter.State.init(rawValue:)),
                severity: query.get("severity").flatMap(Severity.init(rawValue:)),
                team: query.get("team").flatMap { $0.isEmpty ? nil : $0 }, integration: query.get("source").flatMap { $0.isEmpty ? nil : $0 })
            let mine = query.get("mine") == "1"
            if mine {
                filter.acknowledgedBy = IncidentFilter.actors(
                    operatorEmail: viewer.account.email, contactIDs: try await store.contactIDs(withEmail: viewer.account.email))
            }
            // One read after another: on a busy PostgreSQL, three at once on three connections were slower.
            let page = try await store.incidents(filter: filter, page: try request.pageRequest())
            let teams = try await store.teams()
            let integrations = try await store.integrations()
            let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
            let now = clock()
            let rows = page.items.map { incident -> [String] in
                [
                    IncidentScreen.severityTag(incident.severity, viewer),
                    IncidentScreen.kindPill(incident, viewer)
                        + "<a href=\"/console/incidents/\(HTML.escape(incident.id))\">\(HTML.escape(incident.title))</a><br><span class=\"meta\">\(HTML.escape(IncidentScreen.stateLabel(incident, viewer)))</span>",
                    "\(HTML.escape(ConsoleTime.age(since: incident.createdAt, now: now, language: viewer.language)))<br><span class=\"meta\">\(ConsoleTime.element(incident.createdAt, viewer.zone))</span>",
                    incident.acknowledgedBy.map(HTML.escape) ?? "<strong class=\"unacked\">\(viewer.text(.overviewNotAcknowledged))</strong>",
                    HTML.escape(incident.teamID.map { teamNames[$0] ?? $0 } ?? "—"),
                ]
            }
            var kept: [(String, String)] = []
            if let state = filter.state { kept.append(("state", state.rawValue)) }
            if let severity = filter.severity { kept.append(("severity", severity.rawValue)) }
            if let team = filter.team { kept.append(("team", team)) }
            if let source = filter.integration { kept.append(("source", source)) }
            if mine { kept.append(("mine", "1")) }
            let path = "/console/incidents" + (kept.isEmpty ? "" : "?" + kept.map { "\($0.0)=\(percent($0.1))" }.joined(separator: "&"))
            let filters = """
                <form method="get" action="/console/incidents" class="form inline filters" aria-label="\(viewer.text(.incidentsFilters))">\
                \(ConsoleField.select("state", label: viewer.text(.incidentsFilterState), options: [("", viewer.text(.incidentsAnyState))] + IncidentFilter.State.allCases.map { ($0.rawValue, stateName($0, viewer)) }, selected: filter.state?.rawValue ?? "").html)\
                \(ConsoleField.select("severity", label: viewer.text(.columnSeverity), options: [("", viewer.text(.incidentsAnySeverity))] + Severity.allCases.reversed().map { ($0.rawValue, $0.label(viewer.language)) }, selected: filter.severity?.rawValue ?? "").html)\
                \(ConsoleField.select("team", label: viewer.text(.columnTeam), options: [("", viewer.text(.incidentsAnyTeam))] + teams.map { ($0.id, $0.name) }, selected: filter.team ?? "").html)\
                \(ConsoleField.select("source", label: viewer.text(.incidentsSource), options: [("", viewer.text(.incidentsAnySource))] + integrations.map { ($0.id, $0.name) }, selected: filter.integration ?? "").html)\
                <div class="field check"><input type="checkbox" id="f-mine" name="mine" value="1"\(mine ? " checked" : "")><label for="f-mine">\(viewer.text(.incidentsMine))</label></div>\
                <button type="submit" class="button secondary">\(viewer.text(.incidentsApplyFilters))</button></form>
                <p class="help">\(viewer.text(.incidentsMineHelp))</p>
                <p><a href="/console/action-items">\(viewer.text(.actionItemsTitle))</a> · <a href="/console/drills">\(viewer.text(.drillsTitle))</a></p>
                """
            let table = ConsoleTable(
                caption: viewer.text(.navIncidents),
                headers: [viewer.text(.columnSeverity), viewer.text(.columnTitle), viewer.text(.columnAge), viewer.text(.columnAcknowledged), viewer.text(.columnTeam)],
                rows: rows, empty: viewer.text(.incidentsNone))
            let pager = ConsolePager(path: path, next: page.next, isFirst: query.get("cursor") == nil)
            return ConsolePage(
                title: viewer.text(.navIncidents), section: .incidents,
                body: "\(filters)\(table.html)\(pager.html(viewer))").response(viewer)
        }
    }

    static func stateName(_ state: IncidentFilter.State, _ viewer: ConsoleViewer) -> String {
        switch state {
        case .open: viewer.text(.incidentsStateOpen)
        case .acknowledged: viewer.text(.incidentsStateAcknowledged)
        case .resolved: viewer.text(.incidentsStateResolved)
        }
    }

    /// A query value, percent-encoded.
    static func percent(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}
