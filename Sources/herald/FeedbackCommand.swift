import HeraldApp
import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald feedback`: work users' feedback tickets from a terminal.
struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback", abstract: "List, answer and close users' feedback.", subcommands: [List.self, Show.self, Reply.self, Close.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tickets, open ones first.")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "Only those about this notice (after a recovery: what is left to answer).")
        var notice: String?

        @Option(help: "Only those about this incident.")
        var incident: String?

        @Option(help: "open, answered or closed.")
        var state: String?

        func validate() throws {
            if notice != nil, incident != nil { throw ValidationError("give --notice or --incident, not both") }
            if let state, FeedbackTicket.State(rawValue: state) == nil { throw ValidationError("--state must be open, answered or closed") }
        }

        func run() async throws {
            let configuration = try options.resolve()
            let subject = notice.map(FeedbackTicket.Subject.notice) ?? incident.map(FeedbackTicket.Subject.incident)
            let state = self.state.flatMap(FeedbackTicket.State.init(rawValue:))
            let tickets = try await options.withStore(configuration) { store in
                return try await store.feedback(subject: subject, state: state)
            }
            print(["ID", "STATE", "ABOUT", "FROM", "RECEIVED", "MESSAGE"].joined(separator: "\t"))
            for ticket in tickets {
                let from = [ticket.name, ticket.contact].compactMap { $0 }.joined(separator: " ")
                print([ticket.id, ticket.state.rawValue, "\(ticket.subject.kind):\(ticket.subject.id)", from.isEmpty ? "-" : from,
                       ticket.createdAt.formatted(.iso8601), String(ticket.message.replacingOccurrences(of: "\n", with: " ").prefix(60))]
                    .joined(separator: "\t"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a ticket and its replies.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The ticket's id.")
        var id: String

        func run() async throws {
            let configuration = try options.resolve()
            let id = self.id
            let ticket = try await options.withStore(configuration) { store in
                return try await store.feedbackTicket(id: id)
            }
            print("\(ticket.id) [\(ticket.state.rawValue)] about \(ticket.subject.kind) \(ticket.subject.id)")
            print("from: \([ticket.name, ticket.contact].compactMap { $0 }.joined(separator: " "))  at \(ticket.createdAt.formatted(.iso8601))")
            print("\n\(ticket.message)\n")
            for reply in ticket.replies {
                print("— \(reply.author) at \(reply.at.formatted(.iso8601))\(reply.emailed ? " (emailed)" : ""):\n\(reply.message)\n")
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer a ticket; emailed to the user when they left an address.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The ticket's id.")
        var id: String

        @Argument(help: "The answer.")
        var message: String

        @Option(help: "Who answers; recorded with the reply.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            let configuration = try options.resolve()
            let (id, message, author) = (self.id, self.message, "cli:\(by)")
            let siteName = configuration.statusPage.name(configuration.statusPage.language)
            let ticket = try await options.withStore(configuration) { store in
                let ticket = try await store.feedbackTicket(id: id)
                let mail = FeedbackReplyMail(about: try await FeedbackReplyMail.about(ticket, store: store), reply: message, siteName: siteName)
                return try await store.replyToFeedback(id: id, author: author, message: message) { mail.delivery($0) }
            }
            let emailed = ticket.replies.last?.emailed == true
            print("ticket \(ticket.id) answered" + (emailed ? "; the reply is queued to \(ticket.contact ?? "")" : "; no email address to send it to"))
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a ticket.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The ticket's id.")
        var id: String

        func run() async throws {
            let configuration = try options.resolve()
            let id = self.id
            let ticket = try await options.withStore(configuration) { store in
                return try await store.updateFeedback(id: id, state: .closed, assignee: nil)
            }
            print("ticket \(ticket.id) closed")
        }
    }
}
