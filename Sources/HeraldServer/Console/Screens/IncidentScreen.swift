import Foundation
import HTTPTypes
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird
import NIOCore

/// `/console/incidents/:id`: one incident as responders work it. The whole timeline (kept up to date
/// by `console.js` from `/console/incidents/:id/stream`, the API's SSE stream served for a session),
/// the actions (acknowledge, resolve, escalate now, reassign, change severity, internal note, each
/// through the use case the API or the respond page uses, as `viewer.actor`), the public-update
/// composer with the status page's own rendering as its preview, the runbook, and the alerts with
/// their labels, each with "silence alerts like this" (`IncidentSilenceScreen`).
enum IncidentScreen {
    static let maximumMessage = IncidentEvent.longestUpdate

    /// What a refused or previewed form brings back to the page.
    struct Draft {
        var problems: [String: String] = [:]
        var typed: [String: String] = [:]
        /// The status page's rendering of the update being written, per language.
        var preview: String?
        var banner: ConsoleBanner?
        var status: HTTPResponse.Status = .ok
    }

    static let banners: [String: Phrase] = [
        "acknowledged": .incidentAcknowledgedBanner, "resolved": .incidentResolvedBanner, "escalated": .incidentEscalatedBanner,
        "reassigned": .incidentReassignedBanner, "severity": .incidentSeverityBanner, "noted": .incidentNotedBanner,
        "published": .incidentPublishedBanner, "silenced": .incidentSilencedBanner,
        "classified": .clocksClassifiedBanner, "filed": .clocksFiledBanner, "milestone": .milestoneSavedBanner, "drill": .drillStarted,
    ]

    static func add(to console: Console) {
        let store = console.store
        let runtime = console.runtime
        console.page("incidents/:id") { request, context, viewer in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            return try await page(incident, viewer: viewer, runtime: runtime, draft: Draft(banner: ConsoleBanner.done(request, viewer, banners)))
        }
        // The API's live timeline for a signed-in session (EventSource sends the session cookie, whose
        // Path is /console). `after` skips what the page already shows; Last-Event-ID resumes.
        console.page("incidents/:id/stream") { request, context, _ in
            guard let incident = try await incident(context, store) else { return Response(status: .notFound) }
            let last = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap(Int64.init)
                ?? request.uri.queryParameters.get("after").flatMap(Int64.init)
            return IncidentStream.response(store: store, incidentID: incident.id, lastEventID: last)
        }
        // The summary card alone, as HTML the server escaped, for console.js `live-summary`.
        console.page("incidents/:id/summary") { _, context, viewer in
            guard let incident = try await incident(context, store) else { return Response(status: .notFound) }
            let facts = try await summary(
                incident, alerts: try await store.alerts(incidentID: incident.id), teams: try await store.teams(), viewer: viewer, runtime: runtime)
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: facts)))
        }
        console.action("incidents/:id/acknowledge", role: .responder) { _, context, viewer, _ in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            _ = try await store.acknowledgeIncident(id: incident.id, actor: viewer.actor)
            return done(incident, "acknowledged")
        }
        console.action("incidents/:id/resolve", role: .responder) { _, context, viewer, _ in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            if incident.status != .resolved {
                // As the respond page resolves: whoever resolves takes it first if nobody had.
                _ = try await store.postIncidentUpdate(
                    id: incident.id, status: .resolved, message: "resolved from the console", isPublic: false, actor: viewer.actor, acknowledging: true)
            }
            return done(incident, "resolved")
        }
        console.action("incidents/:id/escalate", role: .responder) { _, context, viewer, _ in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            switch try await runtime.pipeline.escalateNow(incidentID: incident.id, actor: viewer.actor) {
            case .paged(let step, let queued):
                context.logger.notice("incident escalated by hand", metadata: ["incident": "\(incident.id)", "step": "\(step + 1)", "pages": "\(queued)"])
                return done(incident, "escalated")
            case .refused(let reason):
                let why: Phrase =
                    switch reason {
                    case .resolved: .respondIsResolved
                    case .noPolicy: .respondNoPolicy
                    case .noFurtherStep, .page: .respondNoFurtherStep
                    }
                return try await page(incident, viewer: viewer, runtime: runtime, draft: Draft(banner: .error(viewer.text(why)), status: .conflict))
            }
        }
        console.action("incidents/:id/reassign", role: .responder) { _, context, viewer, form in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            let team = form["team"] ?? ""
            guard (try? await store.team(id: team)) != nil else {
                return try await refused(incident, viewer, runtime, ["team": viewer.text(.incidentChooseTeam)], form)
            }
            _ = try await store.reassignIncident(id: incident.id, to: team, actor: viewer.actor)
            return done(incident, "reassigned")
        }
        console.action("incidents/:id/severity", role: .responder) { _, context, viewer, form in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            guard let severity = form["severity"].flatMap(Severity.init(rawValue:)) else {
                return try await refused(incident, viewer, runtime, ["severity": viewer.text(.incidentChooseSeverity)], form)
            }
            _ = try await store.changeIncidentSeverity(id: incident.id, to: severity, actor: viewer.actor)
            return done(incident, "severity")
        }
        console.action("incidents/:id/note", role: .responder) { _, context, viewer, form in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            let note = form["note"] ?? ""
            if let problem = messageProblem(note, viewer: viewer, required: true) {
                return try await refused(incident, viewer, runtime, ["note": problem], form)
            }
            _ = try await store.postIncidentUpdate(id: incident.id, status: nil, message: note, isPublic: false, actor: viewer.actor)
            return done(incident, "noted")
        }
        console.action("incidents/:id/update", role: .responder) { _, context, viewer, form in
            guard let incident = try await incident(context, store) else { return notFound(viewer) }
            let chinese = form["message_zh"] ?? "", english = form["message_en"] ?? ""
            var problems: [String: String] = [:]
            if chinese.isEmpty, english.isEmpty { problems["message_zh"] = viewer.text(.incidentUpdateMessageMissing) }
            if let problem = messageProblem(chinese, viewer: viewer, required: false) { problems["message_zh"] = problem }
            if let problem = messageProblem(english, viewer: viewer, required: false) { problems["message_en"] = problem }
            let status = form["status"].flatMap { $0.isEmpty ? nil : IncidentStatus(rawValue: $0) }
            if let typed = form["status"], !typed.isEmpty, status == nil { problems["status"] = viewer.text(.incidentChooseStatus) }
            let impact = form["impact"].flatMap { $0.isEmpty ? nil : IncidentImpact(rawValue: $0) }
            if let typed = form["impact"], !typed.isEmpty, impact == nil { problems["impact"] = viewer.text(.incidentChooseImpact) }
            if !problems.isEmpty { return try await refused(incident, viewer, runtime, problems, form) }
            // The message in Chinese is the update's text and English its translation; written in
            // English alone, English is the text for everyone.
            let message = chinese.isEmpty ? english : chinese
            let translations: [Language: String] = chinese.isEmpty || english.isEmpty ? [:] : [.en: english]
            if form["intent"] == "preview" {
                let shown = try await preview(
                    incident, message: message, translations: translations, status: status, impact: impact, actor: viewer.actor, runtime: runtime)
                return try await page(incident, viewer: viewer, runtime: runtime, draft: Draft(typed: typed(form), preview: shown))
            }
            _ = try await store.postIncidentUpdate(
                id: incident.id, status: status, message: message, isPublic: true, actor: viewer.actor, impact: impact, translations: translations)
            return done(incident, "published")
        }
        IncidentSilenceScreen.add(to: console)
        IncidentClocksScreen.add(to: console)
        IncidentMilestonesScreen.add(to: console)
        PostmortemScreen.add(to: console)
        ComplianceReportScreen.add(to: console)
    }

    static func incident(_ context: HeraldRequestContext, _ store: Store) async throws -> Incident? {
        guard let id = context.parameters.get("id") else { return nil }
        return try? await store.incident(id: id)
    }

    static func notFound(_ viewer: ConsoleViewer) -> Response {
        ConsolePage(
            title: viewer.text(.incidentNotFound), section: .incidents,
            body: "<p><a href=\"/console/incidents\">\(viewer.text(.navIncidents))</a></p>", status: .notFound
        ).response(viewer)
    }

    static func done(_ incident: Incident, _ key: String) -> Response {
        ConsoleResponse.redirect(to: "/console/incidents/\(IncidentsScreen.percent(incident.id))?done=\(key)")
    }

    static func typed(_ form: ConsoleFormData) -> [String: String] {
        Dictionary(form.pairs.filter { $0.0 != "csrf" }, uniquingKeysWith: { _, last in last })
    }

    static func refused(_ incident: Incident, _ viewer: ConsoleViewer, _ runtime: HeraldRuntime, _ problems: [String: String], _ form: ConsoleFormData)
        async throws -> Response
    {
        try await page(
            incident, viewer: viewer, runtime: runtime,
            draft: Draft(problems: problems, typed: typed(form), banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent))
    }

    /// What is wrong with a message, in the reader's words (the same limits as the API's).
    static func messageProblem(_ text: String, viewer: ConsoleViewer, required: Bool) -> String? {
        if text.isEmpty { return required ? viewer.text(.respondNoteMissing) : nil }
        if text.count > maximumMessage { return viewer.text(.respondNoteTooLong, ["maximum": String(maximumMessage)]) }
        if !Validate.text(text, field: "message", maximum: maximumMessage, multiline: true).isEmpty { return viewer.text(.respondNoteInvalid) }
        return nil
    }

    /// The incident as the status page would show it with this update posted, in each language,
    /// rendered by the status page itself. Nothing is written.
    static func preview(
        _ incident: Incident, message: String, translations: [Language: String], status: IncidentStatus?, impact: IncidentImpact?, actor: String,
        runtime: HeraldRuntime
    ) async throws -> String {
        let now = runtime.now()
        var events = try await runtime.store.incidentEvents(incidentID: incident.id).filter(\.isPublic)
        var shown = incident
        let next = (events.map(\.id).max() ?? 0) + 1
        if let status, status != incident.status {
            events.append(IncidentEvent(
                id: next, incidentID: incident.id, kind: .statusChanged, actor: actor, detail: "\(incident.status.rawValue) → \(status.rawValue)",
                isPublic: true, at: now))
            shown.status = status
        }
        if let impact { shown.impact = impact }
        events.append(IncidentEvent(
            id: next + 1, incidentID: incident.id, kind: .update, actor: actor, detail: message, isPublic: true, at: now, translations: translations))
        let item = PublicIncident(incident: shown, updates: events)
        let snapshot = PublicSnapshot(generatedAt: now, components: [], groups: [], incidents: [item], maintenances: [], history: [:])
        return Language.allCases.map { language in
            let card = StatusPageHTML(snapshot: snapshot, settings: runtime.configuration.statusPage, language: language).incidentCard(item, full: true)
            return "<div class=\"status-preview\" lang=\"\(language.rawValue)\"><h3>\(HTML.escape(language.text(.incidentPreviewIn)))</h3>\(card)</div>"
        }.joined()
    }

    /// A drill's or a test's label before its title; nothing for a real incident.
    static func kindPill(_ incident: Incident, _ viewer: ConsoleViewer) -> String {
        incident.kind == .real ? "" : "<span class=\"pill drill\">\(HTML.escape(incident.kind.label(viewer.language)))</span> "
    }

    static func severityTag(_ severity: Severity, _ viewer: ConsoleViewer) -> String {
        "<span class=\"sev-tag sev-\(severity.rawValue)\">\(HTML.escape(severity.label(viewer.language)))</span>"
    }

    static func stateLabel(_ incident: Incident, _ viewer: ConsoleViewer) -> String {
        let state: IncidentFilter.State = incident.status == .resolved ? .resolved : incident.acknowledgedAt == nil ? .open : .acknowledged
        return IncidentsScreen.stateName(state, viewer) + " · " + viewer.language.statusLabel(incident.status.rawValue)
    }

    static func page(_ incident: Incident, viewer: ConsoleViewer, runtime: HeraldRuntime, draft: Draft) async throws -> Response {
        let store = runtime.store
        let events = try await store.incidentEvents(incidentID: incident.id)
        let alerts = try await store.alerts(incidentID: incident.id)
        let teams = try await store.teams()
        let facts = try await summary(incident, alerts: alerts, teams: teams, viewer: viewer, runtime: runtime)
        // console.js fetches the card again from data-live-summary whenever the live timeline brings an event.
        let live = incident.status == .resolved ? "" : " data-live-summary=\"/console/incidents/\(HTML.escape(IncidentsScreen.percent(incident.id)))/summary\""
        let summary = "<div aria-live=\"polite\"\(live)>\(facts)</div>"

        var sections = [OverviewScreen.section(viewer.text(.incidentSummary), summary, wide: true)]
        if viewer.may(.responder) {
            sections.append(OverviewScreen.section(viewer.text(.incidentActions), actions(incident, teams: teams, viewer: viewer, draft: draft)))
            // A drill or a test never goes public: no composer for the status page.
            if incident.kind == .real {
                sections.append(OverviewScreen.section(viewer.text(.incidentPublicUpdate), composer(incident, viewer: viewer, draft: draft)))
            }
        }
        if incident.kind != .real {
            let card = try await runtime.drills.scorecard(incidentID: incident.id)
            sections.insert(OverviewScreen.section(viewer.text(.drillScorecard), DrillsScreen.scorecard(card, viewer: viewer)), at: 1)
        }
        // A drill reports to no regulator.
        if incident.kind == .real {
            sections.append(OverviewScreen.section(
                viewer.text(.clocksTitle), try await IncidentClocksScreen.card(incident, viewer: viewer, runtime: runtime, draft: draft), wide: true))
        }
        let milestones = try await store.milestones(incidentID: incident.id)
        sections.append(OverviewScreen.section(
            viewer.text(.milestonesTitle), IncidentMilestonesScreen.card(milestones, incident: incident, viewer: viewer, draft: draft), wide: true))
        sections.append(OverviewScreen.section(viewer.text(.incidentTimeline), timeline(incident, events, viewer: viewer), wide: true))
        sections.append(OverviewScreen.section(viewer.text(.incidentAlerts), alertList(incident, alerts, viewer: viewer), wide: true))
        let postmortem = incident.status == .resolved
            ? " · <a href=\"/console/incidents/\(HTML.escape(IncidentsScreen.percent(incident.id)))/postmortem\">\(viewer.text(.postmortemLink))</a>" : ""
        let body = "<p class=\"meta\"><a href=\"/console/incidents\">\(viewer.text(.navIncidents))</a>\(postmortem)</p>"
            + "<div class=\"cards\">\(sections.joined())</div>"
        return ConsolePage(title: incident.title, section: .incidents, body: body, banner: draft.banner, status: draft.status).response(viewer)
    }

    /// The summary card's facts (state, severity, age, who acknowledged, team, source, impact,
    /// runbook) as they are now; the page shows it and `/summary` serves it again for the live page.
    static func summary(_ incident: Incident, alerts: [StoredAlert], teams: [Team], viewer: ConsoleViewer, runtime: HeraldRuntime) async throws -> String {
        let store = runtime.store
        let now = runtime.now()
        let team = incident.teamID.map { id in teams.first { $0.id == id }?.name ?? id }
        let source = try? await incident.integrationID.asyncMap { try await store.integration(id: $0).name }
        let runbook = incident.runbookURL ?? alerts.lazy.compactMap { ResponderDetails.runbook(route: nil, details: $0.annotations) }.first

        var facts: [(Phrase, String)] = [
            (.columnSeverity, kindPill(incident, viewer) + severityTag(incident.severity, viewer)),
            (.columnStatus, HTML.escape(stateLabel(incident, viewer))),
            (.columnAge, "\(HTML.escape(ConsoleTime.age(since: incident.createdAt, now: now, language: viewer.language))) · \(ConsoleTime.element(incident.createdAt, viewer.zone))"),
            (.columnAcknowledged, incident.acknowledgedBy.map { "\(HTML.escape($0)) · \(ConsoleTime.element(incident.acknowledgedAt ?? now, viewer.zone))" }
                ?? "<strong class=\"unacked\">\(viewer.text(.overviewNotAcknowledged))</strong>"),
            (.columnTeam, HTML.escape(team ?? "—")),
            (.incidentsSource, HTML.escape((source ?? nil) ?? "—")),
        ]
        if let impact = incident.impact { facts.append((.incidentImpact, HTML.escape(impactName(impact, viewer)))) }
        facts.append((.incidentRunbook, runbook.map { "<a href=\"\(HTML.escape($0))\" rel=\"noopener noreferrer\">\(HTML.escape($0))</a>" } ?? "—"))
        return "<dl class=\"facts\">" + facts.map { "<div><dt>\(viewer.text($0.0))</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
    }

    static func impactName(_ impact: IncidentImpact, _ viewer: ConsoleViewer) -> String {
        switch impact {
        case .none: viewer.text(.impactNone)
        case .minor: viewer.text(.impactMinor)
        case .major: viewer.text(.impactMajor)
        case .critical: viewer.text(.impactCritical)
        }
    }

    static func actions(_ incident: Incident, teams: [Team], viewer: ConsoleViewer, draft: Draft) -> String {
        let base = "/console/incidents/\(IncidentsScreen.percent(incident.id))"
        var buttons: [String] = []
        if incident.acknowledgedAt == nil, incident.status != .resolved {
            buttons.append(ConsoleForm(action: base + "/acknowledge", csrf: viewer.csrfToken, style: .inline).submit(viewer.text(.incidentAcknowledge)).html)
        }
        if incident.status != .resolved {
            buttons.append(ConsoleForm(action: base + "/resolve", csrf: viewer.csrfToken, style: .inline)
                .submit(viewer.text(.incidentResolve), style: .secondary).html)
            buttons.append(ConsoleForm(action: base + "/escalate", csrf: viewer.csrfToken, style: .inline)
                .submit(viewer.text(.incidentEscalateNow), style: .danger).html.replacingOccurrences(
                    of: "<button type=\"submit\"", with: "<button type=\"submit\" data-confirm=\"\(HTML.escape(viewer.text(.incidentEscalateConfirm)))\""))
        }
        let reassign = ConsoleForm(action: base + "/reassign", csrf: viewer.csrfToken, style: .inline)
            .field(.select(
                "team", label: viewer.text(.incidentReassignTo), options: teams.map { ($0.id, $0.name) },
                selected: draft.typed["team"] ?? incident.teamID, error: draft.problems["team"]))
            .submit(viewer.text(.incidentReassign), style: .secondary).html
        let severity = ConsoleForm(action: base + "/severity", csrf: viewer.csrfToken, style: .inline)
            .field(.select(
                "severity", label: viewer.text(.columnSeverity), options: Severity.allCases.reversed().map { ($0.rawValue, $0.label(viewer.language)) },
                selected: draft.typed["severity"] ?? incident.severity.rawValue, error: draft.problems["severity"]))
            .submit(viewer.text(.incidentChangeSeverity), style: .secondary).html
        let note = ConsoleForm(action: base + "/note", csrf: viewer.csrfToken)
            .field(textarea("note", label: viewer.text(.incidentNote), value: draft.typed["note"], error: draft.problems["note"], help: viewer.text(.incidentNoteHelp)))
            .submit(viewer.text(.incidentAddNote), style: .secondary).html
        return "<div class=\"actions\">\(buttons.joined())</div>"
            + (teams.isEmpty ? "" : "<h3>\(viewer.text(.incidentReassign))</h3>\(reassign)")
            + "<h3>\(viewer.text(.incidentChangeSeverity))</h3>\(severity)<h3>\(viewer.text(.incidentNote))</h3>\(note)"
    }

    static func composer(_ incident: Incident, viewer: ConsoleViewer, draft: Draft) -> String {
        let base = "/console/incidents/\(IncidentsScreen.percent(incident.id))"
        let statuses: [(value: String, label: String)] = [("", viewer.text(.incidentKeepStatus))] + IncidentStatus.allCases.map { ($0.rawValue, viewer.language.statusLabel($0.rawValue)) }
        let impacts: [(value: String, label: String)] = [("", viewer.text(.incidentKeepImpact))] + IncidentImpact.allCases.map { ($0.rawValue, impactName($0, viewer)) }
        let form = ConsoleForm(action: base + "/update", csrf: viewer.csrfToken)
            .raw("<div class=\"side-by-side\">")
            .field(textarea("message_zh", label: viewer.text(.incidentMessageChinese), value: draft.typed["message_zh"], error: draft.problems["message_zh"], lang: "zh-CN"))
            .field(textarea("message_en", label: viewer.text(.incidentMessageEnglish), value: draft.typed["message_en"], error: draft.problems["message_en"], lang: "en"))
            .raw("</div>")
            .field(.select("status", label: viewer.text(.columnStatus), options: statuses, selected: draft.typed["status"] ?? "", error: draft.problems["status"]))
            .field(.select("impact", label: viewer.text(.incidentImpact), options: impacts, selected: draft.typed["impact"] ?? "", error: draft.problems["impact"]))
            .submit(viewer.text(.incidentPreview), style: .secondary, name: "intent", value: "preview")
            .raw(" ")
            .submit(viewer.text(.incidentPublish), name: "intent", value: "publish")
            .html
        let preview = draft.preview.map { "<section class=\"preview\" aria-label=\"\(viewer.text(.incidentPreview))\">\($0)</section>" } ?? ""
        return "<p class=\"help\">\(viewer.text(.incidentPublicUpdateHelp))</p>\(form)\(preview)"
    }

    static func textarea(_ name: String, label: String, value: String?, error: String? = nil, help: String? = nil, lang: String? = nil) -> ConsoleField {
        let id = "f-\(name)"
        let attributes = [
            error == nil ? nil : "aria-invalid=\"true\"", ConsoleField.describedBy(id, error: error, help: help), lang.map { "lang=\"\($0)\"" },
        ].compactMap { $0 }.joined(separator: " ")
        return ConsoleField(html: """
            <div class="field"><label for="\(id)">\(HTML.escape(label))</label>\
            <textarea id="\(id)" name="\(HTML.escape(name))" rows="4" \(attributes)>\(HTML.escape(value ?? ""))</textarea>\
            \(ConsoleField.notes(id, error: error, help: help))</div>
            """)
    }

    /// The whole timeline, oldest first; `data-live-timeline` lets console.js append what the stream
    /// sends after the last event shown, in the viewer's words (`data-kinds`) and zone.
    static func timeline(_ incident: Incident, _ events: [IncidentEvent], viewer: ConsoleViewer) -> String {
        let kinds = Dictionary(uniqueKeysWithValues: IncidentEventKind.allCases.map { ($0.rawValue, $0.label(viewer.language)) })
        let kindsJSON = (try? JSONEncoder().encode(kinds)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let last = events.map(\.position).max() ?? 0
        let items = events.map { event in
            """
            <li data-position="\(event.position)"><span class="meta">\(ConsoleTime.element(event.at, viewer.zone))</span> \
            <strong>\(HTML.escape(event.kind.label(viewer.language)))</strong> \
            <span class="pill \(event.isPublic ? "public" : "internal")">\(viewer.text(event.isPublic ? .incidentPublic : .incidentInternal))</span> \
            <span class="actor">\(HTML.escape(event.actor))</span>\
            \(event.text(viewer.language).map { "<p class=\"detail\">\(HTML.escape($0).replacingOccurrences(of: "\n", with: "<br>"))</p>" } ?? "")</li>
            """
        }.joined()
        let live = incident.status == .resolved ? "" : """
             data-live-timeline="/console/incidents/\(HTML.escape(IncidentsScreen.percent(incident.id)))/stream?after=\(last)" \
            data-kinds="\(HTML.escape(kindsJSON))" data-zone="\(HTML.escape(viewer.zone.identifier))" data-language="\(viewer.language.rawValue)" \
            data-public="\(HTML.escape(viewer.text(.incidentPublic)))" data-internal="\(HTML.escape(viewer.text(.incidentInternal)))"
            """
        return "<ol class=\"timeline\" aria-live=\"polite\"\(live)>\(items)</ol>"
    }

    static func alertList(_ incident: Incident, _ alerts: [StoredAlert], viewer: ConsoleViewer) -> String {
        guard !alerts.isEmpty else { return "<p class=\"empty\">\(viewer.text(.incidentNoAlerts))</p>" }
        return alerts.map { alert in
            let details = ResponderDetails.of(labels: alert.labels, details: alert.annotations)
            let labels = details.labels.map { "<li><code>\(HTML.escape($0.name))=\(HTML.escape($0.value))</code></li>" }.joined()
            let notes = details.details.map { "<div><dt>\(HTML.escape($0.name))</dt><dd>\(HTML.escape($0.value))</dd></div>" }.joined()
            let silence = viewer.may(.responder)
                ? "<p><a class=\"button secondary\" href=\"/console/incidents/\(HTML.escape(IncidentsScreen.percent(incident.id)))/silence?alert=\(alert.id)\">\(viewer.text(.incidentSilenceLikeThis))</a></p>"
                : ""
            return """
                <article class="alert"><h3>\(severityTag(alert.severity, viewer)) \(HTML.escape(alert.summary))</h3>\
                <p class="meta">\(HTML.escape(alert.status.label(viewer.language))) · \(HTML.escape(alert.source ?? "—")) · \
                \(viewer.text(.incidentAlertEvents, ["count": String(alert.events)])) · \(ConsoleTime.element(alert.firstAt, viewer.zone))</p>\
                \(labels.isEmpty ? "" : "<ul class=\"labels\">\(labels)</ul>")\(notes.isEmpty ? "" : "<dl class=\"details\">\(notes)</dl>")\
                \(details.omitted > 0 ? "<p class=\"meta\">\(viewer.text(.incidentAlertOmitted, ["count": String(details.omitted)]))</p>" : "")\(silence)</article>
                """
        }.joined()
    }
}

extension Optional {
    fileprivate func asyncMap<Other>(_ transform: (Wrapped) async throws -> Other) async rethrows -> Other? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
