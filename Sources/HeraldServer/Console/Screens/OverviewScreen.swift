import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/`: what needs attention now. Open incidents (worst first, with age and whether
/// someone acknowledged), maintenance under way and next, who is on call now and next per team,
/// dead letters, open feedback, and components that are not operational. Reads only.
enum OverviewScreen {
    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now
        let costs = console.runtime.configuration.costs
        console.page("") { _, _, viewer in
            let now = clock()
            // One read of every fact, each once; nothing is kept between renders.
            let facts = try await store.consoleOverview(monthStart: costs.monthStart(containing: now))
            let schedules = Dictionary(uniqueKeysWithValues: facts.schedules.map { ($0.id, $0) })
            func name(_ contact: String) -> String { facts.contactNames[contact] ?? contact }
            var onCall: [[String]] = []
            for team in facts.teams {
                for case .schedule(let id) in team.escalation.steps.map(\.target) {
                    guard let schedule = schedules[id] else { continue }
                    let current = schedule.onCall(at: now)
                    let next = schedule.next(after: now)
                    onCall.append([
                        HTML.escape(team.name), HTML.escape(schedule.name),
                        HTML.escape(current == nil ? "—" : name(current!)),
                        next == nil ? "—" : "\(HTML.escape(name(next!.contact))) · \(ConsoleTime.element(next!.at, viewer.zone))",
                    ])
                }
            }
            let body = [
                incidentSection(facts.incidents, counts: facts.openBySeverity, countLimit: facts.countLimit, viewer: viewer, now: now),
                maintenanceSection(active: facts.inProgress, upcoming: facts.upcoming, viewer: viewer),
                section(viewer.text(.overviewOnCall), ConsoleTable(
                    caption: viewer.text(.overviewOnCall),
                    headers: [viewer.text(.columnTeam), viewer.text(.columnSchedule), viewer.text(.columnOnCallNow), viewer.text(.columnOnCallNext)],
                    rows: onCall, empty: viewer.text(.overviewNoSchedules)).html),
                attentionSection(dead: facts.dead, feedback: facts.openFeedback, viewer: viewer),
                DeliveriesScreen.overviewCard(facts, costs: costs, now: now, viewer: viewer),
                section(viewer.text(.overviewComponents), ConsoleTable(
                    caption: viewer.text(.overviewComponents), headers: [viewer.text(.columnComponent), viewer.text(.columnStatus)],
                    rows: facts.troubledComponents.map { ["\(HTML.escape($0.name))", "<span class=\"status status-\($0.status.rawValue)\">\(HTML.escape($0.status.label(viewer.language)))</span>"] },
                    empty: viewer.text(.overviewAllOperational)).html),
            ].joined()
            return ConsolePage(title: viewer.text(.navOverview), section: .overview, body: "<div class=\"cards\">\(body)</div>").response(viewer)
        }
    }

    static func section(_ title: String, _ html: String, wide: Bool = false) -> String {
        "<section class=\"card\(wide ? " wide" : "")\"><h2>\(HTML.escape(title))</h2>\(html)</section>"
    }

    static func incidentSection(_ incidents: [Incident], counts open: [Severity: Int], countLimit: Int, viewer: ConsoleViewer, now: Date) -> String {
        let ordered = incidents.sorted { ($0.severity, $1.createdAt) > ($1.severity, $0.createdAt) }
        // Beyond the limit the store stops counting: "100+".
        let capped = open.values.contains { $0 > countLimit }
        func shown(_ count: Int) -> String { count > countLimit ? "\(countLimit)+" : String(count) }
        let counts = Severity.allCases.reversed().map { severity -> String in
            let count = open[severity] ?? 0
            return "<li class=\"sev sev-\(severity.rawValue)\"><strong>\(shown(count))</strong> \(HTML.escape(severity.label(viewer.language)))</li>"
        }.joined()
        let rows = ordered.map { incident -> [String] in
            let acknowledged = incident.acknowledgedAt.map { _ in
                viewer.text(.overviewAcknowledgedBy, ["who": HTML.escape(incident.acknowledgedBy ?? "—")])
            } ?? "<strong class=\"unacked\">\(viewer.text(.overviewNotAcknowledged))</strong>"
            return [
                "<span class=\"sev-tag sev-\(incident.severity.rawValue)\">\(HTML.escape(incident.severity.label(viewer.language)))</span>",
                HTML.escape(incident.title),
                "\(HTML.escape(ConsoleTime.age(since: incident.createdAt, now: now, language: viewer.language)))<br><span class=\"meta\">\(ConsoleTime.element(incident.createdAt, viewer.zone))</span>",
                acknowledged,
            ]
        }
        let table = ConsoleTable(
            caption: viewer.text(.overviewOpenIncidents),
            headers: [viewer.text(.columnSeverity), viewer.text(.columnTitle), viewer.text(.columnAge), viewer.text(.columnAcknowledged)],
            rows: rows, empty: viewer.text(.overviewNoIncidents))
        let total = open.values.reduce(0) { $0 + min($1, countLimit) }
        let all = total > incidents.count || capped
            ? "<p><a href=\"/console/incidents\">\(HTML.escape(viewer.text(.overviewAllOpen, ["count": capped ? "\(total)+" : String(total)])))</a></p>" : ""
        return section(viewer.text(.overviewOpenIncidents), "<ul class=\"counts\">\(counts)</ul>" + table.html + all, wide: true)
    }

    static func maintenanceSection(active: [Notice], upcoming: [Notice], viewer: ConsoleViewer) -> String {
        func row(_ notice: Notice) -> [String] {
            let title = notice.content.title.text(for: viewer.language) ?? notice.id
            let end = notice.content.plannedEnd.map { ConsoleTime.element($0, viewer.zone) } ?? "—"
            return [HTML.escape(title), ConsoleTime.element(notice.content.plannedStart, viewer.zone), end]
        }
        let headers = [viewer.text(.columnTitle), viewer.text(.columnStart), viewer.text(.columnEnd)]
        return section(viewer.text(.overviewMaintenance), """
            <h3>\(viewer.text(.maintenanceInProgress))</h3>\(ConsoleTable(caption: viewer.text(.maintenanceInProgress), headers: headers, rows: active.map(row), empty: viewer.text(.overviewNoMaintenance)).html)
            <h3>\(viewer.text(.upcomingMaintenance))</h3>\(ConsoleTable(caption: viewer.text(.upcomingMaintenance), headers: headers, rows: upcoming.map(row), empty: viewer.text(.overviewNoUpcoming)).html)
            """, wide: true)
    }

    static func attentionSection(dead: [ChannelKind: Int], feedback: Int, viewer: ConsoleViewer) -> String {
        let total = dead.values.reduce(0, +)
        let byChannel = dead.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(HTML.escape($0.rawValue)) \(dead[$0]!)" }
            .joined(separator: viewer.language.listSeparator)
        return section(viewer.text(.overviewAttention), """
            <dl class="figures"><div><dt>\(viewer.text(.overviewDeadLetters))</dt><dd><strong>\(total)</strong>\(byChannel.isEmpty ? "" : " <span class=\"meta\">\(byChannel)</span>")</dd></div>
            <div><dt>\(viewer.text(.overviewOpenFeedback))</dt><dd><strong>\(feedback)</strong></dd></div></dl>
            """)
    }
}
