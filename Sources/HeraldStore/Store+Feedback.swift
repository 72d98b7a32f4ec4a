import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// Stores a ticket from a user. The subject must exist: feedback about nothing is refused.
    public func createFeedback(_ ticket: FeedbackTicket, client: String) async throws -> FeedbackTicket {
        try await transaction { database in
            let table = ticket.subject.kind == "notice" ? "notices" : "incidents"
            guard try await database.select().column("id").from(table).where("id", .equal, ticket.subject.id).first() != nil else {
                throw StoreError.notFound(kind: ticket.subject.kind, id: ticket.subject.id)
            }
            // A member of the public wrote it: their words and address are personal data, masked in the log.
            try await Self.recordingChange(
                database, table: "feedback_tickets", id: ticket.id, kind: "feedback", detail: "from \(client) about \(ticket.subject.kind) \(ticket.subject.id)",
                personal: true, actor: "public", at: self.timestamp()
            ) {
                try await database.insert(into: "feedback_tickets")
                    .columns(
                        "id", "subject_kind", "subject_id", "name", "contact", "message", "language", "state", "assignee", "client", "created_at",
                        "updated_at")
                    .values(
                        SQLBind(ticket.id), SQLBind(ticket.subject.kind), SQLBind(ticket.subject.id), SQLBind(ticket.name), SQLBind(ticket.contact),
                        SQLBind(ticket.message), SQLBind(ticket.language.rawValue), SQLBind(ticket.state.rawValue), SQLBind(ticket.assignee),
                        SQLBind(client), SQLBind(Timestamp.milliseconds(ticket.createdAt)), SQLBind(Timestamp.milliseconds(ticket.updatedAt)))
                    .run()
            }
            return ticket
        }
    }

    /// Tickets, open ones first (oldest first within a state), optionally about one subject or in one state.
    public func feedback(subject: FeedbackTicket.Subject? = nil, state: FeedbackTicket.State? = nil, limit: Int = 200) async throws
        -> [FeedbackTicket]
    {
        try await read { database in
            var query = database.select().column("*").from("feedback_tickets")
            if let subject { query = query.where("subject_kind", .equal, subject.kind).where("subject_id", .equal, subject.id) }
            if let state { query = query.where("state", .equal, state.rawValue) }
            let order = FeedbackTicket.State.allCases
            return try await query.orderBy("created_at").orderBy("id").limit(limit).all().map { try $0.feedbackTicket(replies: []) }
                .sorted { order.firstIndex(of: $0.state)! < order.firstIndex(of: $1.state)! }
        }
    }

    public func feedbackTicket(id: String) async throws -> FeedbackTicket {
        try await read { database in try await Self.feedbackTicket(database, id: id) }
    }

    static func feedbackTicket(_ database: any SQLDatabase, id: String) async throws -> FeedbackTicket {
        guard let row = try await database.select().column("*").from("feedback_tickets").where("id", .equal, id).first()
        else { throw StoreError.notFound(kind: "feedback ticket", id: id) }
        let replies = try await database.select().column("*").from("feedback_replies").where("ticket_id", .equal, id).orderBy("id").all()
            .map { row in
                FeedbackReply(
                    author: try row.text("author"), message: try row.text("message"), emailed: try row.integer("emailed") == 1, at: try row.date("at"))
            }
        return try row.feedbackTicket(replies: replies)
    }

    /// Records an operator's reply and marks the ticket answered; `email` (made from the ticket)
    /// is queued in the same transaction when the user left an email address.
    public func replyToFeedback(
        id: String, author: String, message: String, email: @escaping @Sendable (FeedbackTicket) -> NewDelivery?
    ) async throws -> FeedbackTicket {
        try await transaction { database in
            let ticket = try await Self.feedbackTicket(database, id: id)
            let now = self.timestamp()
            let delivery = email(ticket)
            try await Self.recordingChange(
                database, table: "feedback_tickets", id: id, kind: "feedback", action: "answered", detail: delivery == nil ? "not emailed" : "emailed",
                personal: true, at: now
            ) {
                if let delivery { _ = try await Self.insert([delivery], into: database, at: now) }
                try await database.insert(into: "feedback_replies").columns("ticket_id", "author", "message", "emailed", "at")
                    .values(SQLBind(id), SQLBind(author), SQLBind(message), SQLBind(Int64(delivery == nil ? 0 : 1)), SQLBind(now)).run()
                try await database.update("feedback_tickets").set("state", to: SQLBind(FeedbackTicket.State.answered.rawValue))
                    .set("updated_at", to: SQLBind(now)).where("id", .equal, id).run()
            }
            return try await Self.feedbackTicket(database, id: id)
        }
    }

    /// Changes a ticket's state or assignee (nil leaves it as it is; an empty assignee clears it).
    public func updateFeedback(id: String, state: FeedbackTicket.State?, assignee: String?) async throws -> FeedbackTicket {
        try await transaction { database in
            _ = try await Self.feedbackTicket(database, id: id)
            let now = self.timestamp()
            try await Self.recordingChange(database, table: "feedback_tickets", id: id, kind: "feedback", at: now) {
                var update = database.update("feedback_tickets").set("updated_at", to: SQLBind(now))
                if let state { update = update.set("state", to: SQLBind(state.rawValue)) }
                if let assignee { update = update.set("assignee", to: assignee.isEmpty ? SQLBind(String?.none) : SQLBind(assignee)) }
                try await update.where("id", .equal, id).run()
            }
            return try await Self.feedbackTicket(database, id: id)
        }
    }
}

extension SQLRow {
    func feedbackTicket(replies: [FeedbackReply]) throws -> FeedbackTicket {
        let kind = try text("subject_kind")
        guard let subject = FeedbackTicket.Subject(kind: kind, id: try text("subject_id")) else {
            throw StoreError.invalidDatabase("unknown feedback subject '\(kind)'")
        }
        return FeedbackTicket(
            id: try text("id"), subject: subject, name: try optionalText("name"), contact: try optionalText("contact"), message: try text("message"),
            language: try enumeration("language", as: Language.self), state: try enumeration("state", as: FeedbackTicket.State.self),
            assignee: try optionalText("assignee"), replies: replies, createdAt: try date("created_at"), updatedAt: try date("updated_at"))
    }
}
