import Foundation
import HeraldCore
import HeraldStore

/// Working a feedback ticket, for the feedback admin routes and the console's inbox alike: a reply
/// (emailed when the user left an address, in the same transaction) and a change of state or assignee.
public enum FeedbackReplies {
    /// Records `message` by `author` and marks the ticket answered; the reply is queued as an email
    /// (`FeedbackReplyMail`) when the ticket has an address.
    public static func reply(_ store: Store, ticketID: String, message: String?, author: String, siteName: String) async throws -> FeedbackTicket {
        var errors: [FieldError] = []
        let text = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty { errors.append(FieldError("message", "is required")) } else { errors += Validate.text(text, field: "message", maximum: 5000, multiline: true) }
        try ValidationFailure.check(errors)
        let ticket = try await store.feedbackTicket(id: ticketID)
        let mail = FeedbackReplyMail(about: try await FeedbackReplyMail.about(ticket, store: store), reply: text, siteName: siteName)
        return try await store.replyToFeedback(id: ticket.id, author: author, message: text) { mail.delivery($0) }
    }

    /// Changes the state (nil leaves it) or the assignee (nil leaves it, empty clears it).
    public static func update(_ store: Store, ticketID: String, state: FeedbackTicket.State?, assignee: String?) async throws -> FeedbackTicket {
        if let assignee, !assignee.isEmpty { try ValidationFailure.check(Validate.text(assignee, field: "assignee", maximum: 100)) }
        return try await store.updateFeedback(id: ticketID, state: state, assignee: assignee)
    }
}
