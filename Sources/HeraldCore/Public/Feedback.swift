import Foundation

/// A question or report a user sent from the page of a notice or an incident (收集反馈), worked
/// by operators until it is answered and closed.
public struct FeedbackTicket: Sendable, Equatable {
    /// What the feedback is about.
    public enum Subject: Sendable, Equatable, Hashable {
        case notice(String)
        case incident(String)

        public var kind: String {
            switch self {
            case .notice: "notice"
            case .incident: "incident"
            }
        }

        public var id: String {
            switch self {
            case .notice(let id), .incident(let id): id
            }
        }

        public init?(kind: String, id: String) {
            switch kind {
            case "notice": self = .notice(id)
            case "incident": self = .incident(id)
            default: return nil
            }
        }
    }

    /// open → answered → closed; a closed ticket may be opened again.
    public enum State: String, Sendable, Codable, CaseIterable {
        case open, answered, closed
    }

    public var id: String
    public var subject: Subject
    public var name: String?
    /// How to reach them, if they said: an email address gets the replies.
    public var contact: String?
    public var message: String
    public var language: Language
    public var state: State
    public var assignee: String?
    public var replies: [FeedbackReply]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, subject: Subject, name: String? = nil, contact: String? = nil, message: String, language: Language = .zhCN,
        state: State = .open, assignee: String? = nil, replies: [FeedbackReply] = [], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.subject = subject
        self.name = name
        self.contact = contact
        self.message = message
        self.language = language
        self.state = state
        self.assignee = assignee
        self.replies = replies
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The contact, when it is an email address replies can go to.
    public var replyAddress: String? {
        guard let contact, Validate.emailAddress(contact, field: "contact").isEmpty else { return nil }
        return contact
    }
}

/// An operator's answer to a ticket.
public struct FeedbackReply: Sendable, Equatable {
    public var author: String
    public var message: String
    /// Whether it was sent to the user by email.
    public var emailed: Bool
    public var at: Date

    public init(author: String, message: String, emailed: Bool, at: Date) {
        self.author = author
        self.message = message
        self.emailed = emailed
        self.at = at
    }
}
