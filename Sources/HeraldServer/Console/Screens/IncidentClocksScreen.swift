import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// The incident page's regulatory clocks card: each classification's steps with their deadlines in
/// the viewer's zone (named) and a live countdown (`console.js` `data-countdown`; without it the
/// server's "time left" stands), and for responders the classify and file forms, through the same
/// use cases as the API (`RegulatoryClocks`) as `viewer.actor`.
enum IncidentClocksScreen {
    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        console.action("incidents/:id/classify", role: .responder) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            var problems: [String: String] = [:]
            let regime = form["regime"] ?? ""
            if runtime.clocks.policy.regime(regime) == nil { problems["regime"] = viewer.text(.clocksChooseRegime) }
            let awareness = OnCallScreen.localTime(form["awareness_at"], viewer.zone)
            if awareness == nil { problems["awareness_at"] = viewer.text(.clocksTimeMissing) }
            if !problems.isEmpty { return try await IncidentScreen.refused(incident, viewer, runtime, problems, form) }
            do {
                _ = try await runtime.clocks.classify(incident: incident.id, regime: regime, awareness: awareness!, by: viewer.actor)
            } catch let failure as ValidationFailure {
                return try await IncidentScreen.refused(incident, viewer, runtime, fields(failure.errors, viewer), form)
            } catch StoreError.conflict(let error) {
                return try await IncidentScreen.refused(incident, viewer, runtime, ["regime": error.reason(in: viewer.language)], form)
            }
            return IncidentScreen.done(incident, "classified")
        }
        console.action("incidents/:id/file", role: .responder) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            // The step is chosen as "regime/step".
            let chosen = (form["step"] ?? "").split(separator: "/", maxSplits: 1).map(String.init)
            guard chosen.count == 2 else { return try await IncidentScreen.refused(incident, viewer, runtime, ["step": viewer.text(.clocksChooseStep)], form) }
            var filedAt: Date?
            if let typed = form["filed_at"], !typed.isEmpty {
                guard let parsed = OnCallScreen.localTime(typed, viewer.zone) else {
                    return try await IncidentScreen.refused(incident, viewer, runtime, ["filed_at": viewer.text(.clocksTimeMissing)], form)
                }
                filedAt = parsed
            }
            let reference = form["reference"].flatMap { $0.isEmpty ? nil : $0 }
            let lateReason = form["late_reason"].flatMap { $0.isEmpty ? nil : $0 }
            do {
                _ = try await runtime.clocks.file(
                    incident: incident.id, regime: chosen[0], step: chosen[1], filedAt: filedAt, reference: reference, lateReason: lateReason, by: viewer.actor)
            } catch let failure as ValidationFailure {
                return try await IncidentScreen.refused(incident, viewer, runtime, fields(failure.errors, viewer), form)
            }
            return IncidentScreen.done(incident, "filed")
        }
    }

    /// The API's field names as the form's, each reason in the viewer's words.
    static func fields(_ errors: [FieldError], _ viewer: ConsoleViewer) -> [String: String] {
        Dictionary(errors.map { ($0.field, $0.reason(in: viewer.language)) }, uniquingKeysWith: { first, _ in first })
    }

    static func stateName(_ state: StepView.State, _ viewer: ConsoleViewer) -> String {
        switch state {
        case .filed: viewer.text(.clocksStateFiled)
        case .running: viewer.text(.clocksStateRunning)
        case .missed: viewer.text(.clocksStateMissed)
        case .undated: viewer.text(.clocksStateUndated)
        }
    }

    /// `2026-11-21 16:00 (Asia/Shanghai)`: the viewer's zone, named.
    static func time(_ date: Date, _ viewer: ConsoleViewer) -> String {
        let civil = CivilTime(date, in: viewer.zone)
        return "\(civil.dateText) \(civil.minuteText) (\(viewer.zone.identifier), UTC\(civil.offsetText()))"
    }

    /// What is left (or how long overdue), as the server writes it; `data-countdown` keeps it live.
    static func countdown(_ deadline: Date, now: Date, _ viewer: ConsoleViewer) -> String {
        let left = deadline.timeIntervalSince(now)
        let shown = DurationText.format(abs(left), language: viewer.language)
        let text = left >= 0 ? viewer.text(.clocksLeft, ["time": shown]) : viewer.text(.clocksOverdue, ["time": shown])
        return """
            <time datetime="\(HTML.escape(RFC3339.write(deadline)))" data-countdown \
            data-left="\(HTML.escape(viewer.text(.clocksLeft, ["time": "{time}"])))" \
            data-overdue="\(HTML.escape(viewer.text(.clocksOverdue, ["time": "{time}"])))">\(HTML.escape(text))</time>
            """
    }

    /// The card: every classification and its steps, then the forms.
    static func card(_ incident: Incident, viewer: ConsoleViewer, runtime: HeraldRuntime, draft: IncidentScreen.Draft) async throws -> String {
        let views = try await runtime.clocks.clocks(incident: incident.id)
        let now = runtime.now()
        var html = ""
        if views.isEmpty { html += "<p class=\"empty\">\(HTML.escape(viewer.text(.clocksNone)))</p>" }
        for view in views {
            let classification = view.classification
            let rows = view.steps.map { step -> [String] in
                let deadline = step.deadline.map { HTML.escape(time($0, viewer)) } ?? HTML.escape(viewer.text(.clocksWithoutDelay))
                let left: String
                if step.state == .running || step.state == .missed, let due = step.deadline { left = countdown(due, now: now, viewer) } else { left = "" }
                let filings = step.filings.map { filing in
                    HTML.escape(time(filing.filedAt, viewer) + (filing.reference.map { " · \($0)" } ?? "") + (filing.lateReason.map { " · \($0)" } ?? ""))
                }.joined(separator: "<br>")
                let pill = "<span class=\"pill clock-\(step.state.rawValue)\">\(HTML.escape(stateName(step.state, viewer) + (step.late ? " · " + viewer.text(.clocksLate) : "")))</span>"
                return [HTML.escape(step.step.name(viewer.language)), deadline, left, pill, filings]
            }
            html += "<h3>\(HTML.escape(view.regime.name(viewer.language)))</h3>"
            html += "<p class=\"meta\">\(HTML.escape(viewer.text(.clocksAwareSince, ["time": time(classification.awareness, viewer), "by": classification.recordedBy])))</p>"
            html += ConsoleTable(
                caption: view.regime.name(viewer.language),
                headers: [viewer.text(.clocksStep), viewer.text(.clocksDeadline), viewer.text(.clocksTimeLeft), viewer.text(.clocksState), viewer.text(.clocksFilings)],
                rows: rows, empty: "").html
            if !view.regime.steps.isEmpty {
                let report = ComplianceReportScreen.link(incident, view.regime.id, step: nil, language: nil)
                html += "<p><a class=\"button link\" href=\"\(HTML.escape(report))\">\(HTML.escape(viewer.text(.reportOpen)))</a></p>"
            }
        }
        guard viewer.may(.responder) else { return html }
        let base = "/console/incidents/\(IncidentsScreen.percent(incident.id))"
        let classified = Set(views.map(\.regime.id))
        let open = runtime.clocks.policy.regimes.filter { !classified.contains($0.id) }
        if !open.isEmpty {
            html += "<h3>\(HTML.escape(viewer.text(.clocksClassify)))</h3>"
            html += ConsoleForm(action: base + "/classify", csrf: viewer.csrfToken)
                .field(.select("regime", label: viewer.text(.clocksRegime), options: open.map { ($0.id, $0.name(viewer.language)) }, selected: draft.typed["regime"], error: draft.problems["regime"]))
                .field(.text(
                    "awareness_at", label: viewer.text(.clocksAwareAt, ["zone": viewer.zone.identifier]),
                    value: draft.typed["awareness_at"] ?? NoticeDraftForm.local(now, viewer.zone), type: "datetime-local", error: draft.problems["awareness_at"],
                    help: viewer.text(.clocksAwareHelp)))
                .submit(viewer.text(.clocksClassify), style: .secondary).html
        }
        let steps: [(value: String, label: String)] = views.flatMap { view in
            view.steps.map { (value: "\(view.regime.id)/\($0.step.id)", label: "\(view.regime.name(viewer.language)): \($0.step.name(viewer.language))") }
        }
        if !steps.isEmpty {
            html += "<h3>\(HTML.escape(viewer.text(.clocksFile)))</h3>"
            html += ConsoleForm(action: base + "/file", csrf: viewer.csrfToken)
                .field(.select("step", label: viewer.text(.clocksStep), options: steps, selected: draft.typed["step"], error: draft.problems["step"]))
                .field(.text(
                    "filed_at", label: viewer.text(.clocksFiledAt, ["zone": viewer.zone.identifier]), value: draft.typed["filed_at"], type: "datetime-local",
                    error: draft.problems["filed_at"], help: viewer.text(.clocksFiledAtHelp)))
                .field(.text("reference", label: viewer.text(.clocksReference), value: draft.typed["reference"], error: draft.problems["reference"]))
                .field(IncidentScreen.textarea(
                    "late_reason", label: viewer.text(.clocksLateReason), value: draft.typed["late_reason"], error: draft.problems["late_reason"],
                    help: viewer.text(.clocksLateReasonHelp)))
                .submit(viewer.text(.clocksFile), style: .secondary).html
        }
        return html
    }
}
