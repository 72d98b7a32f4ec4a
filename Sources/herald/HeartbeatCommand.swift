import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald heartbeat create|list|pause|resume|delete`: dead man's switches, on the database or with `--server`.
struct HeartbeatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heartbeat", abstract: "Heartbeat monitors: a job calls its URL every period, and a missed call opens an incident.",
        subcommands: [Create.self, List.self, Pause.self, Resume.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a monitor and print its URL (its key is shown only now).",
            discussion: "Example: herald heartbeat create --name nightly-backup --period 86400 --grace 1800 --team sre --label component=backup")
        @OptionGroup var options: ConfigurationOptions
        @Option(help: "Unique name: lowercase letters, digits, '-' and '_'.") var name: String
        @Option(help: "Seconds between beats (60 to 2678400).") var period: Int
        @Option(help: "Seconds a beat may be late before an incident opens.") var grace: Int = 60
        @Option(help: "The team its incidents go to; without one, the routing rules decide from its labels.") var team: String?
        @Option(help: "A label for its alert, name=value (repeatable).") var label: [String] = []
        @Option(help: "high, medium or low.") var severity: String = "high"

        func run() async throws {
            var labels: [String: JSONValue] = [:]
            for pair in label {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw CommandFailure("--label \(pair): expected name=value") }
                labels[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
            }
            var members: [String: JSONValue] = [
                "name": .string(name), "period_seconds": .integer(Int64(period)), "grace_seconds": .integer(Int64(grace)), "severity": .string(severity),
            ]
            if let team { members["team"] = .string(team) }
            if !labels.isEmpty { members["labels"] = .object(labels) }
            let body = JSONValue.object(members)
            if let remote = try options.remote() {
                let created = try await remote.post("/heartbeats", body)
                // Without server.public_url the server answers with the path alone: it is reached at --server.
                let url = created.text("url") ?? "-"
                print(url.hasPrefix("/") ? remote.base + url : url)
                return
            }
            let configuration = try options.resolve()
            let key: String
            do {
                key = try await options.withStore(configuration) { store in
                    let new = try HeartbeatBody.read(body, teams: Set(try await store.teams().map(\.id)))
                    return try await store.createHeartbeat(new).key
                }
            } catch let failure as ValidationFailure {
                throw CommandFailure(failure.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            }
            let base = configuration.publicURL ?? "http://\(configuration.host):\(configuration.port)"
            print((base.hasSuffix("/") ? String(base.dropLast()) : base) + "/hb/" + key)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List monitors with their state and last beat (UTC).")
        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "NAME", "STATE", "EVERY", "LAST BEAT", "TEAM"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for monitor in try await remote.all("/heartbeats", key: "heartbeats") {
                    let paused = monitor.members["paused"] == .bool(true)
                    print([monitor.text("id") ?? "-", monitor.text("name") ?? "-", paused ? "paused" : monitor.text("state") ?? "-",
                           "\(monitor.text("period_seconds") ?? "-")s+\(monitor.text("grace_seconds") ?? "-")s", monitor.text("last_beat_at") ?? "never",
                           monitor.text("team") ?? "-"].joined(separator: "\t"))
                }
                return
            }
            let monitors = try await options.withStore(try options.resolve()) { store in
                var all: [HeartbeatMonitor] = []
                var page = try await store.heartbeats(page: PageRequest(limit: 500))
                all += page.items
                while let next = page.next {
                    page = try await store.heartbeats(page: PageRequest(limit: 500, after: next))
                    all += page.items
                }
                return all
            }
            let utc = TimeZone(identifier: "UTC")!
            for monitor in monitors {
                print([monitor.id, monitor.name, monitor.paused ? "paused" : monitor.state.rawValue, "\(Int(monitor.period))s+\(Int(monitor.grace))s",
                       monitor.lastBeatAt.map { HeartbeatWords.time($0, utc) } ?? "never", monitor.teamID ?? "-"].joined(separator: "\t"))
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a monitor: nothing opens until it is resumed.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The monitor's id.") var id: String

        func run() async throws {
            try await HeartbeatCommand.setPaused(id, true, options)
            print("paused heartbeat \(id)")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a monitor; its period counts from now.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The monitor's id.") var id: String

        func run() async throws {
            try await HeartbeatCommand.setPaused(id, false, options)
            print("resumed heartbeat \(id)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a monitor; its URL stops working, its incidents stay.")
        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The monitor's id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                try await remote.send(.DELETE, "/heartbeats/\(try RemotePath.segment(id))")
            } else {
                try await options.withStore(try options.resolve()) { try await $0.deleteHeartbeat(id: id) }
            }
            print("deleted heartbeat \(id)")
        }
    }

    static func setPaused(_ id: String, _ paused: Bool, _ options: ConfigurationOptions) async throws {
        if let remote = try options.remote() {
            _ = try await remote.post("/heartbeats/\(try RemotePath.segment(id))/\(paused ? "pause" : "resume")")
            return
        }
        _ = try await options.withStore(try options.resolve()) { try await $0.setHeartbeatPaused(id: id, paused: paused, at: Date()) }
    }
}
