import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird
import NIOCore

/// Feedback from the page of a notice or an incident: a question or a report becomes a ticket.
enum FeedbackRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, site: PublicSite, limits: ClientLimits) {
        router.post("/feedback") { request, context in
            var request = request
            let json = request.headers[.contentType]?.hasPrefix("application/json") == true
            let buffer = try await request.collectBody(upTo: 8 * 1024)
            let language = StatusPageRoutes.language(request, site.settings)
            let (snapshot, _) = try await site.snapshot()
            let html = StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language)
            let form = try FeedbackForm(body: buffer, json: json, snapshot: snapshot)
            if !form.errors.isEmpty {
                if json { throw Problem.invalid(form.errors) }
                // The page the form was on, again, with what was typed and what to mend.
                var again = html
                again.feedback = .init(name: form.name, contact: form.contact, message: form.message, errors: form.errors)
                let page: String? =
                    switch form.subject {
                    case .notice(let id)?: snapshot.maintenances.first { $0.notice.id == id }.map(again.maintenancePage)
                    case .incident(let id)?: snapshot.incidents.first { $0.incident.id == id }.map(again.incidentPage)
                    case nil: nil
                    }
                return SubscribeRoutes.html(page ?? html.feedbackRefused(form.errors), status: .badRequest)
            }
            guard let subject = form.subject else { throw Problem.invalid(form.errors) }
            guard limits.admit(context.clientAddress, now: store.now()) else {
                throw Problem(.tooManyRequests, detail: "at most \(limits.limit) messages an hour from one address; try again later", headers: [.retryAfter: "3600"])
            }
            let now = store.now()
            let ticket = try await store.createFeedback(
                FeedbackTicket(
                    id: Identifier.make(), subject: subject, name: form.name, contact: form.contact, message: form.message, language: language,
                    createdAt: now, updatedAt: now),
                client: context.clientAddress)
            context.logger.info("feedback received", metadata: ["ticket": "\(ticket.id)", "about": "\(subject.kind):\(subject.id)"])
            if json { return try JSONResponse(FeedbackDocument(ticket), status: .created).response(from: request, context: context) }
            return SubscribeRoutes.html(html.feedbackThanks(subject), status: .created)
        }
    }
}

/// A user's feedback as the form or JSON sent it; `errors` names each bad field.
struct FeedbackForm {
    var subject: FeedbackTicket.Subject?
    var name: String?
    var contact: String?
    var message = ""
    var errors: [FieldError] = []

    init(body: ByteBuffer, json: Bool, snapshot: PublicSnapshot) throws {
        var fields: [String: String] = [:]
        if json {
            var reader = ObjectReader(try JSONBody.parse(body))
            for key in ["notice", "incident", "name", "contact", "message"] { if let value = reader.string(key) { fields[key] = value } }
            errors = reader.errorsIncludingUnknown()
        } else {
            do {
                fields = try FormEncoding.fields(body.readableBytesView)
            } catch {
                errors = error.errors
                return
            }
        }
        let clean = { (key: String) in fields[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        switch (clean("notice"), clean("incident")) {
        case (let notice?, nil):
            if snapshot.maintenances.contains(where: { $0.notice.id == notice }) { subject = .notice(notice) } else {
                errors.append(FieldError("notice", "no published notice '\(notice)'"))
            }
        case (nil, let incident?):
            if snapshot.incidents.contains(where: { $0.incident.id == incident }) { subject = .incident(incident) } else {
                errors.append(FieldError("incident", "no announced incident '\(incident)'"))
            }
        default:
            errors.append(FieldError("notice", "name one notice or one incident the feedback is about"))
        }
        name = clean("name")
        if let name { errors += Validate.text(name, field: "name", maximum: 100) }
        contact = clean("contact")
        if let contact,
            !Validate.emailAddress(contact, field: "contact").isEmpty,
            contact.range(of: #"^\+?[0-9][0-9 -]{5,19}$"#, options: .regularExpression) == nil
        {
            errors.append(FieldError("contact", "must be an email address or a phone number"))
        }
        message = clean("message") ?? ""
        if message.isEmpty { errors.append(FieldError("message", "is required")) } else { errors += Validate.text(message, field: "message", maximum: 2000) }
    }
}

struct FeedbackDocument: Encodable, Sendable {
    struct Reply: Encodable, Sendable {
        var author: String
        var message: String
        var emailed: Bool
        var at: Date
    }

    var id: String
    @Nullable var notice: String?
    @Nullable var incident: String?
    @Nullable var name: String?
    @Nullable var contact: String?
    var message: String
    var language: String
    var state: String
    @Nullable var assignee: String?
    var replies: [Reply]
    var created_at: Date
    var updated_at: Date

    init(_ ticket: FeedbackTicket) {
        id = ticket.id
        if case .notice(let id) = ticket.subject { notice = id }
        if case .incident(let id) = ticket.subject { incident = id }
        name = ticket.name
        contact = ticket.contact
        message = ticket.message
        language = ticket.language.rawValue
        state = ticket.state.rawValue
        assignee = ticket.assignee
        replies = ticket.replies.map { Reply(author: $0.author, message: $0.message, emailed: $0.emailed, at: $0.at) }
        created_at = ticket.createdAt
        updated_at = ticket.updatedAt
    }
}

struct FeedbackList: Encodable, Sendable { var tickets: [FeedbackDocument] }
