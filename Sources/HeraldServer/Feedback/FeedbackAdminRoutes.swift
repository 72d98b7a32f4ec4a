import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Working the feedback tickets: list (open first), read, reply (emailed when possible), close, assign.
    mutating func addFeedbackRoutes(store: Store, siteName: String) {
        let body = self.body
        on(.get, "/feedback", role: .viewer) { request, _ in
            let query = request.uri.queryParameters
            var errors: [FieldError] = []
            var subject: FeedbackTicket.Subject?
            if let notice = query.get("notice") { subject = .notice(notice) }
            if let incident = query.get("incident") {
                if subject != nil { errors.append(FieldError("incident", "give a notice or an incident, not both")) }
                subject = .incident(incident)
            }
            var state: FeedbackTicket.State?
            if let text = query.get("state") {
                state = FeedbackTicket.State(rawValue: text)
                if state == nil { errors.append(FieldError("state", "must be open, answered or closed")) }
            }
            if !errors.isEmpty { throw Problem.invalid(errors) }
            return JSONResponse(FeedbackList(tickets: try await store.feedback(subject: subject, state: state).map(FeedbackDocument.init)))
        }
        on(.get, "/feedback/{id}", role: .viewer) { _, context in
            JSONResponse(FeedbackDocument(try await store.feedbackTicket(id: try context.id())))
        }
        on(.post, "/feedback/{id}/replies", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let message = reader.requiredString("message")
            try reader.finish()
            let answered = try await FeedbackReplies.reply(store, ticketID: try context.id(), message: message, author: context.actor, siteName: siteName)
            return JSONResponse(FeedbackDocument(answered), status: .created)
        }
        on(.patch, "/feedback/{id}", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let state = reader.enumeration("state", as: FeedbackTicket.State.self)
            let assignee = reader.string("assignee")
            if let assignee, !assignee.isEmpty { reader.add(Validate.text(assignee, field: "assignee", maximum: 100)) }
            try reader.finish()
            return JSONResponse(FeedbackDocument(try await FeedbackReplies.update(store, ticketID: try context.id(), state: state, assignee: assignee)))
        }
    }
}
