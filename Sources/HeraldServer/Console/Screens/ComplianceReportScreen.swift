import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird
import NIOCore

/// `/console/incidents/:id/report/:regime`: a regulatory step's pre-filled report, in either
/// language whatever the console's (a report goes to the authority in its own language), each field
/// marked as Herald's text, a responder's, or still to write; the form where responders write the
/// fields Herald cannot know; and the Markdown to send. Through `RegulatoryClocks`, as the API.
enum ComplianceReportScreen {
    static func add(to console: Console) {
        let runtime = console.runtime
        let store = console.store
        console.page("incidents/:id/report/:regime") { request, context, viewer in
            guard let incident = try await IncidentScreen.incident(context, store), let regime = try await regime(context, incident, runtime) else {
                return IncidentScreen.notFound(viewer)
            }
            let query = request.uri.queryParameters
            return try await page(
                incident, regime, step: query.get("step"), language: query.get("language").flatMap(Language.init(rawValue:)), viewer: viewer,
                runtime: runtime, banner: ConsoleBanner.done(request, viewer, ["saved": .reportFactsSaved]))
        }
        console.page("incidents/:id/report/:regime/markdown") { request, context, viewer in
            guard let incident = try await IncidentScreen.incident(context, store), let regime = try await regime(context, incident, runtime) else {
                return IncidentScreen.notFound(viewer)
            }
            let query = request.uri.queryParameters
            let step = regime.steps.first { $0.id == query.get("step") } ?? regime.steps.first
            guard let step else { return IncidentScreen.notFound(viewer) }
            let language = query.get("language").flatMap(Language.init(rawValue:)) ?? viewer.language
            let report = try await runtime.clocks.report(incident: incident.id, regime: regime.id, step: step.id, language: language, zone: viewer.zone)
            let name = "\(incident.id)-\(regime.id)-\(step.id)".filter { $0.isLetter || $0.isNumber || $0 == "-" }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/markdown; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"report-\(name).md\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: report.markdown(zone: viewer.zone))))
        }
        console.action("incidents/:id/report/:regime", role: .responder, limit: 512 * 1024) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store), let regime = try await regime(context, incident, runtime) else {
                return IncidentScreen.notFound(viewer)
            }
            let step = form["step"]
            let language = form["language"].flatMap(Language.init(rawValue:))
            var fields: [String: String] = [:]
            for field in allFields(regime) { fields[field.id] = form["field." + field.id] ?? "" }
            do {
                _ = try await runtime.clocks.saveReportFields(incident: incident.id, regime: regime.id, fields: fields, by: viewer.actor)
            } catch let failure as ValidationFailure {
                return try await page(
                    incident, regime, step: step, language: language, viewer: viewer, runtime: runtime,
                    banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent, typed: fields,
                    problems: IncidentClocksScreen.fields(failure.errors, viewer))
            }
            let back = link(incident, regime.id, step: step, language: language)
            return ConsoleResponse.redirect(to: back + (back.contains("?") ? "&" : "?") + "done=saved")
        }
    }

    /// The regime named in the path, when the incident is classified under it.
    static func regime(_ context: HeraldRequestContext, _ incident: Incident, _ runtime: HeraldRuntime) async throws -> RegulatoryRegime? {
        guard let id = context.parameters.get("regime"), let regime = runtime.clocks.policy.regime(id) else { return nil }
        guard try await runtime.clocks.clocks(incident: incident.id).contains(where: { $0.regime.id == id }) else { return nil }
        return regime
    }

    /// Every field the regime's steps ask for, each once, in the order they first appear.
    static func allFields(_ regime: RegulatoryRegime) -> [ReportField] {
        var fields: [ReportField] = []
        for field in regime.steps.flatMap(\.fields) where !fields.contains(where: { $0.id == field.id }) { fields.append(field) }
        return fields
    }

    static func base(_ incident: Incident, _ regime: String) -> String {
        "/console/incidents/\(IncidentsScreen.percent(incident.id))/report/\(IncidentsScreen.percent(regime))"
    }

    static func link(_ incident: Incident, _ regime: String, step: String?, language: Language?) -> String {
        let query = [step.map { "step=\(IncidentsScreen.percent($0))" }, language.map { "language=\($0.rawValue)" }].compactMap { $0 }
        return base(incident, regime) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    static func page(
        _ incident: Incident, _ regime: RegulatoryRegime, step chosen: String?, language chosenLanguage: Language?, viewer: ConsoleViewer,
        runtime: HeraldRuntime, banner: ConsoleBanner?, status: HTTPResponse.Status = .ok, typed: [String: String]? = nil, problems: [String: String] = [:]
    ) async throws -> Response {
        let step = regime.steps.first { $0.id == chosen } ?? regime.steps[0]
        let language = chosenLanguage ?? viewer.language
        let report = try await runtime.clocks.report(incident: incident.id, regime: regime.id, step: step.id, language: language, zone: viewer.zone)
        let classification = try await runtime.clocks.classification(incident: incident.id, regime: regime.id)
        let back = "<p class=\"meta\"><a href=\"/console/incidents/\(HTML.escape(IncidentsScreen.percent(incident.id)))\">\(HTML.escape(incident.title))</a></p>"

        // Which step, which language, and the file to send.
        let steps = regime.steps.map { candidate -> String in
            let current = candidate.id == step.id ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(HTML.escape(link(incident, regime.id, step: candidate.id, language: language)))\"\(current)>\(HTML.escape(candidate.name(viewer.language)))</a></li>"
        }.joined()
        let languages = Language.allCases.map { candidate -> String in
            let current = candidate == language ? " aria-current=\"true\"" : ""
            return "<a class=\"button link\" lang=\"\(candidate.rawValue)\" href=\"\(HTML.escape(link(incident, regime.id, step: step.id, language: candidate)))\"\(current)>\(HTML.escape(candidate.text(.languageName)))</a>"
        }.joined(separator: " ")
        let markdown = base(incident, regime.id) + "/markdown?step=\(IncidentsScreen.percent(step.id))&language=\(language.rawValue)"
        let chooser = """
            <nav aria-label="\(HTML.escape(viewer.text(.clocksStep)))"><ul class="steps">\(steps)</ul></nav>\
            <p class="report-languages">\(HTML.escape(viewer.text(.reportLanguage))): \(languages)</p>\
            <p><a class="button secondary" href="\(HTML.escape(markdown))" download>\(HTML.escape(viewer.text(.reportDownload)))</a></p>
            """

        // The report itself, in the report's language; the marks in the viewer's.
        // The step's clock as the clocks card shows it: what is left, or how long overdue, until it is filed.
        let clock = runtime.clocks.view(classification).steps.first { $0.step.id == step.id }
        var left = ""
        if let clock, clock.state == .running || clock.state == .missed, let due = clock.deadline {
            left = " · " + IncidentClocksScreen.countdown(due, now: runtime.now(), viewer)
        }
        var html = "<p class=\"meta\">\(HTML.escape(report.deadline.map { language.text(.reportDeadlineLine, ["deadline": IncidentClocksScreen.time($0, viewer)]) } ?? language.text(.reportWithoutUndueDelay)))\(left)</p>"
        html += "<p class=\"help\">\(HTML.escape(language.text(.reportPrefilledNote)))</p><dl class=\"report\" lang=\"\(language.rawValue)\">"
        for entry in report.entries {
            let mark: String =
                switch entry.origin {
                case .herald: "<span class=\"pill\">\(HTML.escape(viewer.text(.reportFilledByHerald)))</span>"
                case .responder: "<span class=\"pill on\">\(HTML.escape(viewer.text(.reportEnteredByResponder)))</span>"
                case .missing: "<span class=\"pill off\">\(HTML.escape(viewer.text(.reportNotWritten)))</span>"
                }
            let text = entry.text.map { "<div class=\"prose\">\(HTML.escape($0))</div>" } ?? "<p class=\"empty\">\(HTML.escape(language.text(.reportToWrite)))</p>"
            html += "<div><dt>\(HTML.escape(entry.label)) \(mark)</dt><dd>\(text)</dd></div>"
        }
        html += "</dl>"

        var cards = [
            OverviewScreen.section(regime.name(viewer.language), chooser),
            OverviewScreen.section("\(report.regimeName): \(report.stepName)", html, wide: true),
        ]
        if viewer.may(.responder) {
            let values = typed ?? classification.reportFields
            var form = ConsoleForm(action: base(incident, regime.id), csrf: viewer.csrfToken)
                .hidden("step", step.id).hidden("language", language.rawValue)
            for field in allFields(regime) {
                let filled = field.kind?.isFilledByHerald == true || field.kind == .contact || field.kind == .cause || field.kind == .delayReason
                form = form.field(IncidentScreen.textarea(
                    "field." + field.id, label: field.label(viewer.language), value: values[field.id], error: problems[field.id],
                    help: filled ? viewer.text(.reportFieldHelp) : nil))
            }
            cards.append(OverviewScreen.section(viewer.text(.reportSave), form.submit(viewer.text(.reportSave)).html, wide: true))
        }
        let title = "\(regime.name(viewer.language)) · \(viewer.text(.reportOpen))"
        return ConsolePage(title: title, section: .incidents, body: back + "<div class=\"cards\">\(cards.joined())</div>", banner: banner, status: status)
            .response(viewer)
    }
}
