import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/drills`: start a drill for a team (responders), and every team's drills, the newest
/// first, each with its acknowledgement against the target and the trend against the team's drill
/// before; and the scorecard card the incident page shows for a drill or a test. Starting goes
/// through the same `Drills` use case as the API and the CLI.
enum DrillsScreen {
    static func add(to console: Console) {
        let runtime = console.runtime
        console.page("drills") { _, _, viewer in
            try await page(viewer: viewer, runtime: runtime, typed: [:], problems: [:], banner: nil)
        }
        console.action("drills/start", role: .responder) { _, _, viewer, form in
            let typed = ["team": form["team"] ?? "", "severity": form["severity"] ?? "high", "kind": form["kind"] ?? "drill", "runbook_url": form["runbook_url"] ?? ""]
            let request = DrillRequest(
                team: typed["team"]!, severity: Severity(rawValue: typed["severity"]!) ?? .high, kind: IncidentKind(rawValue: typed["kind"]!) ?? .drill,
                runbookURL: typed["runbook_url"]!.isEmpty ? nil : typed["runbook_url"])
            do {
                let incident = try await runtime.drills.start(request, actor: viewer.actor)
                return ConsoleResponse.redirect(to: "/console/incidents/\(IncidentsScreen.percent(incident.id))?done=drill")
            } catch let failure as ValidationFailure {
                let problems = Dictionary(failure.errors.map { ($0.field, $0.reason(in: viewer.language)) }) { first, _ in first }
                return try await page(
                    viewer: viewer, runtime: runtime, typed: typed, problems: problems, banner: .error(viewer.text(.formHasProblems)),
                    status: .unprocessableContent)
            }
        }
    }

    static func page(
        viewer: ConsoleViewer, runtime: HeraldRuntime, typed: [String: String], problems: [String: String], banner: ConsoleBanner?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let teams = try await runtime.store.teams()
        let names = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
        var sections: [String] = []
        if viewer.may(.responder) {
            let form = ConsoleForm(action: "/console/drills/start", csrf: viewer.csrfToken)
                .field(.select("team", label: viewer.text(.drillTeam), options: teams.map { ($0.id, $0.name) }, selected: typed["team"], error: problems["team"]))
                .field(.select(
                    "severity", label: viewer.text(.drillSeverity), options: Severity.allCases.reversed().map { ($0.rawValue, $0.label(viewer.language)) },
                    selected: typed["severity"] ?? Severity.high.rawValue, error: problems["severity"]))
                .field(.select(
                    "kind", label: viewer.text(.drillKind), options: [IncidentKind.drill, .test].map { ($0.rawValue, $0.label(viewer.language)) },
                    selected: typed["kind"] ?? IncidentKind.drill.rawValue, error: problems["kind"]))
                .field(.text("runbook_url", label: viewer.text(.drillRunbook), value: typed["runbook_url"], type: "url", error: problems["runbook_url"]))
                .submit(viewer.text(.drillStart))
            sections.append(OverviewScreen.section(viewer.text(.drillStart), "<p class=\"help\">\(viewer.text(.drillStartHelp))</p>" + form.html))
        }
        let history = try await runtime.drills.history(team: nil)
        let rows = history.map { card, trend -> [String] in
            let link = "/console/incidents/\(IncidentsScreen.percent(card.incident.id))"
            return [
                "\(ConsoleTime.element(card.incident.createdAt, viewer.zone))<br><a href=\"\(HTML.escape(link))\">\(HTML.escape(card.incident.title))</a>",
                HTML.escape(card.incident.teamID.map { names[$0] ?? $0 } ?? "—"),
                acknowledgement(card, viewer),
                HTML.escape(trendText(trend, viewer)),
                HTML.escape(card.isOver ? viewer.language.statusLabel(IncidentStatus.resolved.rawValue) : viewer.text(.drillInProgress)),
            ]
        }
        let table = ConsoleTable(
            caption: viewer.text(.drillsTitle),
            headers: [viewer.text(.drillColumnStarted), viewer.text(.drillTeam), viewer.text(.drillColumnAcknowledged), viewer.text(.drillColumnTrend), viewer.text(.columnStatus)],
            rows: rows, empty: viewer.text(.drillsNone))
        sections.append(OverviewScreen.section(viewer.text(.drillsTitle), table.html, wide: true))
        let body = "<p class=\"help\">\(HTML.escape(viewer.text(.drillsHelp)))</p><div class=\"cards\">\(sections.joined())</div>"
        return ConsolePage(title: viewer.text(.drillsTitle), section: .incidents, body: body, banner: banner, status: status).response(viewer)
    }

    /// "Acknowledged after 6 minutes · target 5 minutes · missed".
    static func acknowledgement(_ card: DrillScorecard, _ viewer: ConsoleViewer) -> String {
        guard let seconds = card.acknowledgeSeconds else { return "<strong class=\"unacked\">\(viewer.text(.drillNotAcknowledged))</strong>" }
        let duration = DurationText.format(seconds, language: viewer.language)
        let target = viewer.text(.drillTarget, ["duration": DurationText.format(card.targetSeconds, language: viewer.language)])
        let verdict = card.metTarget == true ? "<span class=\"pill on\">\(viewer.text(.drillMetTarget))</span>" : "<span class=\"pill off\">\(viewer.text(.drillMissedTarget))</span>"
        return "\(HTML.escape(viewer.text(.drillAcknowledged, ["duration": duration]))) · \(HTML.escape(target)) \(verdict)"
    }

    static func trendText(_ trend: DrillTrend, _ viewer: ConsoleViewer) -> String {
        let language = viewer.language
        return switch trend {
        case .first: viewer.text(.drillTrendFirst)
        case .faster(let seconds): viewer.text(.drillTrendFaster, ["duration": DurationText.format(seconds, language: language)])
        case .slower(let seconds): viewer.text(.drillTrendSlower, ["duration": DurationText.format(seconds, language: language)])
        case .same: viewer.text(.drillTrendSame)
        case .unknown: "—"
        }
    }

    /// The scorecard on a drill's incident page.
    static func scorecard(_ card: DrillScorecard, viewer: ConsoleViewer) -> String {
        var lines = [acknowledgement(card, viewer), HTML.escape(viewer.text(.drillSteps, ["count": String(card.stepsPaged)]))]
        lines += card.channels.map { line in
            HTML.escape(viewer.text(.drillDeliveryLine, [
                "channel": line.channel.rawValue, "arrived": String(line.arrived), "queued": String(line.queued), "failed": String(line.failed),
            ]))
        }
        let runbook: Phrase = card.runbookOpened.map { $0 ? .drillRunbookOpened : .drillRunbookNotOpened } ?? .drillNoRunbook
        lines.append(HTML.escape(viewer.text(runbook)))
        lines.append(HTML.escape(card.postmortem.map { viewer.text(.drillPostmortem, ["state": $0.label(viewer.language)]) } ?? viewer.text(.drillNoPostmortem)))
        return "<ul class=\"timeline\">" + lines.map { "<li>\($0)</li>" }.joined() + "</ul><p><a href=\"/console/drills\">\(viewer.text(.drillsTitle))</a></p>"
    }
}
