import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldEngine
import HeraldStore

/// `herald drill`: start a drill (or a test) for a team on the real pipeline, list a team's drills
/// with the trend, and show one's scorecard; on the local database or through `--server`.
struct DrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill", abstract: "Start drills (演练) that page a team's real on-call people, and read their scorecards.",
        subcommands: [Start.self, List.self, Show.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a drill: the team's first escalation step is paged now, every message marked 【演练】/[DRILL].")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "The team whose escalation is paged.")
        var team: String

        @Option(help: "low, medium or high.")
        var severity: String = "high"

        @Flag(help: "A test of the paging path (marked 【测试】/[TEST]) rather than a drill.")
        var test = false

        @Option(help: "The incident's title; by default 演练 Drill: TEAM.")
        var title: String?

        @Option(name: .customLong("runbook"), help: "A runbook link for the pages; the scorecard says whether it was opened from one.")
        var runbook: String?

        func run() async throws {
            guard let severity = Severity(rawValue: severity) else { throw ValidationError("--severity must be low, medium or high") }
            let kind: IncidentKind = test ? .test : .drill
            if let remote = try options.remote() {
                var body: [String: JSONValue] = ["team": .string(team), "severity": .string(severity.rawValue), "kind": .string(kind.rawValue)]
                if let title { body["title"] = .string(title) }
                if let runbook { body["runbook_url"] = .string(runbook) }
                let card = try await remote.post("/drills", .object(body))
                let id = card.members["incident"]?.text("id") ?? "-"
                print("\(kind.rawValue) \(id) started for team \(team): its first step is paged")
                return
            }
            let configuration = try options.resolve()
            let request = DrillRequest(team: team, severity: severity, kind: kind, title: title, runbookURL: runbook)
            let logger = options.logger(configuration)
            let incident = try await options.withStore(configuration) { store in
                let pipeline = AlertPipeline(store: store, links: IncidentLinkSource(store: store, publicURL: configuration.publicURL), logger: logger)
                return try await Drills(store: store, pipeline: pipeline, settings: configuration.drills).start(request, actor: "cli:\(Self.user)")
            }
            print("\(kind.rawValue) \(incident.id) started for team \(team): its first step is paged")
        }

        static var user: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The drills, the newest first, each with its acknowledgement and trend.")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "Only this team's.")
        var team: String?

        func run() async throws {
            print(["STARTED", "DRILL", "TEAM", "ACKNOWLEDGED", "TARGET", "TREND", "STATE"].joined(separator: "\t"))
            if let remote = try options.remote() {
                let query = try team.map { "?team=\(try RemotePath.segment($0))" } ?? ""
                guard case .array(let drills)? = try await remote.get("/drills" + query).members["drills"] else { return }
                for drill in drills {
                    let incident = drill.members["incident"] ?? .null
                    let trend = drill.members["trend"] ?? .null
                    print([
                        incident.text("created_at") ?? "-", incident.text("id") ?? "-", incident.text("team") ?? "-",
                        Self.seconds(drill.members["acknowledge_seconds"]).map(Self.minutes) ?? "-", Self.seconds(drill.members["target_seconds"]).map(Self.minutes) ?? "-",
                        [trend.text("direction"), Self.seconds(trend.members["seconds"]).map(Self.minutes)].compactMap { $0 }.joined(separator: " "),
                        drill.members["over"] == .bool(true) ? "over" : "in progress",
                    ].joined(separator: "\t"))
                }
                return
            }
            let configuration = try options.resolve()
            let team = self.team
            let logger = options.logger(configuration)
            let history = try await options.withStore(configuration) { store in
                if let team { _ = try await store.team(id: team) }
                let drills = Drills(store: store, pipeline: AlertPipeline(store: store, logger: logger), settings: configuration.drills)
                return try await drills.history(team: team).map { ($0.scorecard, $0.trend) }
            }
            for (card, trend) in history {
                let direction: String =
                    switch trend {
                    case .first: "first"
                    case .faster(let seconds): "faster \(Self.minutes(seconds))"
                    case .slower(let seconds): "slower \(Self.minutes(seconds))"
                    case .same: "same"
                    case .unknown: "unknown"
                    }
                print([
                    RFC3339.write(card.incident.createdAt), card.incident.id, card.incident.teamID ?? "-", card.acknowledgeSeconds.map(Self.minutes) ?? "-",
                    Self.minutes(card.targetSeconds), direction, card.isOver ? "over" : "in progress",
                ].joined(separator: "\t"))
            }
        }

        static func seconds(_ value: JSONValue?) -> Double? {
            switch value {
            case .integer(let whole)?: Double(whole)
            case .number(let number)?: number
            default: nil
            }
        }

        /// `6m30s`.
        static func minutes(_ seconds: Double) -> String {
            let whole = Int(seconds.rounded())
            return whole % 60 == 0 ? "\(whole / 60)m" : "\(whole / 60)m\(whole % 60)s"
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A drill's scorecard, read afresh.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The drill's incident id.")
        var id: String

        func run() async throws {
            if let remote = try options.remote() {
                let card = try await remote.get("/drills/\(try RemotePath.segment(id))")
                let incident = card.members["incident"] ?? .null
                let acknowledged = List.seconds(card.members["acknowledge_seconds"]), target = List.seconds(card.members["target_seconds"]) ?? 0
                var channels: [(String, Int, Int, Int)] = []
                if case .array(let items)? = card.members["channels"] {
                    for item in items {
                        func count(_ key: String) -> Int { Int(List.seconds(item.members[key]) ?? 0) }
                        channels.append((item.text("channel") ?? "-", count("queued"), count("arrived"), count("failed")))
                    }
                }
                let opened: Bool? = if case .bool(let value)? = card.members["runbook_opened"] { value } else { nil }
                print(Self.lines(
                    id: incident.text("id") ?? id, team: incident.text("team"), over: card.members["over"] == .bool(true), acknowledged: acknowledged,
                    target: target, steps: Int(List.seconds(card.members["steps_paged"]) ?? 0), channels: channels, runbookOpened: opened,
                    postmortem: card.text("postmortem")))
                return
            }
            let configuration = try options.resolve()
            let id = self.id
            let logger = options.logger(configuration)
            let card = try await options.withStore(configuration) { store in
                try await Drills(store: store, pipeline: AlertPipeline(store: store, logger: logger), settings: configuration.drills).scorecard(incidentID: id)
            }
            print(Self.lines(
                id: card.incident.id, team: card.incident.teamID, over: card.isOver, acknowledged: card.acknowledgeSeconds, target: card.targetSeconds,
                steps: card.stepsPaged, channels: card.channels.map { ($0.channel.rawValue, $0.queued, $0.arrived, $0.failed) },
                runbookOpened: card.runbookOpened, postmortem: card.postmortem?.rawValue))
        }

        /// The scorecard as lines for a terminal, the same from the local database and from a server.
        static func lines(
            id: String, team: String?, over: Bool, acknowledged: Double?, target: Double, steps: Int, channels: [(String, Int, Int, Int)],
            runbookOpened: Bool?, postmortem: String?
        ) -> String {
            let verdict = acknowledged.map { $0 <= target ? "met" : "missed" }
            return ([
                "drill \(id) for team \(team ?? "-") (\(over ? "over" : "in progress"))",
                "acknowledged: " + (acknowledged.map { "after \(List.minutes($0)), target \(List.minutes(target)): \(verdict ?? "")" } ?? "not yet"),
                "steps paged: \(steps)",
            ] + channels.map { "\($0.0): \($0.2) of \($0.1) arrived, \($0.3) failed" } + [
                "runbook opened from a page: " + (runbookOpened.map { $0 ? "yes" : "no" } ?? "no runbook given"),
                "postmortem: " + (postmortem ?? "none"),
            ]).joined(separator: "\n")
        }
    }
}
