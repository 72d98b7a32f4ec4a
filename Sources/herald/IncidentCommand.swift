import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald incident`: see and take incidents from a terminal.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "List, acknowledge and resolve incidents; classify them under regulatory regimes and file their steps.", subcommands: [List.self, Acknowledge.self, Resolve.self, Classify.self, File.self, Clocks.self, Report.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List incidents, newest first.")

        @OptionGroup var options: ConfigurationOptions

        @Flag(help: "Only those not resolved.")
        var open = false

        func run() async throws {
            print(["ID", "SEVERITY", "STATUS", "OPENED", "ACKNOWLEDGED BY", "TITLE"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for incident in try await remote.all("/incidents?state=\(open ? "open" : "all")", key: "incidents") {
                    print(["id", "severity", "status", "created_at", "acknowledged_by", "title"].map { incident.text($0) ?? "-" }.joined(separator: "\t"))
                }
                return
            }
            let configuration = try options.resolve()
            let open = self.open
            let incidents = try await options.withStore(configuration) { store in
                return try await store.incidents(includeResolved: !open)
            }
            for incident in incidents {
                print([incident.id, incident.severity.rawValue, incident.status.rawValue, incident.createdAt.formatted(.iso8601),
                       incident.acknowledgedBy ?? "-", incident.title].joined(separator: "\t"))
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Take an incident: recorded once, with your name.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "Who is taking it; recorded on the timeline.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            if let remote = try options.remote() {
                let incident = try await remote.post("/incidents/\(try RemotePath.segment(id))/acknowledge")
                print("incident \(id) acknowledged by \(incident.text("acknowledged_by") ?? "-")")
                return
            }
            let configuration = try options.resolve()
            let (id, actor) = (self.id, "cli:\(by)")
            let incident = try await options.withStore(configuration) { store in
                return try await store.acknowledgeIncident(id: id, actor: actor)
            }
            print("incident \(incident.id) acknowledged by \(incident.acknowledgedBy ?? actor)")
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resolve an incident, with a note for the timeline.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "What was done; an internal note unless --public.")
        var message: String = "resolved"

        @Flag(help: "Publish the message as a public update.")
        var `public` = false

        @Option(help: "The message for readers of another language, as LANGUAGE=TEXT (en=\"Fixed\"); repeat for more.")
        var translation: [String] = []

        @Option(help: "Who resolved it.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func validate() throws { _ = try translations() }

        /// `en=Fixed` → [.en: "Fixed"]; a language Herald does not write in is a usage error.
        func translations() throws -> [Language: String] {
            var result: [Language: String] = [:]
            for item in translation {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let language = Language(rawValue: parts[0]), !parts[1].isEmpty else {
                    throw ValidationError("--translation must be LANGUAGE=TEXT with LANGUAGE one of \(Language.allCases.map(\.rawValue).joined(separator: ", ")); got '\(item)'")
                }
                result[language] = parts[1]
            }
            return result
        }

        func run() async throws {
            let translations = try translations()
            if let remote = try options.remote() {
                let incident = try await remote.post(
                    "/incidents/\(try RemotePath.segment(id))/updates",
                    .object([
                        "status": .string("resolved"), "message": .string(message), "public": .bool(self.public),
                        "translations": .object(Dictionary(uniqueKeysWithValues: translations.map { ($0.key.rawValue, JSONValue.string($0.value)) })),
                    ]))
                print("incident \(id) is \(incident.text("status") ?? "-")")
                return
            }
            let configuration = try options.resolve()
            let (id, message, isPublic, actor) = (self.id, self.message, self.public, "cli:\(by)")
            let incident = try await options.withStore(configuration) { store in
                return try await store.postIncidentUpdate(
                    id: id, status: .resolved, message: message, isPublic: isPublic, actor: actor, translations: translations)
            }
            print("incident \(incident.id) is \(incident.status.rawValue)")
        }
    }
}
