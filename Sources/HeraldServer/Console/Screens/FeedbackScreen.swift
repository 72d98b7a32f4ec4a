import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// `/console/feedback`: what users wrote about notices and incidents, the open tickets first (the
/// default filter), then answered, closed or all. A ticket's page assigns it to an operator, replies
/// (emailed to the user when they left an address, as `POST /feedback/{id}/replies` does, and
/// closing it unless the operator unticks that) and closes or reopens it.
enum FeedbackScreen {
    static let messages: [String: Phrase] = [
        "replied": .feedbackReplied, "assigned": .feedbackAssigned, "closed": .feedbackClosed, "reopened": .feedbackReopened,
    ]

    static func add(to console: Console) {
        let store = console.store
        let configuration = console.runtime.configuration
        let siteName = configuration.statusPage.name(configuration.statusPage.language)

        console.page("feedback") { request, _, viewer in
            let asked = request.uri.queryParameters.get("state") ?? "open"
            let state = FeedbackTicket.State(rawValue: asked)
            let path = ScreenKit.query("/console/feedback", [("state", asked)])
            guard let pageRequest = ScreenKit.pageRequest(request), let page = try? await store.feedback(state: state, page: pageRequest) else {
                return ScreenKit.badQuery(viewer, .feedback, .navFeedback, path: "/console/feedback")
            }
            let titles = try await store.feedbackSubjectTitles(page.items.map(\.subject))
            let rows = page.items.map { ticket -> [String] in
                [
                    ConsoleTime.element(ticket.createdAt, viewer.zone),
                    "<a href=\"/console/feedback/\(HTML.escape(ticket.id))\">\(HTML.escape(String(ticket.message.prefix(120))))</a>",
                    HTML.escape(about(ticket, title: titles[ticket.subject]?.text(for: ticket.language), viewer)),
                    HTML.escape([ticket.name, ticket.contact].compactMap { $0 }.joined(separator: " · ").nilIfEmpty ?? "—"),
                    stateTag(ticket.state, viewer), HTML.escape(ticket.assignee ?? "—"),
                ]
            }
            let filters = (FeedbackTicket.State.allCases.map(\.rawValue) + ["all"]).map { option -> String in
                let label = FeedbackTicket.State(rawValue: option).map { viewer.text(stateLabel($0)) } ?? viewer.text(.peopleAll)
                return "<a href=\"/console/feedback?state=\(option)\"\(option == asked ? " aria-current=\"true\"" : "")>\(HTML.escape(label))</a>"
            }.joined(separator: " ")
            let table = ConsoleTable(
                caption: viewer.text(.navFeedback),
                headers: [viewer.text(.columnCreated), viewer.text(.feedbackMessage), viewer.text(.feedbackAbout), viewer.text(.feedbackFrom),
                          viewer.text(.columnStatus), viewer.text(.feedbackAssignee)],
                rows: rows, empty: viewer.text(.feedbackNone))
            let body = "<nav class=\"filters\" aria-label=\"\(viewer.text(.screenFilters))\">\(filters)</nav>" + table.html
                + ConsolePager(path: path, next: page.next, isFirst: request.uri.queryParameters.get("cursor") == nil).html(viewer)
            return ConsolePage(title: viewer.text(.navFeedback), section: .feedback, body: body, banner: ConsoleBanner.done(request, viewer, messages))
                .response(viewer)
        }

        console.page("feedback/:id") { request, context, viewer in
            guard let ticket = try? await store.feedbackTicket(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .feedback, .navFeedback)
            }
            return try await ticketPage(store, viewer, ticket, banner: ConsoleBanner.done(request, viewer, messages))
        }

        console.action("feedback/:id/reply", role: .responder) { _, context, viewer, form in
            guard let ticket = try? await store.feedbackTicket(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .feedback, .navFeedback)
            }
            do {
                _ = try await FeedbackReplies.reply(store, ticketID: ticket.id, message: form.raw("message"), author: viewer.actor, siteName: siteName)
                if form["close"] == "on" { _ = try await FeedbackReplies.update(store, ticketID: ticket.id, state: .closed, assignee: nil) }
                context.logger.notice("feedback answered", metadata: ["ticket": "\(ticket.id)", "actor": "\(viewer.actor)"])
                return ConsoleResponse.redirect(to: "/console/feedback/\(ticket.id)?done=replied")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return try await ticketPage(store, viewer, ticket, banner: .error(viewer.text(.formHasProblems)), typed: form.raw("message"),
                    problems: problems, status: .unprocessableContent)
            }
        }

        console.action("feedback/:id/assign", role: .responder) { _, context, viewer, form in
            guard let ticket = try? await store.feedbackTicket(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .feedback, .navFeedback)
            }
            do {
                _ = try await FeedbackReplies.update(store, ticketID: ticket.id, state: nil, assignee: form["assignee"] ?? "")
            } catch {
                guard let problems = ScreenKit.problems(error, viewer.language) else { throw error }
                return try await ticketPage(store, viewer, ticket, banner: .error(viewer.text(.formHasProblems)), problems: problems, status: .unprocessableContent)
            }
            return ConsoleResponse.redirect(to: "/console/feedback/\(ticket.id)?done=assigned")
        }

        console.action("feedback/:id/state", role: .responder) { _, context, viewer, form in
            guard let ticket = try? await store.feedbackTicket(id: context.parameters.get("id") ?? "") else {
                return ScreenKit.notFound(viewer, .feedback, .navFeedback)
            }
            guard let state = form["state"].flatMap(FeedbackTicket.State.init(rawValue:)) else { return ConsoleShell.forbidden(viewer) }
            _ = try await FeedbackReplies.update(store, ticketID: ticket.id, state: state, assignee: nil)
            return ConsoleResponse.redirect(to: "/console/feedback/\(ticket.id)?done=\(state == .closed ? "closed" : "reopened")")
        }
    }

    static func about(_ ticket: FeedbackTicket, _ store: Store, _ viewer: ConsoleViewer) async throws -> String {
        about(ticket, title: try? await FeedbackReplyMail.about(ticket, store: store), viewer)
    }

    /// "Notice: …" or "Incident: …"; the subject's id when it no longer exists.
    static func about(_ ticket: FeedbackTicket, title: String?, _ viewer: ConsoleViewer) -> String {
        let title = title ?? ticket.subject.id
        if case .notice = ticket.subject { return viewer.text(.feedbackAboutNotice, ["title": title]) }
        return viewer.text(.feedbackAboutIncident, ["title": title])
    }

    static func stateLabel(_ state: FeedbackTicket.State) -> Phrase {
        switch state {
        case .open: .feedbackOpen
        case .answered: .feedbackAnswered
        case .closed: .feedbackClosedState
        }
    }

    static func stateTag(_ state: FeedbackTicket.State, _ viewer: ConsoleViewer) -> String {
        "<span class=\"pill \(state == .open ? "on" : "off")\">\(viewer.text(stateLabel(state)))</span>"
    }

    static func ticketPage(
        _ store: Store, _ viewer: ConsoleViewer, _ ticket: FeedbackTicket, banner: ConsoleBanner?, typed: String? = nil,
        problems: [String: String] = [:], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var body = """
            <dl class="figures">\
            <div><dt>\(viewer.text(.columnStatus))</dt><dd>\(stateTag(ticket.state, viewer))</dd></div>\
            <div><dt>\(viewer.text(.feedbackAbout))</dt><dd>\(HTML.escape(try await about(ticket, store, viewer)))</dd></div>\
            <div><dt>\(viewer.text(.feedbackFrom))</dt><dd>\(HTML.escape([ticket.name, ticket.contact].compactMap { $0 }.joined(separator: " · ").nilIfEmpty ?? "—"))</dd></div>\
            <div><dt>\(viewer.text(.feedbackAssignee))</dt><dd>\(HTML.escape(ticket.assignee ?? "—"))</dd></div>\
            <div><dt>\(viewer.text(.columnCreated))</dt><dd>\(ConsoleTime.element(ticket.createdAt, viewer.zone))</dd></div></dl>
            <blockquote class="message" lang="\(ticket.language.rawValue)">\(HTML.escape(ticket.message))</blockquote>
            """
        for reply in ticket.replies {
            body += """
                <div class="reply"><p class="meta">\(HTML.escape(reply.author)) · \(ConsoleTime.element(reply.at, viewer.zone))\
                \(reply.emailed ? " · " + viewer.text(.feedbackEmailed) : "")</p><p>\(HTML.escape(reply.message))</p></div>
                """
        }
        if viewer.may(.responder) {
            let reply = ConsoleForm(action: "/console/feedback/\(ticket.id)/reply", csrf: viewer.csrfToken)
                .field(ScreenKit.area("message", label: viewer.text(.feedbackReply), value: typed, error: problems["message"],
                    help: viewer.text(ticket.replyAddress == nil ? .feedbackNotEmailed : .feedbackWillEmail, ["address": ticket.replyAddress ?? ""]),
                    rows: 5, required: true))
                .raw("<div class=\"field check\"><input id=\"f-close\" name=\"close\" type=\"checkbox\" checked><label for=\"f-close\">\(viewer.text(.feedbackCloseAfter))</label></div>")
                .submit(viewer.text(.feedbackSendReply))
            let operators = try await store.operators(page: PageRequest(limit: PageRequest.maximumLimit)).items.filter { !$0.isDisabled }
            let assign = ConsoleForm(action: "/console/feedback/\(ticket.id)/assign", csrf: viewer.csrfToken, style: .inline)
                .field(.select("assignee", label: viewer.text(.feedbackAssignee),
                    options: [("", viewer.text(.feedbackNobody))] + operators.map { ($0.email, "\($0.name) <\($0.email)>") },
                    selected: ticket.assignee ?? "", error: problems["assignee"]))
                .submit(viewer.text(.feedbackAssign), style: .secondary)
            let closing = ConsoleForm(action: "/console/feedback/\(ticket.id)/state", csrf: viewer.csrfToken, style: .inline)
                .hidden("state", ticket.state == .closed ? "open" : "closed")
                .submit(viewer.text(ticket.state == .closed ? .feedbackReopen : .feedbackClose), style: .secondary)
            body += ScreenKit.card(viewer.text(.feedbackReply), reply.html) + ScreenKit.card(viewer.text(.feedbackAssign), assign.html + closing.html)
        }
        body += "<p><a href=\"/console/feedback\">\(viewer.text(.feedbackBack))</a></p>"
        return ConsolePage(title: viewer.text(.feedbackTicket), section: .feedback, body: body, banner: banner, status: status).response(viewer)
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
