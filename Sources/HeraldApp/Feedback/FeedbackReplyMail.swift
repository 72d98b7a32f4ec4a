import Foundation
import HeraldCore
import HeraldStore

/// An operator's reply, emailed to the user who left an address, quoting what they wrote.
public struct FeedbackReplyMail: Sendable {
    /// What the feedback was about, as the user saw it (the notice's or incident's title).
    let about: String
    let reply: String
    let siteName: String

    public init(about: String, reply: String, siteName: String) {
        self.about = about
        self.reply = reply
        self.siteName = siteName
    }

    /// The email for `ticket`, or nil when the user left no email address.
    public func delivery(_ ticket: FeedbackTicket) -> NewDelivery? {
        guard let address = ticket.replyAddress else { return nil }
        let language = ticket.language
        let greeting = ticket.name.map { language.text(.replyGreetingNamed, ["name": $0]) } ?? language.text(.replyGreeting)
        let quoted = ticket.message.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n")
        let subject = language.text(.replySubject, ["about": about])
        let body = language.text(.replyBody, ["greeting": greeting, "reply": reply, "quoted": quoted, "site": siteName])
        return NewDelivery(
            idempotencyKey: "feedback:\(ticket.id):reply-\(ticket.replies.count + 1)", channel: .email, address: address, severity: .medium,
            subject: subject, body: body)
    }

    /// The title of what `ticket` is about, in its language.
    public static func about(_ ticket: FeedbackTicket, store: Store) async throws -> String {
        switch ticket.subject {
        case .notice(let id): try await store.notice(id: id).content.title.text(for: ticket.language) ?? id
        case .incident(let id): try await store.incident(id: id).title
        }
    }
}
