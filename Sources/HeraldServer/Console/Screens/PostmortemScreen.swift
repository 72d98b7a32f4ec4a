import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird
import NIOCore

/// `/console/incidents/:id/postmortem`: the incident's postmortem. What Herald recorded (summary,
/// impact, the timeline with its milestones, alerts, who was paged, public updates) in the viewer's
/// words and zone; the sections people write (root cause, what went well and wrong, action items
/// one a line); the steps draft → in review → published; and the Markdown export in either
/// language. Each change goes through the store calls the API's postmortem routes use.
enum PostmortemScreen {
    static let banners: [String: Phrase] = [
        "started": .postmortemStartedBanner, "saved": .postmortemSavedBanner, "state": .postmortemStateBanner,
    ]

    static func add(to console: Console) {
        let store = console.store
        console.page("incidents/:id/postmortem") { request, context, viewer in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            return try await page(incident, viewer: viewer, store: store, banner: ConsoleBanner.done(request, viewer, banners))
        }
        console.page("incidents/:id/postmortem/markdown") { request, context, viewer in
            guard let incident = try await IncidentScreen.incident(context, store),
                let postmortem = try await store.postmortem(incidentID: incident.id)
            else { return IncidentScreen.notFound(viewer) }
            let language = request.uri.queryParameters.get("language").flatMap(Language.init(rawValue:)) ?? viewer.language
            let markdown = PostmortemMarkdown.render(postmortem, facts: try await store.postmortemFacts(incidentID: incident.id), language: language, zone: viewer.zone)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/markdown; charset=utf-8", .cacheControl: "no-store",
                    .contentDisposition: "attachment; filename=\"postmortem-\(incident.id.filter { $0.isLetter || $0.isNumber || $0 == "-" }).md\"",
                ],
                body: .init(byteBuffer: ByteBuffer(string: markdown)))
        }
        console.action("incidents/:id/postmortem/start", role: .responder) { _, context, viewer, _ in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            do {
                _ = try await store.createPostmortem(incidentID: incident.id, actor: viewer.actor)
            } catch StoreError.conflict(let refused) {
                return try await page(incident, viewer: viewer, store: store, banner: .error(refused.reason(in: viewer.language)), status: .conflict)
            }
            return done(incident, "started")
        }
        console.action("incidents/:id/postmortem/sections", role: .responder, limit: 512 * 1024) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            let typed = ["root_cause": form["root_cause"] ?? "", "went_well": form["went_well"] ?? "", "went_wrong": form["went_wrong"] ?? "",
                         "action_items": form["action_items"] ?? "", "public_summary_zh": form["public_summary_zh"] ?? "",
                         "public_summary_en": form["public_summary_en"] ?? ""]
            let (items, itemLines, badLines) = parseItems(typed["action_items"]!)
            var problems: [String: String] = [:]
            if !badLines.isEmpty {
                problems["action_items"] = viewer.text(.postmortemItemsBadLines, ["lines": badLines.map(String.init).joined(separator: viewer.language.listSeparator)])
            }
            if problems.isEmpty {
                do {
                    _ = try await store.updatePostmortem(
                        incidentID: incident.id,
                        sections: PostmortemSections(
                            rootCause: typed["root_cause"]!, wentWell: typed["went_well"]!, wentWrong: typed["went_wrong"]!, actionItems: items,
                            publicSummary: summary(zh: typed["public_summary_zh"]!, en: typed["public_summary_en"]!)))
                    return done(incident, "saved")
                } catch let failure as ValidationFailure {
                    for error in failure.errors {
                        let field =
                            error.field.hasPrefix("action_items") ? "action_items"
                            : error.field.hasPrefix("public_summary.") ? "public_summary_" + (error.field.hasSuffix(".en") ? "en" : "zh") : error.field
                        let line = error.field.firstMatch(of: /action_items\[([0-9]+)\]/).flatMap { Int($0.output.1) }.map { itemLines.indices.contains($0) ? itemLines[$0] : $0 + 1 }
                        let reason = error.reason(in: viewer.language)
                        let text = line.map { viewer.text(.postmortemItemsLine, ["line": String($0), "reason": reason]) } ?? reason
                        problems[field] = problems[field].map { $0 + " " + text } ?? text
                    }
                } catch StoreError.conflict(let refused) {
                    return try await page(incident, viewer: viewer, store: store, banner: .error(refused.reason(in: viewer.language)), status: .conflict)
                }
            }
            return try await page(
                incident, viewer: viewer, store: store, banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent, typed: typed,
                problems: problems)
        }
        console.action("incidents/:id/postmortem/state", role: .responder) { _, context, viewer, form in
            guard let incident = try await IncidentScreen.incident(context, store) else { return IncidentScreen.notFound(viewer) }
            guard let state = form["state"].flatMap(PostmortemState.init(rawValue:)) else {
                return try await page(incident, viewer: viewer, store: store, banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent)
            }
            do {
                _ = try await store.changePostmortemState(incidentID: incident.id, to: state, isPublic: form["public"] == "true")
            } catch StoreError.conflict(let refused) {
                return try await page(incident, viewer: viewer, store: store, banner: .error(refused.reason(in: viewer.language)), status: .conflict)
            } catch let failure as ValidationFailure {
                let reasons = failure.errors.map { $0.reason(in: viewer.language) }.joined(separator: " ")
                return try await page(incident, viewer: viewer, store: store, banner: .error(reasons), status: .unprocessableContent)
            }
            return done(incident, "state")
        }
    }

    static func done(_ incident: Incident, _ key: String) -> Response {
        ConsoleResponse.redirect(to: "/console/incidents/\(IncidentsScreen.percent(incident.id))/postmortem?done=\(key)")
    }

    /// Action items one a line, `title | owner | YYYY-MM-DD`, and `| done` when it is; and the
    /// line each came from, and the numbers of the lines without their three parts. Blank lines are skipped.
    static func parseItems(_ text: String) -> ([ActionItem], [Int], [Int]) {
        var items: [ActionItem] = [], lines: [Int] = [], bad: [Int] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 || (parts.count == 4 && (parts[3].isEmpty || parts[3].lowercased() == "done" || parts[3] == "完成")) else {
                bad.append(index + 1)
                continue
            }
            items.append(ActionItem(title: parts[0], owner: parts[1], due: parts[2], done: parts.count == 4 && !parts[3].isEmpty))
            lines.append(index + 1)
        }
        return (items, lines, bad)
    }

    /// The public summary as typed: a language left blank is not written.
    static func summary(zh: String, en: String) -> LocalizedText {
        func written(_ text: String) -> String? { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text }
        return LocalizedText(zhCN: written(zh), en: written(en))
    }

    static func itemsText(_ items: [ActionItem]) -> String {
        items.map { "\($0.title) | \($0.owner) | \($0.due)" + ($0.done ? " | done" : "") }.joined(separator: "\n")
    }

    static func page(
        _ incident: Incident, viewer: ConsoleViewer, store: Store, banner: ConsoleBanner?, status: HTTPResponse.Status = .ok,
        typed: [String: String] = [:], problems: [String: String] = [:]
    ) async throws -> Response {
        let base = "/console/incidents/\(IncidentsScreen.percent(incident.id))"
        let back = "<p class=\"meta\"><a href=\"\(HTML.escape(base))\">\(HTML.escape(incident.title))</a></p>"
        let title = viewer.text(.postmortemHeading, ["title": incident.title])
        guard let postmortem = try await store.postmortem(incidentID: incident.id) else {
            var body = back + "<div class=\"cards\">"
            if incident.status != .resolved {
                body += OverviewScreen.section(viewer.text(.postmortemLink), "<p>\(viewer.text(.postmortemNotResolved))</p>")
            } else if viewer.may(.responder) {
                let start = ConsoleForm(action: base + "/postmortem/start", csrf: viewer.csrfToken).submit(viewer.text(.postmortemStart)).html
                body += OverviewScreen.section(viewer.text(.postmortemLink), "<p class=\"help\">\(viewer.text(.postmortemStartHelp))</p>\(start)")
            } else {
                body += OverviewScreen.section(viewer.text(.postmortemLink), "<p class=\"empty\">\(viewer.text(.postmortemNoneYet))</p>")
            }
            return ConsolePage(title: title, section: .incidents, body: body + "</div>", banner: banner, status: status).response(viewer)
        }
        let facts = try await store.postmortemFacts(incidentID: incident.id)
        var sections: [String] = []
        sections.append(OverviewScreen.section(viewer.text(.postmortemStateTitle), stateCard(postmortem, base: base, viewer: viewer)))
        sections.append(OverviewScreen.section(viewer.text(.postmortemSummary), summary(facts, viewer: viewer)))
        sections.append(OverviewScreen.section(viewer.text(.postmortemTimeline), timeline(facts, viewer: viewer), wide: true))
        sections.append(OverviewScreen.section(viewer.text(.postmortemPages), pages(facts, viewer: viewer), wide: true))
        sections.append(OverviewScreen.section(viewer.text(.postmortemAlerts), list(facts.alerts.map { alert in
            HTML.escape(viewer.text(.postmortemAlertLine, [
                "summary": alert.summary, "source": alert.source ?? "—", "at": viewer.time(alert.firstAt), "status": alert.status.label(viewer.language),
            ]))
        }, viewer)))
        sections.append(OverviewScreen.section(viewer.text(.postmortemUpdates), list(facts.publicUpdates.map { update in
            "\(ConsoleTime.element(update.at, viewer.zone)) \(HTML.escape(update.text(viewer.language) ?? ""))"
        }, viewer)))
        sections.append(OverviewScreen.section(
            viewer.text(.postmortemWritten), written(postmortem, base: base, viewer: viewer, typed: typed, problems: problems), wide: true))
        let body = back + "<div class=\"cards\">\(sections.joined())</div>"
        return ConsolePage(title: title, section: .incidents, body: body, banner: banner, status: status).response(viewer)
    }

    static func list(_ items: [String], _ viewer: ConsoleViewer) -> String {
        items.isEmpty ? "<p class=\"empty\">\(viewer.text(.postmortemNone))</p>" : "<ul class=\"timeline\">" + items.map { "<li>\($0)</li>" }.joined() + "</ul>"
    }

    static func stateCard(_ postmortem: Postmortem, base: String, viewer: ConsoleViewer) -> String {
        var html = "<p><span class=\"pill\">\(HTML.escape(postmortem.state.label(viewer.language)))</span>"
        if let published = postmortem.publishedAt { html += " \(ConsoleTime.element(published, viewer.zone))" }
        html += "</p>"
        if postmortem.state == .published {
            html += "<p>\(viewer.text(postmortem.isPublic ? .postmortemOnStatusPage : .postmortemInsideOnly))</p>"
        }
        if viewer.may(.responder) {
            let steps: [(PostmortemState, Bool, Phrase, ConsoleForm.ButtonStyle)] =
                switch postmortem.state {
                case .draft: [(.inReview, false, .postmortemToReview, .primary)]
                case .inReview:
                    [(.published, false, .postmortemPublish, .primary), (.published, true, .postmortemPublishPublicly, .secondary),
                     (.draft, false, .postmortemToDraft, .secondary)]
                case .published: []
                }
            html += "<div class=\"actions\">" + steps.map { state, isPublic, label, style in
                var form = ConsoleForm(action: base + "/postmortem/state", csrf: viewer.csrfToken, style: .inline).hidden("state", state.rawValue)
                if isPublic { form = form.hidden("public", "true") }
                return form.submit(viewer.text(label), style: style).html
            }.joined() + "</div>"
        }
        let markdown = Language.allCases.map { language in
            "<a class=\"button link\" href=\"\(HTML.escape(base))/postmortem/markdown?language=\(language.rawValue)\" download>\(HTML.escape(viewer.text(language == .zhCN ? .postmortemDownloadChinese : .postmortemDownloadEnglish)))</a>"
        }.joined(separator: " ")
        return html + "<p>\(markdown)</p>"
    }

    static func summary(_ facts: PostmortemFacts, viewer: ConsoleViewer) -> String {
        let language = viewer.language
        var rows: [(String, String)] = [
            (viewer.text(.columnSeverity), IncidentScreen.severityTag(facts.incident.severity, viewer)),
            (viewer.text(.incidentImpact), HTML.escape(facts.incident.impact.map { $0.label(language) } ?? viewer.text(.postmortemNotSaid))),
        ]
        let components = Array(Set(facts.incident.components)).sorted().map { facts.componentNames[$0] ?? $0 }
        rows.append((viewer.text(.postmortemComponents), HTML.escape(components.isEmpty ? "—" : components.joined(separator: language.listSeparator))))
        if let span = facts.impactSpan {
            rows.append((viewer.text(.postmortemAffected), HTML.escape("\(DurationText.format(span.seconds, language: language)) (\(span.from.label(language)) → \(span.to.label(language)))")))
        }
        for metric in [ResponseMetric.mttd, .mtta, .mttm, .mttr] {
            guard let seconds = metric.seconds(facts.milestones) else { continue }
            rows.append((metric.label(language), HTML.escape("\(DurationText.format(seconds, language: language)) (\(metric.milestones.from.label(language)) → \(metric.milestones.to.label(language)))")))
        }
        return "<dl class=\"facts\">" + rows.map { "<div><dt>\(HTML.escape($0.0))</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
    }

    static func timeline(_ facts: PostmortemFacts, viewer: ConsoleViewer) -> String {
        var lines: [(Date, Int, String)] = []
        for (order, milestone) in Milestone.allCases.enumerated() {
            guard let at = facts.milestones.time(milestone) else { continue }
            let note = facts.milestones.set[milestone].map { " <span class=\"meta\">\(HTML.escape(viewer.text(.milestoneByResponder, ["actor": $0.actor, "reason": $0.reason])))</span>" } ?? ""
            lines.append((at, order, "<span class=\"meta\">\(ConsoleTime.element(at, viewer.zone))</span> <strong>\(HTML.escape(milestone.label(viewer.language)))</strong>\(note)"))
        }
        for event in facts.keyEvents {
            let detail = event.text(viewer.language).map { "<p class=\"detail\">\(HTML.escape($0))</p>" } ?? ""
            lines.append((event.at, 100, "<span class=\"meta\">\(ConsoleTime.element(event.at, viewer.zone))</span> \(HTML.escape(event.kind.label(viewer.language))) <span class=\"actor\">\(HTML.escape(event.actor))</span>\(detail)"))
        }
        let sorted = lines.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }
        return "<ol class=\"timeline\">" + sorted.map { "<li>\($0.element.2)</li>" }.joined() + "</ol>"
    }

    static func pages(_ facts: PostmortemFacts, viewer: ConsoleViewer) -> String {
        let rows = facts.pages.map { page -> [String] in
            let who = page.contactID.map { facts.contactNames[$0] ?? $0 } ?? page.address
            let outcome: String =
                switch page.state {
                case .sent: viewer.text(.postmortemPageDelivered, ["at": page.sentAt.map(viewer.time) ?? "—"])
                case .dead: viewer.text(.postmortemPageFailed)
                case .pending: viewer.text(.postmortemPageWaiting)
                case .withdrawn: viewer.text(.postmortemPageWithdrawn)
                }
            return [ConsoleTime.element(page.createdAt, viewer.zone), HTML.escape(who), HTML.escape(page.channel.rawValue),
                    HTML.escape(outcome + (page.fallbackFrom == nil ? "" : " " + viewer.text(.postmortemFallback)))]
        }
        return ConsoleTable(
            caption: viewer.text(.postmortemPages),
            headers: [viewer.text(.milestoneTime), viewer.text(.postmortemContact), viewer.text(.postmortemChannel), viewer.text(.postmortemOutcome)],
            rows: rows, empty: viewer.text(.postmortemNone)
        ).html
    }

    static func written(_ postmortem: Postmortem, base: String, viewer: ConsoleViewer, typed: [String: String], problems: [String: String]) -> String {
        let sections = postmortem.sections
        guard viewer.may(.responder), postmortem.state != .published else {
            let parts: [(Phrase, String)] = [(.postmortemRootCause, sections.rootCause), (.postmortemWentWell, sections.wentWell), (.postmortemWentWrong, sections.wentWrong)]
            let texts = parts.map { phrase, text in
                "<h3>\(viewer.text(phrase))</h3>" + (text.isEmpty ? "<p class=\"empty\">\(viewer.text(.postmortemNotWritten))</p>"
                    : "<p class=\"detail\">\(HTML.escape(text).replacingOccurrences(of: "\n", with: "<br>"))</p>")
            }.joined()
            let items = list(sections.actionItems.map { item in
                (item.done ? "✓ " : "") + HTML.escape(viewer.text(.postmortemActionItemLine, ["title": item.title, "owner": item.owner, "due": item.due]))
            }, viewer)
            let summary = Language.allCases.compactMap { language -> String? in
                guard let text = sections.publicSummary[language] else { return nil }
                return "<p class=\"detail\" lang=\"\(language.rawValue)\">\(HTML.escape(text).replacingOccurrences(of: "\n", with: "<br>"))</p>"
            }.joined()
            return texts + "<h3>\(viewer.text(.postmortemActionItems))</h3>" + items + "<h3>\(viewer.text(.postmortemPublicSummary))</h3>"
                + (summary.isEmpty ? "<p class=\"empty\">\(viewer.text(.postmortemNotWritten))</p>" : summary)
        }
        let form = ConsoleForm(action: base + "/postmortem/sections", csrf: viewer.csrfToken)
            .field(IncidentScreen.textarea("root_cause", label: viewer.text(.postmortemRootCause), value: typed["root_cause"] ?? sections.rootCause, error: problems["root_cause"]))
            .field(IncidentScreen.textarea("went_well", label: viewer.text(.postmortemWentWell), value: typed["went_well"] ?? sections.wentWell, error: problems["went_well"]))
            .field(IncidentScreen.textarea("went_wrong", label: viewer.text(.postmortemWentWrong), value: typed["went_wrong"] ?? sections.wentWrong, error: problems["went_wrong"]))
            .field(IncidentScreen.textarea(
                "action_items", label: viewer.text(.postmortemActionItems), value: typed["action_items"] ?? itemsText(sections.actionItems),
                error: problems["action_items"], help: viewer.text(.postmortemItemsHelp)))
            .field(IncidentScreen.textarea(
                "public_summary_zh", label: viewer.text(.postmortemPublicSummaryChinese),
                value: typed["public_summary_zh"] ?? sections.publicSummary.zhCN ?? "", error: problems["public_summary_zh"],
                help: viewer.text(.postmortemPublicSummaryHelp), lang: "zh-CN"))
            .field(IncidentScreen.textarea(
                "public_summary_en", label: viewer.text(.postmortemPublicSummaryEnglish),
                value: typed["public_summary_en"] ?? sections.publicSummary.en ?? "", error: problems["public_summary_en"], lang: "en"))
            .submit(viewer.text(.postmortemSave))
        return form.html
    }
}
