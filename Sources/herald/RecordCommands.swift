import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald teams`, `herald schedules`, `herald integrations`, `herald silences`: list, change and
/// delete the records alerts are routed and paged through, on the database or with `--server`.
struct TeamsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teams", abstract: "List and delete teams (PUT /api/v1/teams/{id} replaces one).", subcommands: [List.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List teams.")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "NAME", "STEPS"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for team in try await remote.all("/teams", key: "teams") {
                    let steps = team.members["escalation"]?.members["steps"].flatMap { if case .array(let list) = $0 { list.count } else { nil } } ?? 0
                    print([team.text("id") ?? "-", team.text("name") ?? "-", String(steps)].joined(separator: "\t"))
                }
                return
            }
            let teams = try await options.withStore(try options.resolve()) { try await $0.teams() }
            for team in teams { print([team.id, team.name, String(team.escalation.steps.count)].joined(separator: "\t")) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a team; refused while a routing rule or an open incident uses it.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The team's id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                try await remote.send(.DELETE, "/teams/\(try RemotePath.segment(id))")
            } else {
                try await options.withStore(try options.resolve()) { try await $0.deleteTeam(id: id, actor: "cli:\(NSUserName())") }
            }
            print("deleted team \(id)")
        }
    }
}

struct SchedulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "List, change and delete on-call schedules.", subcommands: [List.self, Update.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List schedules and who is on call now.")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "NAME", "MEMBERS", "ON CALL NOW"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for schedule in try await remote.all("/schedules", key: "schedules") {
                    let members = schedule.strings("members")
                    print([schedule.text("id") ?? "-", schedule.text("name") ?? "-", members.joined(separator: ";"),
                           schedule.text("on_call_now") ?? "-"].joined(separator: "\t"))
                }
                return
            }
            let schedules = try await options.withStore(try options.resolve()) { try await $0.schedules() }
            for schedule in schedules {
                print([schedule.id, schedule.name, schedule.members.joined(separator: ";"), schedule.onCall(at: Date()) ?? "-"].joined(separator: "\t"))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a schedule with a JSON merge patch.",
            discussion: #"Example: herald schedules update primary --set '{"members":["li","wang"],"rotation_days":14}'"#)
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The schedule's id.") var id: String
        @Option(help: "The changes, as a JSON object.") var set: String

        func run() async throws {
            let (id, patch) = (self.id, try JSONPatchArgument.read(set))
            if let remote = try options.remote() {
                try await remote.send(.PATCH, "/schedules/\(try RemotePath.segment(id))", patch)
            } else {
                try await JSONPatchArgument.reporting {
                    try await options.withStore(try options.resolve()) { store in
                        let current = try await store.schedule(id: id)
                        _ = try await store.updateSchedule(try ScheduleBody.patched(current, with: patch, now: Date()), actor: "cli:\(NSUserName())")
                    }
                }
            }
            print("updated schedule \(id)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a schedule; refused while an escalation step pages it.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The schedule's id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                try await remote.send(.DELETE, "/schedules/\(try RemotePath.segment(id))")
            } else {
                try await options.withStore(try options.resolve()) { try await $0.deleteSchedule(id: id, actor: "cli:\(NSUserName())") }
            }
            print("deleted schedule \(id)")
        }
    }
}

struct IntegrationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integrations", abstract: "List, change and delete monitoring integrations.", subcommands: [List.self, Update.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List integrations (keys are never shown again; their last 4 characters are).")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "KIND", "NAME", "KEY ENDS"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for integration in try await remote.all("/integrations", key: "integrations") {
                    print(["id", "kind", "name", "key_hint"].map { integration.text($0) ?? "-" }.joined(separator: "\t"))
                }
                return
            }
            let integrations = try await options.withStore(try options.resolve()) { try await $0.integrations() }
            for integration in integrations {
                print([integration.id, integration.kind.rawValue, integration.name, integration.keyHint].joined(separator: "\t"))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an integration with a JSON merge patch (through the API: needs --server).",
            discussion: #"Example: herald integrations update ID --set '{"group_wait_seconds":30}' --server URL --token TOKEN"#)
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The integration's id.") var id: String
        @Option(help: "The changes, as a JSON object.") var set: String

        func run() async throws {
            let patch = try JSONPatchArgument.read(set)
            guard let remote = try options.remote() else {
                throw CommandFailure("`herald integrations update` is checked by the server's ingest formats: pass --server and --token (or set HERALD_URL and HERALD_TOKEN)")
            }
            try await remote.send(.PATCH, "/integrations/\(try RemotePath.segment(id))", patch)
            print("updated integration \(id)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an integration: its key stops working. Refused while it has open incidents.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The integration's id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                try await remote.send(.DELETE, "/integrations/\(try RemotePath.segment(id))")
            } else {
                try await options.withStore(try options.resolve()) { try await $0.deleteIntegration(id: id, actor: "cli:\(NSUserName())") }
            }
            print("deleted integration \(id)")
        }
    }
}

struct SilencesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silences", abstract: "List, change and end silences.", subcommands: [List.self, Update.self, End.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List silences in force or starting later, soonest to end first.")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "ENDS", "BY", "COMMENT"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for silence in try await remote.all("/silences", key: "silences") {
                    print(["id", "ends_at", "created_by", "comment"].map { silence.text($0) ?? "-" }.joined(separator: "\t"))
                }
                return
            }
            let silences = try await options.withStore(try options.resolve()) { try await $0.silences(at: Date()) }
            for silence in silences {
                print([silence.id, RFC3339.write(silence.endsAt), silence.createdBy, silence.comment].joined(separator: "\t"))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a silence with a JSON merge patch (through the API: needs --server).",
            discussion: #"Example: herald silences update ID --set '{"ends_at":"2026-12-01T06:00:00+08:00"}' --server URL --token TOKEN"#)
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The silence's id.") var id: String
        @Option(help: "The changes, as a JSON object.") var set: String

        func run() async throws {
            let patch = try JSONPatchArgument.read(set)
            guard let remote = try options.remote() else {
                throw CommandFailure("`herald silences update` is checked by the server: pass --server and --token (or set HERALD_URL and HERALD_TOKEN)")
            }
            try await remote.send(.PATCH, "/silences/\(try RemotePath.segment(id))", patch)
            print("updated silence \(id)")
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "End a silence now; alerts page again.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The silence's id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                try await remote.send(.DELETE, "/silences/\(try RemotePath.segment(id))")
            } else {
                _ = try await options.withStore(try options.resolve()) { try await $0.expireSilence(id: id) }
            }
            print("ended silence \(id)")
        }
    }
}

/// `--set '{…}'`: a JSON merge patch given on the command line.
enum JSONPatchArgument {
    static func read(_ text: String) throws -> JSONValue {
        do { return try JSONValue.parse(Array(text.utf8), field: "--set") } catch {
            throw CommandFailure(error.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
        }
    }

    /// Runs `body`, turning field problems into one readable failure.
    static func reporting(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let failure as ValidationFailure {
            throw CommandFailure(failure.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
        } catch StoreError.invalid(let errors) {
            throw CommandFailure(errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
        }
    }
}
