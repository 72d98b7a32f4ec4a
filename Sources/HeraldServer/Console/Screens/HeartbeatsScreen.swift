import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/heartbeats`: every monitor with its state, last beat and the URL to call; responders
/// add one (its URL and a curl line shown once, as the key is kept only as a hash), pause, resume
/// and delete. The form is read by the API's own reader, so each problem lands beside its input.
enum HeartbeatsScreen {
    static let messages: [String: Phrase] = [
        "paused": .heartbeatPausedBanner, "resumed": .heartbeatResumedBanner, "deleted": .heartbeatDeletedBanner,
    ]

    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        let base = (console.runtime.configuration.publicURL ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))

        console.page("heartbeats") { request, _, viewer in
            guard let pageRequest = ScreenKit.pageRequest(request) else {
                return ScreenKit.badQuery(viewer, .heartbeats, .navHeartbeats, path: "/console/heartbeats")
            }
            let page = try await store.heartbeats(page: pageRequest)
            return try await list(
                viewer, store: store, base: base, page: page, isFirst: pageRequest.after == nil, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("heartbeats", role: .responder) { _, context, viewer, form in
            let typed = ["name", "period_minutes", "grace_minutes", "team", "labels", "severity"].reduce(into: [String: String]()) { $0[$1] = form[$1] ?? "" }
            do {
                let new = try read(typed, teams: Set(try await store.teams().map(\.id)))
                let (monitor, key) = try await store.createHeartbeat(new)
                context.logger.notice("heartbeat monitor created", metadata: ["monitor": "\(monitor.name)", "actor": "\(viewer.actor)"])
                let url = base + "/hb/" + key
                let body = """
                    <p>\(HTML.escape(viewer.text(.heartbeatCurlExample)))</p>
                    <p class="once"><code data-copy="\(HTML.escape(viewer.text(.heartbeatCopy)))">\(HTML.escape(curl(url)))</code></p>
                    <p class="help">\(HTML.escape(viewer.text(.heartbeatKeyOnce)))</p>
                    <p><a class="button primary" href="/console/heartbeats">\(viewer.text(.navHeartbeats))</a></p>
                    """
                return ConsolePage(
                    title: viewer.text(.heartbeatCreated, ["name": monitor.name]), section: .heartbeats, body: body,
                    banner: .done(viewer.text(.heartbeatCreated, ["name": monitor.name]))
                ).response(viewer)
            } catch {
                guard var problems = ScreenKit.problems(error, viewer.language) else { throw error }
                // The API counts seconds; the form asks for minutes.
                for (api, field) in [("period_seconds", "period_minutes"), ("grace_seconds", "grace_minutes")] {
                    if let reason = problems.removeValue(forKey: api) { problems[field] = reason }
                }
                for key in problems.keys where key.hasPrefix("labels.") { problems["labels"] = problems.removeValue(forKey: key) }
                let page = try await store.heartbeats(page: PageRequest())
                return try await list(
                    viewer, store: store, base: base, page: page, isFirst: true, banner: .error(viewer.text(.formHasProblems)), typed: typed,
                    problems: problems, status: .unprocessableContent)
            }
        }

        for (change, done) in [("pause", "paused"), ("resume", "resumed")] {
            console.action("heartbeats/:id/\(change)", role: .responder) { _, context, viewer, _ in
                let id = context.parameters.get("id") ?? ""
                do {
                    _ = try await store.setHeartbeatPaused(id: id, paused: change == "pause", at: runtime.now())
                } catch StoreError.notFound {
                    return ScreenKit.notFound(viewer, .heartbeats, .navHeartbeats)
                }
                return ConsoleResponse.redirect(to: "/console/heartbeats?done=\(done)")
            }
        }

        console.action("heartbeats/:id/delete", role: .responder) { _, context, viewer, _ in
            do {
                try await store.deleteHeartbeat(id: context.parameters.get("id") ?? "")
            } catch StoreError.notFound {
                return ScreenKit.notFound(viewer, .heartbeats, .navHeartbeats)
            }
            return ConsoleResponse.redirect(to: "/console/heartbeats?done=deleted")
        }
    }

    /// The form as the API's body: minutes become seconds, `name=value` lines become labels.
    static func read(_ typed: [String: String], teams: Set<String>) throws -> NewHeartbeat {
        var members: [String: JSONValue] = ["name": .string(typed["name"] ?? "")]
        var early: [FieldError] = []
        for (field, api) in [("period_minutes", "period_seconds"), ("grace_minutes", "grace_seconds")] {
            let text = typed[field] ?? ""
            if text.isEmpty, field == "grace_minutes" { continue }
            if let minutes = Double(text), minutes.isFinite, minutes >= 0 {
                members[api] = .integer(Int64((minutes * 60).rounded()))
            } else {
                early.append(FieldError(api, .problemMinutes))
            }
        }
        if let team = typed["team"], !team.isEmpty { members["team"] = .string(team) }
        let lines = LabelLines.parse(typed["labels"] ?? "")
        if !lines.labels.isEmpty { members["labels"] = .object(lines.labels.mapValues { .string($0) }) }
        if !lines.badLines.isEmpty {
            early.append(FieldError("labels", .problemLabelLines) { ["lines": lines.badLines.map(String.init).joined(separator: $0.listSeparator)] })
        }
        if let severity = typed["severity"], !severity.isEmpty { members["severity"] = .string(severity) }
        var errors = early
        do throws(ValidationFailure) {
            let new = try HeartbeatBody.read(.object(members), teams: teams)
            if early.isEmpty { return new }
        } catch {
            // Fields the form could not even turn into the body are reported instead of "is required".
            let named = Set(early.map(\.field))
            errors += error.errors.filter { !named.contains($0.field) }
        }
        throw ValidationFailure(errors)
    }

    static func curl(_ url: String) -> String { "curl -fsS -m 10 --retry 3 \(url)" }

    static func stateLabel(_ monitor: HeartbeatMonitor, _ viewer: ConsoleViewer) -> String {
        if monitor.paused { return "<span class=\"pill off\">\(viewer.text(.heartbeatStatePaused))</span>" }
        switch monitor.state {
        case .waiting: return "<span class=\"pill\">\(viewer.text(.heartbeatStateWaiting))</span>"
        case .up: return "<span class=\"pill on\">\(viewer.text(.heartbeatStateUp))</span>"
        case .late: return "<span class=\"sev-tag sev-high\">\(viewer.text(.heartbeatStateLate))</span>"
        case .failed: return "<span class=\"sev-tag sev-high\">\(viewer.text(.heartbeatStateFailed))</span>"
        }
    }

    static func list(
        _ viewer: ConsoleViewer, store: Store, base: String, page: Page<HeartbeatMonitor>, isFirst: Bool, banner: ConsoleBanner?,
        typed: [String: String] = [:], problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let mayChange = viewer.may(.responder)
        let rows = page.items.map { monitor -> [String] in
            let every = viewer.text(.heartbeatEveryValue, [
                "period": DurationText.format(monitor.period, language: viewer.language),
                "grace": DurationText.format(monitor.grace, language: viewer.language),
            ])
            let url = "\(base)/hb/…\(monitor.keyHint)"
            var actions = ""
            if mayChange {
                let toggle = ConsoleForm(action: "/console/heartbeats/\(monitor.id)/\(monitor.paused ? "resume" : "pause")", csrf: viewer.csrfToken, style: .inline)
                    .submit(viewer.text(monitor.paused ? .heartbeatResume : .heartbeatPause), style: .secondary)
                let delete = ConsoleForm(action: "/console/heartbeats/\(monitor.id)/delete", csrf: viewer.csrfToken, style: .inline)
                    .raw("<button type=\"submit\" class=\"button danger\" data-confirm=\"\(HTML.escape(viewer.text(.heartbeatDeleteConfirm)))\">\(viewer.text(.heartbeatDelete))</button>")
                actions = toggle.html + delete.html
            }
            return [
                "\(HTML.escape(monitor.name))<br><span class=\"meta\">\(HTML.escape(monitor.teamID ?? viewer.text(.heartbeatNoTeam)))</span>",
                stateLabel(monitor, viewer),
                monitor.lastBeatAt.map { ConsoleTime.element($0, viewer.zone) } ?? "<span class=\"meta\">\(viewer.text(.heartbeatNever))</span>",
                HTML.escape(every),
                "<code>\(HTML.escape(curl(url)))</code>",
                actions,
            ]
        }
        var headers = [
            viewer.text(.heartbeatName), viewer.text(.heartbeatState), viewer.text(.heartbeatLastBeat), viewer.text(.heartbeatEvery),
            viewer.text(.heartbeatURL),
        ]
        headers.append(mayChange ? viewer.text(.heartbeatActions) : "")
        let table = ConsoleTable(caption: viewer.text(.navHeartbeats), headers: headers, rows: rows, empty: viewer.text(.heartbeatNone))
        var body = "<p class=\"help\">\(HTML.escape(viewer.text(.heartbeatsIntro)))</p>" + table.html
            + ConsolePager(path: "/console/heartbeats", next: page.next, isFirst: isFirst).html(viewer)
        if mayChange {
            let teams: [(value: String, label: String)] =
                [("", viewer.text(.heartbeatNoTeam))] + (try await store.teams()).map { ($0.id, "\($0.name) (\($0.id))") }
            let severities: [(value: String, label: String)] = Severity.allCases.map { ($0.rawValue, $0.label(viewer.language)) }
            let form = ConsoleForm(action: "/console/heartbeats", csrf: viewer.csrfToken)
                .field(.text("name", label: viewer.text(.heartbeatName), value: typed["name"], error: problems["name"], required: true, autocomplete: "off"))
                .field(.text("period_minutes", label: viewer.text(.heartbeatPeriodMinutes), value: typed["period_minutes"] ?? "5", type: "number",
                             error: problems["period_minutes"], required: true, extra: "min=\"1\" step=\"any\""))
                .field(.text("grace_minutes", label: viewer.text(.heartbeatGraceMinutes), value: typed["grace_minutes"] ?? "1", type: "number",
                             error: problems["grace_minutes"], extra: "min=\"0\" step=\"any\""))
                .field(.select("team", label: viewer.text(.heartbeatTeam), options: teams, selected: typed["team"], error: problems["team"]))
                .field(ScreenKit.area("labels", label: viewer.text(.heartbeatLabels), value: typed["labels"], error: problems["labels"], rows: 3))
                .field(.select("severity", label: viewer.text(.heartbeatSeverity), options: severities, selected: typed["severity"] ?? "high",
                               error: problems["severity"]))
                .submit(viewer.text(.heartbeatCreate))
            body += ScreenKit.card(viewer.text(.heartbeatCreate), form.html)
        }
        return ConsolePage(title: viewer.text(.navHeartbeats), section: .heartbeats, body: body, banner: banner, status: status).response(viewer)
    }
}
