import Foundation
import HeraldApp
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird
import NIOCore

/// `/console/notices`: planned-downtime notices by state, a page at a time; the composer
/// (`/console/notices/new`, `/console/notices/:id/edit` for drafts) with the check beside every
/// field, live while typing (`/console/notices/check`, console.js `notice-check`) or with the
/// Check button; a notice's own page is `NoticeScreen`. Drafts are saved through the API's reader
/// (`NoticeBody.draft`) and `Store.createNotice`/`updateNotice`, checked with `NoticeService.check`.
enum NoticesScreen {
    static let stateTabs: [NoticeState?] = [nil, .draft, .scheduled, .inProgress, .completed, .cancelled]

    static func add(to console: Console) {
        let runtime = console.runtime
        let store = runtime.store
        let notices = runtime.notices
        let configuration = runtime.configuration

        console.page("notices") { request, _, viewer in
            let state = request.uri.queryParameters.get("state").flatMap(NoticeState.init(rawValue:))
            let page = try await store.notices(states: state.map { [$0] } ?? [], page: try request.pageRequest())
            let names = Dictionary(uniqueKeysWithValues: try await store.components().map { ($0.id, $0.name(in: viewer.language)) })
            let tabs = stateTabs.map { tab -> String in
                let href = tab.map { "/console/notices?state=\($0.rawValue)" } ?? "/console/notices"
                let current = tab == state ? " aria-current=\"page\"" : ""
                return "<li><a href=\"\(href)\"\(current)>\(HTML.escape(viewer.text(tab.map(stateLabel) ?? .noticesTabAll)))</a></li>"
            }.joined()
            let rows = page.items.map { notice -> [String] in
                let zone = TimeZone(identifier: notice.content.timeZone) ?? viewer.zone
                let title = notice.content.title.text(for: viewer.language) ?? notice.id
                return [
                    "<a href=\"/console/notices/\(HTML.escape(notice.id))\">\(HTML.escape(title))</a>",
                    statePill(notice.state, viewer),
                    window(notice.content, zone: zone),
                    HTML.escape(notice.content.components.map { names[$0] ?? $0 }.joined(separator: viewer.language.listSeparator)),
                ]
            }
            let table = ConsoleTable(
                caption: viewer.text(.navNotices),
                headers: [viewer.text(.columnTitle), viewer.text(.columnStatus), viewer.text(.noticesColumnWindow), viewer.text(.noticesColumnComponents)],
                rows: rows, empty: viewer.text(.noticesNone))
            let path = state.map { "/console/notices?state=\($0.rawValue)" } ?? "/console/notices"
            let new = viewer.may(.responder) ? "<p><a class=\"button primary\" href=\"/console/notices/new\">\(viewer.text(.noticesNew))</a></p>" : ""
            let body = """
                \(new)<nav class="tabs" aria-label="\(viewer.text(.noticesTabsLabel))"><ul>\(tabs)</ul></nav>
                \(table.html)\(ConsolePager(path: path, next: page.next, isFirst: request.uri.queryParameters.get("cursor") == nil).html(viewer))
                """
            return ConsolePage(title: viewer.text(.navNotices), section: .notices, body: body).response(viewer)
        }

        console.page("notices/new", role: .responder) { _, _, viewer in
            let form = NoticeDraftForm(zone: configuration.statusPage.timeZone.identifier)
            return try await composer(runtime, viewer, form: form, notes: NoticeNotes(), noticeID: nil)
        }

        console.action("notices/new", role: .responder) { _, context, viewer, data in
            let form = NoticeDraftForm(form: data)
            if data["intent"] == "check" {
                return try await composer(runtime, viewer, form: form, notes: try await checkNotes(notices, form, viewer), noticeID: nil, checked: true)
            }
            do {
                let notice = try await store.createNotice(try NoticeBody.draft(form.json), createdBy: viewer.actor)
                context.logger.notice("notice drafted", metadata: ["notice": "\(notice.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/notices/\(notice.id)?done=saved")
            } catch let failure as ValidationFailure {
                return try await composer(
                    runtime, viewer, form: form, notes: NoticeNotes(errors: failure.errors, language: viewer.language), noticeID: nil,
                    banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent)
            }
        }

        console.page("notices/:id/edit", role: .responder) { _, context, viewer in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return notFound(viewer) }
            guard notice.state == .draft else { return onlyDrafts(viewer, notice) }
            return try await composer(runtime, viewer, form: NoticeDraftForm(content: notice.content), notes: NoticeNotes(), noticeID: id)
        }

        console.action("notices/:id/edit", role: .responder) { _, context, viewer, data in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return notFound(viewer) }
            guard notice.state == .draft else { return onlyDrafts(viewer, notice) }
            let form = NoticeDraftForm(form: data)
            if data["intent"] == "check" {
                return try await composer(runtime, viewer, form: form, notes: try await checkNotes(notices, form, viewer), noticeID: id, checked: true)
            }
            do {
                _ = try await store.updateNotice(id: id, try NoticeBody.draft(form.json), actor: viewer.actor)
                return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=saved")
            } catch let failure as ValidationFailure {
                return try await composer(
                    runtime, viewer, form: form, notes: NoticeNotes(errors: failure.errors, language: viewer.language), noticeID: id,
                    banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent)
            } catch StoreError.conflict {
                return onlyDrafts(viewer, try await store.notice(id: id))
            }
        }

        // The live check: the composer's fields in, the check's notes out (JSON: the summary's HTML,
        // and each note with the input it belongs to). Stores nothing.
        console.action("notices/check", role: .responder) { _, _, viewer, data in
            let notes = try await checkNotes(notices, NoticeDraftForm(form: data), viewer)
            let items: [JSONValue] = notes.list(viewer.language).map {
                .object(["field": .string($0.field), "kind": .string($0.kind), "text": .string($0.text)])
            }
            let answer = JSONValue.object(["summary": .string(checkSummary(notes, viewer, checked: true)), "notes": .array(items)])
            let body = try JSONEncoder().encode(answer)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }

        NoticeScreen.add(to: console)
    }

    /// The check of what was typed: `NoticeService.check`, or when it cannot be read yet, the reader's problems and the jargon.
    static func checkNotes(_ notices: NoticeService, _ form: NoticeDraftForm, _ viewer: ConsoleViewer) async throws -> NoticeNotes {
        do {
            return NoticeNotes(report: try await notices.check(try NoticeBody.draft(form.json)), language: viewer.language)
        } catch let failure as ValidationFailure {
            // Not yet a whole notice: its problems, and the advice its words already allow.
            let texts = NoticeDraftForm.textFields.map { field in
                (field, LocalizedText(zhCN: form["\(field).zh-CN"], en: form["\(field).en"]))
            }
            return NoticeNotes(errors: failure.errors, warnings: notices.settings.checker.jargonWarnings(texts), language: viewer.language)
        }
    }

    static func notFound(_ viewer: ConsoleViewer) -> Response {
        ConsolePage(title: viewer.text(.navNotices), section: .notices, body: "", banner: .error(viewer.text(.noticesNotFound)), status: .notFound).response(viewer)
    }

    static func onlyDrafts(_ viewer: ConsoleViewer, _ notice: Notice) -> Response {
        let body = "<p><a href=\"/console/notices/\(HTML.escape(notice.id))\">\(viewer.text(.noticesBackToNotice))</a></p>"
        return ConsolePage(title: viewer.text(.navNotices), section: .notices, body: body, banner: .error(viewer.text(.noticesOnlyDrafts)), status: .conflict)
            .response(viewer)
    }

    static func stateLabel(_ state: NoticeState) -> Phrase {
        switch state {
        case .draft: .noticesStateDraft
        case .scheduled: .noticesStateScheduled
        case .inProgress: .noticesStateInProgress
        case .completed: .noticesStateCompleted
        case .cancelled: .noticesStateCancelled
        }
    }

    static func statePill(_ state: NoticeState, _ viewer: ConsoleViewer) -> String {
        "<span class=\"pill notice-\(state.rawValue)\">\(HTML.escape(viewer.text(stateLabel(state))))</span>"
    }

    /// Start – end in the notice's own zone.
    static func window(_ content: NoticeContent, zone: TimeZone) -> String {
        ConsoleTime.element(content.plannedStart, zone) + (content.plannedEnd.map { " – " + ConsoleTime.element($0, zone) } ?? "")
    }

    /// Zones offered: the common ones, the config's, and the notice's own.
    static func zones(_ configuration: HeraldConfiguration, current: String?) -> [String] {
        var zones = [configuration.statusPage.timeZone.identifier, configuration.costs.timeZone.identifier]
        zones += ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata",
                  "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago", "America/Los_Angeles",
                  "Australia/Sydney", "UTC"]
        if let current, !current.isEmpty { zones.insert(current, at: 0) }
        var seen = Set<String>()
        return zones.filter { seen.insert($0).inserted }
    }

    static func checkSummary(_ notes: NoticeNotes, _ viewer: ConsoleViewer, checked: Bool) -> String {
        guard checked else { return "<p class=\"help\">\(viewer.text(.noticesCheckHelp))</p>" }
        guard !notes.isEmpty else { return "<p class=\"banner done\">\(viewer.text(.noticesCheckClean))</p>" }
        let items = notes.list(viewer.language).map { note in
            "<li class=\"\(note.kind == "error" ? "problem" : "warning")\"><code>\(HTML.escape(note.field))</code> \(HTML.escape(note.text))</li>"
        }.joined()
        return "<ul class=\"check-list\">\(items)</ul>"
    }

    // MARK: The composer

    static func composer(
        _ runtime: HeraldRuntime, _ viewer: ConsoleViewer, form: NoticeDraftForm, notes: NoticeNotes, noticeID: String?, checked: Bool = false,
        banner: ConsoleBanner? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalogue = try await runtime.store.components()
        let labels = try await runtime.store.contactLabels()
        let groups = Set(labels.groups).subtracting([NoticeAudience.subscriberGroup]).union(form.groups).sorted()
        let roles = Set(labels.roles).union(form.roles).sorted()
        let action = noticeID.map { "/console/notices/\($0)/edit" } ?? "/console/notices/new"
        let field = NoticeFieldHTML(form: form, notes: notes)

        let texts = NoticeDraftForm.textFields.map { name -> String in
            let multiline = name != "title"
            let pair = NoticeDraftForm.languages.map { language in
                field.text("\(name).\(language.rawValue)", label: "\(viewer.text(textLabel(name))) · \(language.text(.languageName))",
                           multiline: multiline, lang: language.rawValue)
            }.joined()
            return "<fieldset class=\"bilingual\" id=\"f-\(name)\"><legend>\(HTML.escape(viewer.text(textLabel(name))))</legend>\(notes.html(name))<div class=\"pair\">\(pair)</div></fieldset>"
        }.joined()
        let contact = """
            <fieldset id="f-contact"><legend>\(viewer.text(.noticesContact))</legend>\(notes.html("contact"))<div class="pair">\
            \(field.text("contact.name", label: viewer.text(.noticesContactName)))\(field.text("contact.phone", label: viewer.text(.noticesContactPhone), type: "tel"))\
            \(field.text("contact.email", label: viewer.text(.noticesContactEmail), type: "email"))\(field.text("contact.url", label: viewer.text(.noticesContactURL), type: "url"))</div></fieldset>
            """
        let componentBoxes = catalogue.map { component in
            field.checkbox("components", value: component.id, label: component.name(in: viewer.language), checked: form.components.contains(component.id))
        }.joined()
        let components = """
            <fieldset id="f-components"><legend>\(viewer.text(.noticesComponents))</legend>\(notes.html("components"))\
            <div class="choices">\(componentBoxes.isEmpty ? "<p class=\"empty\">\(viewer.text(.noticesNoComponents))</p>" : componentBoxes)</div></fieldset>
            """
        let severity = field.select("severity", label: viewer.text(.columnSeverity), options: Severity.allCases.map { ($0.rawValue, $0.label(viewer.language)) })
        let zone = field.select("time_zone", label: viewer.text(.noticesTimeZone), options: zones(runtime.configuration, current: form["time_zone"]).map { ($0, $0) })
        let timing = """
            <fieldset id="f-timing"><legend>\(viewer.text(.noticesTiming))</legend><div class="pair">\(severity)\(zone)\
            \(field.text("planned_start", label: viewer.text(.noticesPlannedStart), type: "datetime-local", help: viewer.text(.noticesInNoticeZone)))\
            \(field.text("planned_end", label: viewer.text(.noticesPlannedEnd), type: "datetime-local", help: viewer.text(.noticesEndOrDuration)))\
            \(field.text("expected_duration_minutes", label: viewer.text(.noticesDuration), type: "number", extra: "min=\"1\" inputmode=\"numeric\""))\
            \(field.text("reminder_minutes", label: viewer.text(.noticesReminders), help: viewer.text(.noticesRemindersHelp)))</div></fieldset>
            """
        let groupBoxes = groups.map { field.checkbox("audience.groups", value: $0, label: $0, checked: form.groups.contains($0)) }.joined()
        let roleBoxes = roles.map { field.checkbox("audience.roles", value: $0, label: $0, checked: form.roles.contains($0)) }.joined()
        let audience = """
            <fieldset id="f-audience"><legend>\(viewer.text(.noticesAudience))</legend>\(notes.html("audience"))\
            <p class="help">\(viewer.text(.noticesEveryoneHelp))</p><div class="pair">\
            \(field.select("audience.visibility", label: viewer.text(.noticesVisibility), options: [("public", viewer.text(.noticesVisibilityPublic)), ("internal", viewer.text(.noticesVisibilityInternal))]))\
            \(field.checkbox("audience.subscribers", value: "true", label: viewer.text(.noticesSubscribers), checked: form.subscribers))\(notes.html("audience.subscribers"))</div>\
            <div class="field" id="f-audience.groups"><span class="label">\(viewer.text(.noticesGroups))</span><div class="choices">\(groupBoxes.isEmpty ? "<span class=\"meta\">\(viewer.text(.noticesNoGroups))</span>" : groupBoxes)</div>\(notes.html("audience.groups"))</div>\
            <div class="field" id="f-audience.roles"><span class="label">\(viewer.text(.noticesRoles))</span><div class="choices">\(roleBoxes.isEmpty ? "<span class=\"meta\">\(viewer.text(.noticesNoGroups))</span>" : roleBoxes)</div>\(notes.html("audience.roles"))</div></fieldset>
            """
        let other = notes.html("notice") + notes.html("sms.zh-CN") + notes.html("sms.en")
        let body = """
            <form method="post" action="\(action)" class="form stacked composer" data-notice-check="/console/notices/check" novalidate>\
            <input type="hidden" name="csrf" value="\(HTML.escape(viewer.csrfToken))">
            <section class="card check" id="notice-check" aria-live="polite"><h2>\(viewer.text(.noticesCheckTitle))</h2>\
            <div data-check-summary>\(checkSummary(notes, viewer, checked: checked || !notes.isEmpty))</div>\(other)</section>
            \(texts)\(contact)\(components)\(timing)\(audience)
            <p class="actions"><button type="submit" class="button primary" name="intent" value="save">\(viewer.text(.noticesSave))</button> \
            <button type="submit" class="button secondary" name="intent" value="check">\(viewer.text(.noticesCheck))</button>\
            \(noticeID.map { " <a href=\"/console/notices/\(HTML.escape($0))\">\(viewer.text(.noticesBackToNotice))</a>" } ?? "")</p></form>
            """
        let title = viewer.text(noticeID == nil ? .noticesNew : .noticesEdit)
        return ConsolePage(title: title, section: .notices, body: body, banner: banner, status: status).response(viewer)
    }

    static func textLabel(_ field: String) -> Phrase {
        switch field {
        case "title": .noticesFieldTitle
        case "reason": .noticesFieldReason
        case "impact": .noticesFieldImpact
        case "precautions": .noticesFieldPrecautions
        case "follow_up": .noticesFieldFollowUp
        case "closing": .noticesFieldClosing
        default: .noticesFieldSignature
        }
    }
}

/// The composer's controls: each labelled, with its notes beside it and `aria-invalid` when it has a problem.
struct NoticeFieldHTML: Sendable {
    let form: NoticeDraftForm
    let notes: NoticeNotes

    private func state(_ name: String) -> String {
        let invalid = notes.errors[name] == nil ? "" : " aria-invalid=\"true\""
        let described = notes.errors[name] == nil && notes.warnings[name] == nil ? "" : " aria-describedby=\"\(HTML.escape("f-\(name)-notes"))\""
        return invalid + described
    }

    func text(_ name: String, label: String, type: String = "text", multiline: Bool = false, lang: String? = nil, help: String? = nil, extra: String = "") -> String {
        let id = HTML.escape("f-\(name)")
        let value = form.values[name] ?? ""
        let langAttribute = lang.map { " lang=\"\($0)\"" } ?? ""
        let control = multiline
            ? "<textarea id=\"\(id)\" name=\"\(HTML.escape(name))\" rows=\"3\"\(langAttribute)\(state(name))>\(HTML.escape(value))</textarea>"
            : "<input id=\"\(id)\" name=\"\(HTML.escape(name))\" type=\"\(type)\" value=\"\(HTML.escape(value))\"\(langAttribute)\(state(name)) \(extra)>"
        return "<div class=\"field\"><label for=\"\(id)\">\(HTML.escape(label))</label>\(control)\(help.map { "<p class=\"help\">\(HTML.escape($0))</p>" } ?? "")\(notes.html(name))</div>"
    }

    func select(_ name: String, label: String, options: [(String, String)]) -> String {
        let id = HTML.escape("f-\(name)")
        let chosen = form.values[name]
        let choices = options.map { "<option value=\"\(HTML.escape($0.0))\"\($0.0 == chosen ? " selected" : "")>\(HTML.escape($0.1))</option>" }.joined()
        return "<div class=\"field\"><label for=\"\(id)\">\(HTML.escape(label))</label><select id=\"\(id)\" name=\"\(HTML.escape(name))\"\(state(name))>\(choices)</select>\(notes.html(name))</div>"
    }

    func checkbox(_ name: String, value: String, label: String, checked: Bool) -> String {
        let id = HTML.escape("f-\(name)-\(value)")
        return "<label class=\"check\" for=\"\(id)\"><input type=\"checkbox\" id=\"\(id)\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\"\(checked ? " checked" : "")> \(HTML.escape(label))</label>"
    }
}
