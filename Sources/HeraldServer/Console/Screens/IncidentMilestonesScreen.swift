import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// The incident page's milestones card: each milestone's time in the viewer's zone with whose word
/// it is (Herald's record, or the responder who set it and why), and the form that sets, corrects
/// or takes back one (`POST /console/incidents/:id/milestone`, through `Store.changeMilestone` as
/// the API's `PUT …/milestones/{milestone}`).
enum IncidentMilestonesScreen {
    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        console.action("incidents/:id/milestone", role: .responder) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            var problems: [String: String] = [:]
            let milestone = form["milestone"].flatMap(Milestone.init(rawValue:))
            if milestone == nil { problems["milestone"] = viewer.text(.milestoneChoose) }
            let typed = form["at"] ?? ""
            var at: Date?
            if !typed.isEmpty {
                at = NoticeDraftForm.date(typed, viewer.zone)
                if at == nil { problems["at"] = viewer.text(.milestoneTimeInvalid) }
            }
            let reason = form["reason"] ?? ""
            if let milestone, problems.isEmpty {
                do {
                    _ = try await store.changeMilestone(
                        incidentID: incident.id, MilestoneChange(milestone: milestone, at: at, reason: reason), actor: viewer.actor)
                    return IncidentScreen.done(incident, "milestone")
                } catch let failure as ValidationFailure {
                    for error in failure.errors { problems[error.field] = problems[error.field] ?? error.reason(in: viewer.language) }
                }
            } else if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems["reason"] = viewer.text(.milestoneReasonMissing)
            }
            return try await IncidentScreen.refused(incident, viewer, runtime, problems, form)
        }
    }

    static func card(_ milestones: IncidentMilestones, incident: Incident, viewer: ConsoleViewer, draft: IncidentScreen.Draft) -> String {
        let rows = Milestone.allCases.map { milestone -> [String] in
            let time = milestones.time(milestone).map { ConsoleTime.element($0, viewer.zone) } ?? "<span class=\"meta\">\(viewer.text(.milestoneUnknown))</span>"
            let source: String
            if let set = milestones.set[milestone] {
                source = HTML.escape(viewer.text(.milestoneByResponder, ["actor": set.actor, "reason": set.reason]))
            } else if milestones.recorded[milestone] != nil {
                source = HTML.escape(viewer.text(.milestoneByHerald))
            } else {
                source = "—"
            }
            return [HTML.escape(milestone.label(viewer.language)), time, source]
        }
        let table = ConsoleTable(
            caption: viewer.text(.milestonesTitle), headers: [viewer.text(.milestoneColumn), viewer.text(.milestoneTime), viewer.text(.milestoneReason)],
            rows: rows, empty: "")
        var html = "<p class=\"help\">\(viewer.text(.milestonesHelp))</p>" + table.html
        if viewer.may(.responder) {
            let form = ConsoleForm(action: "/console/incidents/\(IncidentsScreen.percent(incident.id))/milestone", csrf: viewer.csrfToken)
                .field(.select(
                    "milestone", label: viewer.text(.milestoneColumn),
                    options: Milestone.allCases.map { ($0.rawValue, $0.label(viewer.language)) },
                    selected: draft.typed["milestone"] ?? Milestone.impactStarted.rawValue, error: draft.problems["milestone"]))
                .field(.text(
                    "at", label: viewer.text(.milestoneTime), value: draft.typed["at"], type: "datetime-local", error: draft.problems["at"],
                    help: viewer.text(.milestoneTimeHelp, ["zone": viewer.zone.identifier])))
                .field(.text("reason", label: viewer.text(.milestoneReason), value: draft.typed["reason"], error: draft.problems["reason"]))
                .submit(viewer.text(.milestoneSave), style: .secondary)
            html += form.html
        }
        return html
    }
}
