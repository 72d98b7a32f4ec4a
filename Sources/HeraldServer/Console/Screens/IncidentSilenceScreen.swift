import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/incidents/:id/silence?alert=N`: "silence alerts like this". The form starts with
/// matchers from the alert's labels (one `name=value` a line, Alertmanager's `!=`, `=~`, `!~` too)
/// and says how many open alerts they catch now (`Silence.catches`); "preview" counts again after
/// an edit, "create" makes the silence through the silences API's own reader and store call.
enum IncidentSilenceScreen {
    static let maximumHours = 24 * 30

    static func add(to console: Console) {
        let store = console.store
        let clock = console.runtime.now
        console.page("incidents/:id/silence", role: .responder) { request, context, viewer in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            let alerts = try await store.alerts(incidentID: incident.id)
            let chosen = request.uri.queryParameters.get("alert").flatMap(Int64.init).flatMap { id in alerts.first { $0.id == id } } ?? alerts.first
            let labels = chosen.map { ResponderDetails.of(labels: $0.labels, details: [:]).labels } ?? []
            let matchers = labels.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
            let typed = ["matchers": matchers, "hours": "2", "comment": ""]
            return try await page(incident, viewer: viewer, store: store, now: clock(), typed: typed, problems: [:])
        }
        console.action("incidents/:id/silence", role: .responder) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            let now = clock()
            let typed = ["matchers": form["matchers"] ?? "", "hours": form["hours"] ?? "", "comment": form["comment"] ?? ""]
            var problems: [String: String] = [:]
            let (matchers, bad) = parse(typed["matchers"]!)
            if !bad.isEmpty {
                problems["matchers"] = viewer.text(.silenceBadLines, ["lines": bad.map(String.init).joined(separator: viewer.language.listSeparator)])
            } else if matchers.isEmpty {
                problems["matchers"] = viewer.text(.silenceNeedsMatcher)
            }
            let hours = Int(typed["hours"]!).flatMap { (1...maximumHours).contains($0) ? $0 : nil }
            if hours == nil { problems["hours"] = viewer.text(.silenceHoursRange, ["maximum": String(maximumHours)]) }
            if form["intent"] == "preview" {
                return try await page(incident, viewer: viewer, store: store, now: now, typed: typed, problems: problems.filter { $0.key == "matchers" })
            }
            if typed["comment"]!.isEmpty { problems["comment"] = viewer.text(.silenceCommentMissing) }
            guard problems.isEmpty, let hours else {
                return try await page(incident, viewer: viewer, store: store, now: now, typed: typed, problems: problems, refused: true)
            }
            // The silences API's body, read by the API's reader: the same checks, the same silence.
            let body = JSONValue.object([
                "matchers": .array(matchers.map { matcher in
                    .object(["name": .string(matcher.name), "value": .string(matcher.value), "is_regex": .bool(matcher.isRegex), "is_equal": .bool(matcher.isEqual)])
                }),
                "starts_at": .string(PublicTime.rfc3339(now, .gmt)),
                "ends_at": .string(PublicTime.rfc3339(now.addingTimeInterval(TimeInterval(hours) * 3600), .gmt)),
                "comment": .string(typed["comment"]!),
            ])
            let silence: Silence
            do {
                silence = try AdminAPI.silence(body, actor: viewer.actor, now: now)
            } catch let failure as ValidationFailure {
                for error in failure.errors {
                    let field = error.field.hasPrefix("matchers") ? "matchers" : error.field == "comment" ? "comment" : "hours"
                    problems[field] = problems[field] ?? viewer.text(field == "comment" ? .silenceCommentInvalid : field == "matchers" ? .silenceNeedsMatcher : .silenceHoursRange, ["maximum": String(maximumHours)])
                }
                return try await page(incident, viewer: viewer, store: store, now: now, typed: typed, problems: problems, refused: true)
            }
            _ = try await store.createSilence(silence)
            return IncidentScreen.done(incident, "silenced")
        }
    }

    /// The matchers typed one a line, and the numbers of the lines that are not matchers.
    static func parse(_ text: String) -> ([LabelMatcher], [Int]) {
        var matchers: [LabelMatcher] = []
        var bad: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            if let matcher = LabelMatcher.parse(line.trimmingCharacters(in: .whitespacesAndNewlines)) { matchers.append(matcher) } else { bad.append(index + 1) }
        }
        return (matchers, bad)
    }

    static func page(
        _ incident: Incident, viewer: ConsoleViewer, store: Store, now: Date, typed: [String: String], problems: [String: String], refused: Bool = false
    ) async throws -> Response {
        let (matchers, bad) = parse(typed["matchers"] ?? "")
        var preview = ""
        if bad.isEmpty, !matchers.isEmpty {
            let probe = Silence(id: "preview", matchers: matchers, startsAt: now, endsAt: now, createdBy: viewer.actor, comment: "")
            let caught = probe.catches(try await store.openAlerts())
            let rows = caught.prefix(20).map { alert in
                [IncidentScreen.severityTag(alert.severity, viewer), HTML.escape(alert.summary), HTML.escape(LabelLines.text(alert.labels))]
            }
            preview = """
                <p class="count" role="status"><strong>\(viewer.text(.silenceCatches, ["count": String(caught.count)]))</strong></p>\
                \(ConsoleTable(caption: viewer.text(.silencePreview), headers: [viewer.text(.columnSeverity), viewer.text(.columnTitle), viewer.text(.silenceLabels)], rows: rows, empty: viewer.text(.silenceCatchesNone)).html)
                """
        }
        let base = "/console/incidents/\(IncidentsScreen.percent(incident.id))"
        let form = ConsoleForm(action: base + "/silence", csrf: viewer.csrfToken)
            .field(IncidentScreen.textarea(
                "matchers", label: viewer.text(.silenceMatchers), value: typed["matchers"], error: problems["matchers"], help: viewer.text(.silenceMatchersHelp)))
            .field(.text("hours", label: viewer.text(.silenceHours), value: typed["hours"], type: "number", error: problems["hours"], extra: "min=\"1\" max=\"\(maximumHours)\""))
            .field(.text("comment", label: viewer.text(.silenceComment), value: typed["comment"], error: problems["comment"], help: viewer.text(.silenceCommentHelp)))
            .submit(viewer.text(.silencePreviewButton), style: .secondary, name: "intent", value: "preview")
            .raw(" ")
            .submit(viewer.text(.silenceCreate), name: "intent", value: "create")
            .html
        let body = """
            <p class="meta"><a href="\(base)">\(HTML.escape(incident.title))</a></p>\
            <div class="cards"><section class="card">\(form)</section>\
            <section class="card"><h2>\(viewer.text(.silencePreview))</h2>\(preview.isEmpty ? "<p class=\"empty\">\(viewer.text(.silenceNeedsMatcher))</p>" : preview)</section></div>
            """
        return ConsolePage(
            title: viewer.text(.incidentSilenceLikeThis), section: .incidents, body: body,
            banner: refused ? .error(viewer.text(.formHasProblems)) : nil, status: refused ? .unprocessableContent : .ok
        ).response(viewer)
    }
}
