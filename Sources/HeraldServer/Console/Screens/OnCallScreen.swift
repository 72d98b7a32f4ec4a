import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/oncall`: who is on call when. Each schedule as a calendar of the next 7 or 14 days in
/// the viewer's zone (`OnCallSchedule.shifts`, built on `onCall(at:)` and `next(after:)`, as pages
/// pick the person), with a form to add an override (the schedules API's check and store call);
/// each team's escalation policy; the routing rules, and a tester that asks the pipeline's own
/// routing decision which team and severity pasted labels would get, creating nothing.
enum OnCallScreen {
    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        console.page("oncall") { request, _, viewer in
            try await page(request, viewer: viewer, runtime: runtime, draft: nil)
        }
        console.action("oncall/:schedule/overrides", role: .responder) { request, context, viewer, form in
            guard let id = context.parameters.get("schedule"), (try? await store.schedule(id: id)) != nil else {
                return ConsolePage(title: viewer.text(.navOnCall), section: .onCall, body: "", status: .notFound).response(viewer)
            }
            let contact = form["contact"] ?? ""
            let start = localTime(form["start"], viewer.zone), end = localTime(form["end"], viewer.zone)
            var problems: [String: String] = [:]
            if contact.isEmpty { problems["contact"] = viewer.text(.onCallContactMissing) }
            if start == nil { problems["start"] = viewer.text(.onCallTimeInvalid) }
            if end == nil { problems["end"] = viewer.text(.onCallTimeInvalid) }
            if problems.isEmpty, let start, let end {
                do {
                    _ = try await AdminAPI.addOverride(store: store, scheduleID: id, contact: contact, start: start, end: end)
                    return ConsoleResponse.redirect(to: "/console/oncall?done=override#schedule-\(IncidentsScreen.percent(id))")
                } catch let problem as Problem {
                    for error in problem.errors {
                        problems[error.field] = viewer.text(error.field == "contact" ? .onCallContactUnknown : .onCallEndBeforeStart)
                    }
                }
            }
            let typed = Draft(schedule: id, typed: IncidentScreen.typed(form), problems: problems)
            return try await page(request, viewer: viewer, runtime: runtime, draft: typed)
        }
    }

    /// An override form sent back with problems.
    struct Draft {
        var schedule: String
        var typed: [String: String]
        var problems: [String: String]
    }

    /// A `datetime-local` value (`2026-11-22T10:00`) read in the viewer's zone.
    static func localTime(_ text: String?, _ zone: TimeZone) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func localText(_ date: Date, _ zone: TimeZone, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    static func page(_ request: Request, viewer: ConsoleViewer, runtime: HeraldRuntime, draft: Draft?) async throws -> Response {
        let store = runtime.store
        let now = runtime.now()
        let query = request.uri.queryParameters
        let days = query.get("days") == "14" ? 14 : 7
        let schedules = try await store.schedules(page: try request.pageRequest())
        let teams = try await store.teams()
        var names: [String: String] = [:]
        func name(_ contact: String?) async -> String {
            guard let contact else { return viewer.text(.onCallNobody) }
            if let known = names[contact] { return known }
            let found = (try? await store.contact(id: contact).name) ?? contact
            names[contact] = found
            return found
        }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = viewer.zone
        let first = calendar.startOfDay(for: now)
        let dayStarts = (0...days).compactMap { calendar.date(byAdding: .day, value: $0, to: first) }
        var cards: [String] = []
        for schedule in schedules.items {
            let shifts = schedule.shifts(from: first, to: dayStarts.last!)
            var rows: [[String]] = []
            for (start, end) in zip(dayStarts, dayStarts.dropFirst()) {
                var parts: [String] = []
                for shift in shifts where shift.end > start && shift.start < end {
                    let from = max(shift.start, start), until = min(shift.end, end)
                    let span = "\(localText(from, viewer.zone, format: "HH:mm"))–\(until == end ? "24:00" : localText(until, viewer.zone, format: "HH:mm"))"
                    let current = shift.start <= now && now < shift.end
                    parts.append(
                        "<li class=\"shift\(shift.isOverride ? " override" : "")\(current ? " now" : "")\"><span class=\"span\">\(span)</span> \(HTML.escape(await name(shift.contact)))"
                            + (shift.isOverride ? " <span class=\"pill\">\(viewer.text(.onCallOverride))</span>" : "")
                            + (current ? " <strong class=\"pill on\">\(viewer.text(.onCallNow))</strong>" : "") + "</li>")
                }
                rows.append([
                    "<time datetime=\"\(localText(start, viewer.zone, format: "yyyy-MM-dd"))\">\(HTML.escape(localText(start, viewer.zone, format: "MM-dd")))</time> \(HTML.escape(weekday(start, viewer)))",
                    "<ul class=\"shifts\">\(parts.joined())</ul>",
                ])
            }
            let usedBy = teams.filter { $0.escalation.steps.contains { $0.target == .schedule(schedule.id) } }.map(\.name)
            let meta = viewer.text(.onCallRotation, ["days": String(schedule.rotationDays), "zone": schedule.timeZone])
                + (usedBy.isEmpty ? "" : " · " + viewer.text(.onCallUsedBy, ["teams": usedBy.joined(separator: viewer.language.listSeparator)]))
            let table = ConsoleTable(
                caption: schedule.name, headers: [viewer.text(.onCallDay), viewer.text(.onCallWho)], rows: rows, empty: viewer.text(.onCallNobody))
            var card = "<p class=\"meta\">\(HTML.escape(meta))</p>\(table.html)"
            if viewer.may(.responder) {
                card += try await overrideForm(schedule, viewer: viewer, now: now, draft: draft?.schedule == schedule.id ? draft : nil, name: name)
            }
            cards.append("<section class=\"card wide\" id=\"schedule-\(HTML.escape(schedule.id))\"><h2>\(HTML.escape(schedule.name))</h2>\(card)</section>")
        }
        let span = "<p class=\"meta\">\(viewer.text(.onCallShowing, ["days": String(days)])) · "
            + "<a href=\"/console/oncall?days=\(days == 7 ? 14 : 7)\">\(viewer.text(days == 7 ? .onCallShow14 : .onCallShow7))</a></p>"
        let pager = ConsolePager(path: "/console/oncall?days=\(days)", next: schedules.next, isFirst: query.get("cursor") == nil).html(viewer)
        let calendars = cards.isEmpty ? "<p class=\"empty\">\(viewer.text(.overviewNoSchedules))</p>" : cards.joined()

        let body = """
            \(span)<div class="cards">\(calendars)</div>\(pager)\
            <div class="cards">\(try await policies(teams, viewer: viewer, store: store, name: name))\
            \(try await routes(request, teams: teams, viewer: viewer, runtime: runtime))</div>
            """
        let banner: ConsoleBanner? = draft != nil ? .error(viewer.text(.formHasProblems)) : ConsoleBanner.done(request, viewer, ["override": .onCallOverrideBanner])
        return ConsolePage(title: viewer.text(.navOnCall), section: .onCall, body: body, banner: banner, status: draft != nil ? .unprocessableContent : .ok)
            .response(viewer)
    }

    static func weekday(_ date: Date, _ viewer: ConsoleViewer) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: viewer.language == .zhCN ? "zh_CN" : "en_US")
        formatter.timeZone = viewer.zone
        formatter.dateFormat = "EEE"
        return formatter.string(from: date)
    }

    static func overrideForm(
        _ schedule: OnCallSchedule, viewer: ConsoleViewer, now: Date, draft: Draft?, name: (String?) async -> String
    ) async throws -> String {
        let list = "members-\(schedule.id)"
        var options = ""
        for member in schedule.members { options += "<option value=\"\(HTML.escape(member))\">\(HTML.escape(await name(member)))</option>" }
        let hour = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 3600).rounded(.up) * 3600)
        let typed = draft?.typed ?? [
            "start": localText(hour, viewer.zone, format: "yyyy-MM-dd'T'HH:mm"),
            "end": localText(hour.addingTimeInterval(8 * 3600), viewer.zone, format: "yyyy-MM-dd'T'HH:mm"),
        ]
        let problems = draft?.problems ?? [:]
        let form = ConsoleForm(action: "/console/oncall/\(IncidentsScreen.percent(schedule.id))/overrides", csrf: viewer.csrfToken)
            .raw("<datalist id=\"\(HTML.escape(list))\">\(options)</datalist>")
            .field(.text(
                "contact", label: viewer.text(.onCallOverrideWho), value: typed["contact"], error: problems["contact"], help: viewer.text(.onCallOverrideWhoHelp),
                extra: "list=\"\(HTML.escape(list))\""))
            .field(.text("start", label: viewer.text(.columnStart), value: typed["start"], type: "datetime-local", error: problems["start"]))
            .field(.text("end", label: viewer.text(.columnEnd), value: typed["end"], type: "datetime-local", error: problems["end"], help: viewer.text(.consoleTimesIn, ["zone": viewer.zone.identifier])))
            .submit(viewer.text(.onCallAddOverride), style: .secondary)
            .html
        // The form's ids must differ per schedule on one page.
        let unique = form.replacingOccurrences(of: "\"f-", with: "\"f-\(HTML.escape(schedule.id))-")
        return "<details class=\"override\"\(draft == nil ? "" : " open")><summary>\(viewer.text(.onCallAddOverride))</summary>\(unique)</details>"
    }

    static func policies(_ teams: [Team], viewer: ConsoleViewer, store: Store, name: (String?) async -> String) async throws -> String {
        var rows: [[String]] = []
        for team in teams {
            var steps: [String] = []
            for (index, step) in team.escalation.steps.enumerated() {
                let target: String
                switch step.target {
                case .contact(let id): target = viewer.text(.onCallTargetContact, ["name": HTML.escape(await name(id))])
                case .group(let id): target = viewer.text(.onCallTargetGroup, ["name": HTML.escape(id)])
                case .schedule(let id):
                    let schedule = (try? await store.schedule(id: id).name) ?? id
                    target = viewer.text(.onCallTargetSchedule, ["name": HTML.escape(schedule)])
                }
                steps.append("<li>\(viewer.text(.onCallStep, ["step": String(index + 1), "minutes": String(step.waitMinutes)])) \(target)</li>")
            }
            let repeats = team.escalation.repeats > 0 ? "<p class=\"meta\">\(viewer.text(.onCallRepeats, ["count": String(team.escalation.repeats)]))</p>" : ""
            rows.append([HTML.escape(team.name) + "<br><code>\(HTML.escape(team.id))</code>", "<ol class=\"steps\">\(steps.joined())</ol>\(repeats)"])
        }
        let table = ConsoleTable(
            caption: viewer.text(.onCallPolicies), headers: [viewer.text(.columnTeam), viewer.text(.onCallSteps)], rows: rows, empty: viewer.text(.onCallNoTeams))
        return OverviewScreen.section(viewer.text(.onCallPolicies), table.html, wide: true)
    }

    static func matcherText(_ matchers: [LabelMatcher]) -> String {
        matchers.map { "<code>\(HTML.escape($0.text))</code>" }.joined(separator: " ")
    }

    static func routes(_ request: Request, teams: [Team], viewer: ConsoleViewer, runtime: HeraldRuntime) async throws -> String {
        let routes = try await runtime.store.alertRoutes()
        let teamNames = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.name) })
        let rows = routes.enumerated().map { index, route in
            [
                String(index + 1), matcherText(route.matchers), HTML.escape(teamNames[route.team] ?? route.team),
                route.severity.map { IncidentScreen.severityTag($0, viewer) } ?? "—",
                route.runbookURL.map { "<a href=\"\(HTML.escape($0))\" rel=\"noopener noreferrer\">\(HTML.escape($0))</a>" } ?? "—",
            ]
        }
        let table = ConsoleTable(
            caption: viewer.text(.onCallRoutes),
            headers: ["#", viewer.text(.onCallMatchers), viewer.text(.columnTeam), viewer.text(.columnSeverity), viewer.text(.incidentRunbook)],
            rows: rows, empty: viewer.text(.onCallNoRoutes))

        // The tester: a GET form (it changes nothing), answered with the pipeline's own decision.
        let query = request.uri.queryParameters
        let typed = query.get("labels") ?? ""
        let word = query.get("source_severity") ?? ""
        var answer = ""
        var problem: String?
        if !typed.isEmpty || !word.isEmpty {
            let parsed = LabelLines.parse(typed)
            if !parsed.badLines.isEmpty {
                problem = viewer.text(.silenceBadLines, ["lines": parsed.badLines.map(String.init).joined(separator: viewer.language.listSeparator)])
            } else {
                let alert = IncomingAlert(
                    action: .trigger, dedupKey: "console-routing-test", summary: "", sourceSeverity: word.isEmpty ? nil : word, labels: parsed.labels,
                    occurredAt: runtime.now())
                let decision = runtime.pipeline.routing(alert, routes: routes)
                let severity = IncidentScreen.severityTag(decision.severity, viewer)
                if let route = decision.route, let index = routes.firstIndex(of: route) {
                    answer = viewer.text(.onCallTesterRouted, [
                        "team": "<strong>\(HTML.escape(teamNames[route.team] ?? route.team))</strong>", "severity": severity, "rule": String(index + 1),
                    ])
                } else {
                    answer = viewer.text(.onCallTesterUnrouted, ["severity": severity])
                }
                answer = "<p class=\"answer\" role=\"status\">\(answer)</p>"
            }
        }
        let tester = """
            <form method="get" action="/console/oncall#tester" class="form stacked" id="tester">\
            \(IncidentScreen.textarea("labels", label: viewer.text(.onCallTesterLabels), value: typed, error: problem, help: viewer.text(.onCallTesterLabelsHelp)).html)\
            \(ConsoleField.text("source_severity", label: viewer.text(.onCallTesterSeverity), value: word, help: viewer.text(.onCallTesterSeverityHelp)).html)\
            <button type="submit" class="button secondary">\(viewer.text(.onCallTesterAsk))</button></form>\(answer)
            """
        return OverviewScreen.section(viewer.text(.onCallRoutes), table.html + "<h3>\(viewer.text(.onCallTester))</h3>" + tester, wide: true)
    }
}
