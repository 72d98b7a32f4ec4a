import Foundation
import HeraldApp
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

/// `/console/notices/:id`: one notice. What it says and to whom; for a draft the check, the
/// publish and test-send forms; for a published one extend, complete and cancel; the preview of
/// every channel's message in each language with the reach per channel and the whole send
/// schedule (`NoticeLifecycle.schedule`, the times the scheduler keeps); the timeline, the delivery
/// ledger (a page at a time) and the feedback tickets. Every action is the API route's use case
/// on `NoticeService`, with the operator as the actor.
enum NoticeScreen {
    static let messages: [String: Phrase] = [
        "saved": .noticesSaved, "published": .noticesPublished, "test": .noticesTestSent, "extended": .noticesExtended,
        "completed": .noticesCompleted, "cancelled": .noticesCancelled,
    ]

    static func add(to console: Console) {
        let runtime = console.runtime
        let store = runtime.store
        let notices = runtime.notices

        console.page("notices/:id") { request, context, viewer in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            return try await page(runtime, request, viewer, notice, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("notices/:id/publish", role: .responder) { request, context, viewer, form in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            let reason = form["short_notice_reason"]
            if let reason, !Validate.text(reason, field: "short_notice_reason", maximum: 1000, multiline: true).isEmpty {
                return try await page(runtime, request, viewer, notice, banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent,
                                      publishNotes: NoticeNotes(errors: Validate.text(reason, field: "short_notice_reason", maximum: 1000, multiline: true), language: viewer.language), typedReason: reason)
            }
            do {
                _ = try await notices.publish(id: id, actor: viewer.actor, shortNoticeReason: reason)
                return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=published")
            } catch let refused as NoticeRefused {
                return try await page(
                    runtime, request, viewer, notice, banner: .error(viewer.text(.noticesRefused)), status: .unprocessableContent,
                    publishNotes: NoticeNotes(report: refused.report, language: viewer.language), typedReason: reason)
            }
        }

        console.action("notices/:id/test-send", role: .responder) { request, context, viewer, form in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            do {
                _ = try await notices.testSend(id: id, audience: form["audience"] ?? "", actor: viewer.actor)
                return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=test")
            } catch StoreError.invalid(let errors) {
                return try await page(runtime, request, viewer, notice, banner: .error(errors.map { $0.reason(in: viewer.language) }.joined(separator: "; ")), status: .unprocessableContent)
            }
        }

        console.action("notices/:id/extend", role: .responder) { request, context, viewer, form in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            let zone = TimeZone(identifier: notice.content.timeZone) ?? .gmt
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
            var problems: [FieldError] = reason.map { Validate.text($0, field: "reason", maximum: 1000, multiline: true) } ?? []
            let end = form["planned_end"].flatMap { NoticeDraftForm.date($0, zone) }
            if end == nil { problems.append(FieldError("planned_end", viewer.text(.noticesNewEndRequired))) }
            if let end, problems.isEmpty {
                do {
                    _ = try await notices.extend(id: id, until: end, reason: reason, actor: viewer.actor)
                    return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=extended")
                } catch StoreError.invalid(let errors) {
                    problems = errors
                } catch StoreError.conflict(let error) {
                    return try await page(runtime, request, viewer, notice, banner: .error(error.reason(in: viewer.language)), status: .conflict)
                }
            }
            return try await page(
                runtime, request, viewer, notice, banner: .error(viewer.text(.formHasProblems)), status: .unprocessableContent,
                extendNotes: NoticeNotes(errors: problems, language: viewer.language), typedEnd: form["planned_end"], typedReason: reason)
        }

        console.action("notices/:id/complete", role: .responder) { request, context, viewer, _ in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            do {
                _ = try await notices.complete(id: id, actor: viewer.actor)
                return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=completed")
            } catch StoreError.conflict(let error) {
                return try await page(runtime, request, viewer, notice, banner: .error(refusal(notice, error, viewer)), status: .conflict)
            }
        }

        console.action("notices/:id/cancel", role: .responder) { request, context, viewer, form in
            let id = context.parameters.get("id") ?? ""
            guard let notice = try? await store.notice(id: id) else { return NoticesScreen.notFound(viewer) }
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
            if let reason, case let errors = Validate.text(reason, field: "reason", maximum: 1000, multiline: true), !errors.isEmpty {
                return try await page(runtime, request, viewer, notice, banner: .error(errors.map { $0.reason(in: viewer.language) }.joined(separator: "; ")), status: .unprocessableContent)
            }
            do {
                _ = try await notices.cancel(id: id, reason: reason, actor: viewer.actor)
                return ConsoleResponse.redirect(to: "/console/notices/\(id)?done=cancelled")
            } catch StoreError.conflict(let error) {
                return try await page(runtime, request, viewer, notice, banner: .error(refusal(notice, error, viewer)), status: .conflict)
            }
        }
    }

    /// A repeated complete or cancel says it was already done, in the reader's words.
    static func refusal(_ notice: Notice, _ error: FieldError, _ viewer: ConsoleViewer) -> String {
        let zone = TimeZone(identifier: notice.content.timeZone) ?? viewer.zone
        switch notice.state {
        case .completed: return viewer.text(.noticesAlreadyCompleted, ["time": notice.actualEnd.map { ConsoleTime.readable($0, zone) } ?? "—"])
        case .cancelled: return viewer.text(.noticesAlreadyCancelled, ["time": notice.cancelledAt.map { ConsoleTime.readable($0, zone) } ?? "—"])
        default: return viewer.text(.noticesNotInProgress)
        }
    }

    // MARK: The page

    static func page(
        _ runtime: HeraldRuntime, _ request: Request, _ viewer: ConsoleViewer, _ notice: Notice, banner: ConsoleBanner?, status: HTTPResponse.Status = .ok,
        publishNotes: NoticeNotes = NoticeNotes(), extendNotes: NoticeNotes = NoticeNotes(), typedEnd: String? = nil, typedReason: String? = nil
    ) async throws -> Response {
        let store = runtime.store
        let notices = runtime.notices
        let content = notice.content
        let zone = TimeZone(identifier: content.timeZone) ?? viewer.zone
        let catalogue = try await store.components()
        let names = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.id, $0.name(in: viewer.language)) })
        let report = try await notices.check(content, id: notice.id)
        let writer = viewer.may(.responder)
        let id = HTML.escape(notice.id)

        // What it says and to whom.
        let audience = content.readers
        let audienceText = [
            viewer.text(audience.isInternal ? .noticesVisibilityInternal : .noticesVisibilityPublic),
            audience.groups.isEmpty && audience.roles.isEmpty ? viewer.text(.noticesEveryone) : (audience.groups + audience.roles).joined(separator: viewer.language.listSeparator),
            audience.subscribers && !audience.isInternal ? viewer.text(.noticesSubscribers) : nil,
        ].compactMap { $0 }.joined(separator: " · ")
        var facts: [(Phrase, String)] = [
            (.columnStatus, NoticesScreen.statePill(notice.state, viewer)),
            (.noticesColumnWindow, NoticesScreen.window(content, zone: zone)),
            (.noticesColumnComponents, HTML.escape(content.components.map { names[$0] ?? $0 }.joined(separator: viewer.language.listSeparator))),
            (.columnSeverity, "<span class=\"sev-tag sev-\(content.severity.rawValue)\">\(HTML.escape(content.severity.label(viewer.language)))</span>"),
            (.noticesAudience, HTML.escape(audienceText)),
            (.noticesCreatedBy, "\(HTML.escape(notice.createdBy)) · \(ConsoleTime.element(notice.createdAt, zone))"),
        ]
        if let published = notice.publishedAt { facts.append((.noticesPublishedAt, ConsoleTime.element(published, zone))) }
        if let reason = notice.shortNoticeReason { facts.append((.noticesShortNoticeReason, HTML.escape(reason))) }
        if let reason = notice.cancellationReason { facts.append((.noticesCancelReason, HTML.escape(reason))) }
        let summary = "<dl class=\"facts\">" + facts.map { "<div><dt>\(viewer.text($0.0))</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>"
        let words = content.textFields.compactMap { field, text -> String? in
            guard let value = text.text(for: viewer.language) else { return nil }
            return "<div><dt>\(viewer.text(NoticesScreen.textLabel(field)))</dt><dd class=\"prose\">\(HTML.escape(value))</dd></div>"
        }.joined()

        // Actions, for those who may.
        var actions: [String] = []
        if writer {
            switch notice.state {
            case .draft:
                actions.append("<p><a class=\"button secondary\" href=\"/console/notices/\(id)/edit\">\(viewer.text(.noticesEdit))</a></p>")
                let checkNotes = NoticeNotes(report: report, language: viewer.language)
                actions.append("<h3>\(viewer.text(.noticesCheckTitle))</h3>" + NoticesScreen.checkSummary(checkNotes, viewer, checked: true))
                var publish = ConsoleForm(action: "/console/notices/\(notice.id)/publish", csrf: viewer.csrfToken)
                if report.hasShortNotice || publishNotes.errors["short_notice_reason"] != nil {
                    publish = publish.raw(textarea("short_notice_reason", label: viewer.text(.noticesShortNoticeReason), value: typedReason,
                                                   help: viewer.text(.noticesShortNoticeHelp), notes: publishNotes))
                }
                let refused = publishNotes.errors.filter { $0.key != "short_notice_reason" }.values.flatMap { $0 }
                if !refused.isEmpty { publish = publish.raw("<ul class=\"check-list\">" + refused.map { "<li class=\"problem\">\(HTML.escape($0))</li>" }.joined() + "</ul>") }
                actions.append("<h3>\(viewer.text(.noticesPublish))</h3>" + publish.submit(viewer.text(.noticesPublish)).html)
                let audiences = notices.settings.testAudiences.sorted().map { (value: $0, label: $0) }
                let test = ConsoleForm(action: "/console/notices/\(notice.id)/test-send", csrf: viewer.csrfToken, style: .inline)
                    .field(.select("audience", label: viewer.text(.noticesTestAudience), options: audiences, selected: audiences.first?.value))
                    .submit(viewer.text(.noticesTestSend), style: .secondary)
                actions.append("<h3>\(viewer.text(.noticesTestSend))</h3><p class=\"help\">\(viewer.text(.noticesTestSendHelp))</p>" + test.html)
            case .scheduled, .inProgress:
                let extend = ConsoleForm(action: "/console/notices/\(notice.id)/extend", csrf: viewer.csrfToken)
                    .field(.text("planned_end", label: viewer.text(.noticesNewEnd), value: typedEnd ?? content.plannedEnd.map { NoticeDraftForm.local($0, zone) },
                                 type: "datetime-local", error: extendNotes.errors["planned_end"]?.joined(separator: "; "), help: viewer.text(.noticesInZone, ["zone": content.timeZone])))
                    .raw(textarea("reason", label: viewer.text(.noticesExtendReason), value: typedReason, id: "f-extend-reason", notes: extendNotes))
                    .submit(viewer.text(.noticesExtend), style: .secondary)
                actions.append("<h3>\(viewer.text(.noticesExtend))</h3>" + extend.html)
                if notice.state == .inProgress {
                    actions.append(ConsoleForm(action: "/console/notices/\(notice.id)/complete", csrf: viewer.csrfToken).submit(viewer.text(.noticesComplete)).html)
                }
            case .completed, .cancelled:
                break
            }
            if !notice.state.isOver {
                let cancel = ConsoleForm(action: "/console/notices/\(notice.id)/cancel", csrf: viewer.csrfToken)
                    .raw(textarea("reason", label: viewer.text(.noticesCancelReason), value: nil, id: "f-cancel-reason", notes: NoticeNotes()))
                    .raw("<button type=\"submit\" class=\"button danger\" data-confirm=\"\(HTML.escape(viewer.text(.noticesCancelConfirm)))\">\(viewer.text(.noticesCancel))</button>")
                actions.append("<h3>\(viewer.text(.noticesCancel))</h3>" + cancel.html)
            }
        }

        let body = [
            section(viewer.text(.noticesAbout), summary + "<dl class=\"facts prose-list\">\(words)</dl>", wide: true),
            actions.isEmpty ? "" : section(viewer.text(.columnActions), actions.joined(), wide: true),
            try await preview(runtime, request, viewer, notice, report: report),
            schedule(viewer, notice, steps: try await store.noticeSteps(noticeID: notice.id), lifecycle: notices.settings.lifecycle, now: runtime.now()),
            timeline(viewer, try await store.noticeEvents(noticeID: notice.id), zone: zone),
            try await ledger(runtime, request, viewer, notice),
            feedback(viewer, try await store.feedback(subject: .notice(notice.id)), zone: zone),
        ].joined()
        let title = content.title.text(for: viewer.language) ?? notice.id
        return ConsolePage(title: title, section: .notices, body: "<div class=\"cards\">\(body)</div>", banner: banner, status: status).response(viewer)
    }

    static func section(_ title: String, _ html: String, wide: Bool = false, id: String? = nil) -> String {
        "<section class=\"card\(wide ? " wide" : "")\"\(id.map { " id=\"\($0)\"" } ?? "")><h2>\(HTML.escape(title))</h2>\(html)</section>"
    }

    static func textarea(_ name: String, label: String, value: String?, id: String? = nil, help: String? = nil, notes: NoticeNotes) -> String {
        let id = HTML.escape(id ?? "f-\(name)")
        let invalid = notes.errors[name] == nil ? "" : " aria-invalid=\"true\""
        return "<div class=\"field\"><label for=\"\(id)\">\(HTML.escape(label))</label><textarea id=\"\(id)\" name=\"\(HTML.escape(name))\" rows=\"2\"\(invalid)>\(HTML.escape(value ?? ""))</textarea>\(help.map { "<p class=\"help\">\(HTML.escape($0))</p>" } ?? "")\(notes.html(name))</div>"
    }

    static func stepLabel(_ step: NoticeStep, _ viewer: ConsoleViewer) -> String {
        switch step {
        case .announcement: viewer.text(.noticesStepAnnouncement)
        case .reminder(let minutes): viewer.text(.noticesStepReminder, ["before": DurationText.format(Double(minutes) * 60, language: viewer.language)])
        case .start: viewer.text(.noticesStepStart)
        case .extended(let number): viewer.text(.noticesStepExtension, ["number": String(number)])
        case .rescheduled(let number): viewer.text(.noticesStepReschedule, ["number": String(number)])
        case .completion: viewer.text(.noticesStepCompletion)
        case .cancellation: viewer.text(.noticesStepCancellation)
        case .test(let number): viewer.text(.noticesStepTest, ["number": String(number)])
        }
    }

    // MARK: Preview, reach and schedule

    static func preview(_ runtime: HeraldRuntime, _ request: Request, _ viewer: ConsoleViewer, _ notice: Notice, report: NoticeCheckReport) async throws -> String {
        var steps: [NoticeStep] = [.announcement] + notice.content.reminderMinutes.sorted(by: >).map { .reminder(minutesBefore: $0) } + [.start, .completion, .cancellation]
        if notice.extensions > 0 { steps.append(.extended(number: notice.extensions)) }
        let step = request.uri.queryParameters.get("step").flatMap(NoticeStep.init(key:)) ?? .announcement
        let chooser = """
            <form method="get" action="/console/notices/\(HTML.escape(notice.id))" class="form inline">\
            \(ConsoleField.select("step", label: viewer.text(.noticesPreviewStep), options: steps.map { ($0.key, stepLabel($0, viewer)) }, selected: step.key).html)\
            <button type="submit" class="button secondary">\(viewer.text(.noticesShow))</button></form>
            """
        let reach = report.reach.map { reach -> String in
            let channels = reach.channels.sorted { $0.key.rawValue < $1.key.rawValue }.map { "<li><code>\(HTML.escape($0.key.rawValue))</code> <strong>\($0.value)</strong></li>" }.joined()
            return "<p>\(viewer.text(.noticesReachPeople, ["count": String(reach.people)]))</p><ul class=\"counts\">\(channels)</ul>"
        } ?? ""
        guard let rendered = try? await runtime.notices.preview(notice, step: step) else {
            return section(viewer.text(.noticesPreview), chooser + "<p class=\"empty\">\(viewer.text(.noticesNoPreview))</p>", wide: true, id: "preview")
        }
        // Channels of a kind share one template: say which channels send each shape.
        let kinds = Dictionary(grouping: Channels.catalogue.all, by: \.templateKind).mapValues { $0.map(\.kind.rawValue).sorted() }
        var parts: [String] = []
        for kind in TemplateKind.allCases where rendered.messages[kind.rawValue] != nil {
            var languages: [String] = []
            for language in NoticeDraftForm.languages {
                guard let message = rendered[kind, language] else { continue }
                var html = "<h4 lang=\"\(language.rawValue)\">\(language.text(.languageName))</h4>"
                if let subject = message.subject { html += "<p><strong>\(viewer.text(.noticesSubject))</strong> <span lang=\"\(language.rawValue)\">\(HTML.escape(subject))</span></p>" }
                html += "<pre class=\"message\" lang=\"\(language.rawValue)\">\(HTML.escape(message.text))</pre>"
                if kind == .sms {
                    let length = SMSLength(message.text)
                    html += "<p class=\"meta sms-length\">\(viewer.text(.noticesSMSLength, ["units": String(length.units), "encoding": length.encoding.rawValue, "limit": String(length.singleMessageLimit), "segments": String(length.segments)]))</p>"
                }
                languages.append("<div class=\"message-language\">\(html)</div>")
            }
            let channels = kinds[kind].map { viewer.text(.noticesSentBy, ["channels": $0.joined(separator: ", ")]) } ?? ""
            let voice = kind == .sms ? "<p class=\"help\">\(viewer.text(.noticesVoiceNote))</p>" : ""
            parts.append("<div class=\"message-kind\"><h3>\(HTML.escape(templateLabel(kind, viewer)))</h3><p class=\"meta\">\(HTML.escape(channels))</p>\(voice)<div class=\"pair\">\(languages.joined())</div></div>")
        }
        return section(viewer.text(.noticesPreview), chooser + "<h3>\(viewer.text(.noticesReach))</h3>" + reach + parts.joined(), wide: true, id: "preview")
    }

    static func templateLabel(_ kind: TemplateKind, _ viewer: ConsoleViewer) -> String {
        switch kind {
        case .email: viewer.text(.noticesKindEmail)
        case .sms: viewer.text(.noticesKindSMS)
        case .im: viewer.text(.noticesKindIM)
        case .statusPage: viewer.text(.noticesKindStatusPage)
        case .webhook: viewer.text(.noticesKindWebhook)
        }
    }

    static func schedule(_ viewer: ConsoleViewer, _ notice: Notice, steps: [String: StepDecision], lifecycle: NoticeLifecycle, now: Date) -> String {
        let zone = TimeZone(identifier: notice.content.timeZone) ?? viewer.zone
        let planned = lifecycle.schedule(notice.content, publishedAt: notice.publishedAt ?? now)
        let rows = planned.map { item -> [String] in
            let state: String
            switch steps[item.step.key] {
            case .send(let late)?: state = viewer.text(late ? .noticesOutcomeLate : .noticesOutcomeSent)
            case .skip(let reason)?: state = viewer.text(.noticesOutcomeSkipped) + " <span class=\"meta\">\(HTML.escape(SkipReason.text(reason, in: viewer.language)))</span>"
            case nil: state = item.skipped ? viewer.text(.noticesStepWillSkip) : viewer.text(notice.state.isOver ? .noticesStepNotSent : .noticesStepPlanned)
            }
            let time = item.step == .announcement && notice.publishedAt == nil ? viewer.text(.noticesWhenPublished) : ConsoleTime.element(item.at, zone)
            return [HTML.escape(stepLabel(item.step, viewer)), time, state]
        }
        let table = ConsoleTable(caption: viewer.text(.noticesSchedule), headers: [viewer.text(.noticesColumnStep), viewer.text(.noticesColumnWhen), viewer.text(.columnStatus)], rows: rows, empty: "")
        return section(viewer.text(.noticesSchedule), "<p class=\"help\">\(viewer.text(.noticesInZone, ["zone": HTML.escape(notice.content.timeZone)]))</p>" + table.html)
    }

    // MARK: Timeline, ledger, feedback

    static func timeline(_ viewer: ConsoleViewer, _ events: [NoticeEvent], zone: TimeZone) -> String {
        let rows = events.reversed().map { event in
            [ConsoleTime.element(event.at, zone), HTML.escape(eventLabel(event.kind, viewer)), HTML.escape(event.actor), HTML.escape(event.detail ?? "")]
        }
        return section(viewer.text(.noticesTimeline), ConsoleTable(
            caption: viewer.text(.noticesTimeline), headers: [viewer.text(.noticesColumnWhen), viewer.text(.noticesColumnWhat), viewer.text(.noticesColumnWho), viewer.text(.noticesColumnDetail)],
            rows: rows, empty: "").html, wide: true)
    }

    /// `created`, `edited`, `cancelled`, `test_sent`, and `<step>_<sent|skipped>[_late]` in words.
    static func eventLabel(_ kind: String, _ viewer: ConsoleViewer) -> String {
        switch kind {
        case "created": return viewer.text(.noticesEventCreated)
        case "edited": return viewer.text(.noticesEventEdited)
        case "cancelled": return viewer.text(.noticesEventCancelled)
        case "test_sent": return viewer.text(.noticesEventTestSent)
        default:
            let parts = kind.split(separator: "_").map(String.init)
            let steps: [String: Phrase] = [
                "announcement": .noticesStepAnnouncement, "reminder": .noticesStepReminderShort, "start": .noticesStepStart, "extension": .noticesStepExtensionShort,
                "reschedule": .noticesStepRescheduleShort, "completion": .noticesStepCompletion, "cancellation": .noticesStepCancellation,
            ]
            guard parts.count >= 2, let step = steps[parts[0]] else { return kind }
            let outcome: Phrase = parts[1] == "skipped" ? .noticesOutcomeSkipped : parts.count > 2 ? .noticesOutcomeLate : .noticesOutcomeSent
            return "\(viewer.text(step)) · \(viewer.text(outcome))"
        }
    }

    static func ledger(_ runtime: HeraldRuntime, _ request: Request, _ viewer: ConsoleViewer, _ notice: Notice) async throws -> String {
        let zone = TimeZone(identifier: notice.content.timeZone) ?? viewer.zone
        let cursor = request.uri.queryParameters.get("cursor")
        let limit = request.uri.queryParameters.get("limit")
        let page = try await runtime.store.noticeLedger(noticeID: notice.id, page: try PageRequest.read(limit: limit, cursor: cursor))
        let currency = runtime.configuration.costs.currency
        let rows = page.items.map { line -> [String] in
            let delivery = line.delivery
            let state: (Phrase, String) =
                switch delivery.state {
                case .pending: (.noticesDeliveryQueued, "queued")
                case .sent: delivery.confirmedAt == nil ? (.noticesDeliverySent, "sent") : (.noticesDeliveryDelivered, "delivered")
                case .dead: (.noticesDeliveryFailed, "failed")
                case .withdrawn: (.noticesDeliveryWithdrawn, "withdrawn")
                }
            let when = delivery.sentAt.map { ConsoleTime.element($0, zone) } ?? ConsoleTime.element(delivery.createdAt, zone)
            return [
                "<code class=\"wrap\">\(HTML.escape(delivery.address))</code>" + (delivery.contactID.map { "<br><span class=\"meta\">\(HTML.escape($0))</span>" } ?? ""),
                "<code>\(HTML.escape(delivery.channel.rawValue))</code>",
                "<span class=\"pill delivery-\(state.1)\">\(viewer.text(state.0))</span>" + (delivery.lastError.map { "<br><span class=\"meta\">\(HTML.escape($0))</span>" } ?? ""),
                String(delivery.attempts),
                delivery.fallbackFrom.map { HTML.escape(viewer.text(.noticesFallbackFor, ["id": String($0)])) } ?? "—",
                line.cost.map { HTML.escape(String(format: "%.4f", $0) + " " + currency) } ?? "—",
                when,
            ]
        }
        let table = ConsoleTable(
            caption: viewer.text(.noticesLedger),
            headers: [viewer.text(.noticesColumnRecipient), viewer.text(.noticesColumnChannel), viewer.text(.columnStatus), viewer.text(.noticesColumnAttempts),
                      viewer.text(.noticesColumnFallback), viewer.text(.noticesColumnCost), viewer.text(.noticesColumnWhen)],
            rows: rows, empty: viewer.text(.noticesLedgerNone))
        let path = "/console/notices/\(notice.id)" + (limit.map { "?limit=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? "")
        let pager = ConsolePager(path: path, next: page.next, isFirst: cursor == nil).html(viewer)
        return section(viewer.text(.noticesLedger), table.html + pager, wide: true, id: "ledger")
    }

    static func feedback(_ viewer: ConsoleViewer, _ tickets: [FeedbackTicket], zone: TimeZone) -> String {
        let rows = tickets.map { ticket -> [String] in
            let state: Phrase = switch ticket.state {
                case .open: .noticesFeedbackOpen
                case .answered: .noticesFeedbackAnswered
                case .closed: .noticesFeedbackClosed
                }
            return [ConsoleTime.element(ticket.createdAt, zone), HTML.escape(ticket.name ?? "—"), "<span class=\"prose\">\(HTML.escape(ticket.message))</span>", HTML.escape(viewer.text(state))]
        }
        return section(viewer.text(.noticesFeedback), ConsoleTable(
            caption: viewer.text(.noticesFeedback), headers: [viewer.text(.noticesColumnWhen), viewer.text(.fieldName), viewer.text(.noticesColumnMessage), viewer.text(.columnStatus)],
            rows: rows, empty: viewer.text(.noticesFeedbackNone)).html, wide: true)
    }
}
