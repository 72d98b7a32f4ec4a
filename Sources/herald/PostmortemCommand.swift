import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald postmortem`: start a resolved incident's postmortem, write its sections, move it through
/// review, and print it as Markdown, on the local database or through `--server`, under the same
/// rules as the API and the console.
struct PostmortemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem", abstract: "Start, write, review, publish and print an incident's postmortem.",
        subcommands: [Start.self, Write.self, State.self, Show.self, Actions.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the postmortem of a resolved incident, as a draft.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "Who starts it.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            if let remote = try options.remote() {
                let made = try await remote.post("/incidents/\(try RemotePath.segment(id))/postmortem")
                print("postmortem of incident \(id) is \(made.text("state") ?? "-")")
                return
            }
            let configuration = try options.resolve()
            let (id, actor) = (self.id, "cli:\(by)")
            let made = try await options.withStore(configuration) { store in try await store.createPostmortem(incidentID: id, actor: actor) }
            print("postmortem of incident \(id) is \(made.state.rawValue)")
        }
    }

    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the postmortem's sections; those not given stay as they are. --action replaces the action items.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(name: .customLong("root-cause"), help: "What caused it.")
        var rootCause: String?

        @Option(name: .customLong("went-well"), help: "What went well.")
        var wentWell: String?

        @Option(name: .customLong("went-wrong"), help: "What went wrong.")
        var wentWrong: String?

        @Option(name: .customLong("action"), help: "An action item as 'TITLE|OWNER|YYYY-MM-DD', with '|done' when it is. Repeatable.")
        var actions: [String] = []

        @Flag(name: .customLong("no-actions"), help: "Remove every action item.")
        var noActions = false

        @Option(name: .customLong("public-summary-zh"), help: "What customers read on the status page once it is published there, in Chinese.")
        var publicSummaryZh: String?

        @Option(name: .customLong("public-summary-en"), help: "The public summary in English.")
        var publicSummaryEn: String?

        func validate() throws {
            _ = try items()
            if noActions, !actions.isEmpty { throw ValidationError("--no-actions and --action cannot be given together") }
            if rootCause == nil, wentWell == nil, wentWrong == nil, actions.isEmpty, !noActions, publicSummaryZh == nil, publicSummaryEn == nil {
                throw ValidationError(
                    "give at least one of --root-cause, --went-well, --went-wrong, --action, --no-actions, --public-summary-zh, --public-summary-en")
            }
        }

        /// `Fix the alert|li|2026-12-20|done` → an action item; the date and owner are checked by the rules.
        func items() throws -> [ActionItem]? {
            if noActions { return [] }
            guard !actions.isEmpty else { return nil }
            return try actions.map { text in
                let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 3 || (parts.count == 4 && parts[3] == "done") else {
                    throw ValidationError("--action takes 'TITLE|OWNER|YYYY-MM-DD' or 'TITLE|OWNER|YYYY-MM-DD|done', got '\(text)'")
                }
                return ActionItem(title: parts[0], owner: parts[1], due: parts[2], done: parts.count == 4)
            }
        }

        func run() async throws {
            let items = try items()
            if let remote = try options.remote() {
                var body: [String: JSONValue] = [:]
                if let rootCause { body["root_cause"] = .string(rootCause) }
                if let wentWell { body["went_well"] = .string(wentWell) }
                if let wentWrong { body["went_wrong"] = .string(wentWrong) }
                if publicSummaryZh != nil || publicSummaryEn != nil {
                    // The server replaces the summary whole: send the language not given as it stands.
                    var summary: [String: JSONValue] = [:]
                    if case .object(let current)? = try await remote.get("/incidents/\(try RemotePath.segment(id))/postmortem").members["public_summary"] {
                        summary = current
                    }
                    if let publicSummaryZh { summary["zh-CN"] = .string(publicSummaryZh) }
                    if let publicSummaryEn { summary["en"] = .string(publicSummaryEn) }
                    body["public_summary"] = .object(summary)
                }
                if let items {
                    body["action_items"] = .array(items.map { item in
                        .object(["title": .string(item.title), "owner": .string(item.owner), "due": .string(item.due), "done": .bool(item.done)])
                    })
                }
                try await remote.patch("/incidents/\(try RemotePath.segment(id))/postmortem", .object(body))
                print("postmortem of incident \(id) written")
                return
            }
            let configuration = try options.resolve()
            let (id, rootCause, wentWell, wentWrong, publicSummaryZh, publicSummaryEn) = (self.id, self.rootCause, self.wentWell, self.wentWrong, self.publicSummaryZh, self.publicSummaryEn)
            try await options.withStore(configuration) { store in
                guard let current = try await store.postmortem(incidentID: id) else { throw StoreError.notFound(kind: "postmortem", id: id) }
                var sections = current.sections
                sections.rootCause = rootCause ?? sections.rootCause
                sections.wentWell = wentWell ?? sections.wentWell
                sections.wentWrong = wentWrong ?? sections.wentWrong
                sections.actionItems = items ?? sections.actionItems
                if let publicSummaryZh { sections.publicSummary.zhCN = publicSummaryZh }
                if let publicSummaryEn { sections.publicSummary.en = publicSummaryEn }
                _ = try await store.updatePostmortem(incidentID: id, sections: sections)
            }
            print("postmortem of incident \(id) written")
        }
    }

    struct State: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the postmortem: draft → in_review → published, or in_review back to draft. Published is final.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Argument(help: "draft, in_review or published.")
        var state: String

        @Flag(name: .customLong("public"), help: "When publishing, put its public summary on the status page, in its feeds and subscribers' email too.")
        var isPublic = false

        func run() async throws {
            guard let next = PostmortemState(rawValue: state) else {
                throw ValidationError("the state must be one of \(PostmortemState.allCases.map(\.rawValue).joined(separator: ", ")); got '\(state)'")
            }
            if let remote = try options.remote() {
                let changed = try await remote.post(
                    "/incidents/\(try RemotePath.segment(id))/postmortem/state", .object(["state": .string(next.rawValue), "public": .bool(isPublic)]))
                print("postmortem of incident \(id) is \(changed.text("state") ?? "-")" + (changed.members["public"] == .bool(true) ? ", on the status page" : ""))
                return
            }
            let configuration = try options.resolve()
            let (id, isPublic) = (self.id, self.isPublic)
            let changed = try await options.withStore(configuration) { store in
                try await store.changePostmortemState(incidentID: id, to: next, isPublic: isPublic)
            }
            print("postmortem of incident \(id) is \(changed.state.rawValue)" + (changed.isPublic ? ", on the status page" : ""))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the postmortem as Markdown, with what Herald recorded read afresh.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "The language to write it in: zh-CN or en.")
        var language: String = "zh-CN"

        @Option(help: "The IANA zone to write times in; default the status page's.")
        var zone: String?

        func run() async throws {
            guard let language = Language(rawValue: language) else { throw ValidationError("--language must be zh-CN or en") }
            if let zone, TimeZone(identifier: zone) == nil { throw ValidationError("--zone must be an IANA time zone, e.g. Asia/Shanghai") }
            if let remote = try options.remote() {
                let zoneQuery = try zone.map { "&zone=\(try RemotePath.segment($0))" } ?? ""
                Swift.print(try await remote.getText("/incidents/\(try RemotePath.segment(id))/postmortem/markdown?language=\(language.rawValue)\(zoneQuery)"), terminator: "")
                return
            }
            let configuration = try options.resolve()
            let shown = zone.flatMap(TimeZone.init(identifier:)) ?? configuration.statusPage.timeZone
            let id = self.id
            let markdown = try await options.withStore(configuration) { store in
                guard let postmortem = try await store.postmortem(incidentID: id) else { throw StoreError.notFound(kind: "postmortem", id: id) }
                return PostmortemMarkdown.render(postmortem, facts: try await store.postmortemFacts(incidentID: id), language: language, zone: shown)
            }
            Swift.print(markdown, terminator: "")
        }
    }

    struct Actions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the open action items of every postmortem, the earliest due first, and who is reminded of each.")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "Only this team's incidents.")
        var team: String?

        @Flag(help: "Only those past their due day (in the owner's zone when they are a contact).")
        var overdue = false

        @Option(help: "The IANA zone for owners who are not contacts; default the status page's.")
        var zone: String?

        func run() async throws {
            if let zone, TimeZone(identifier: zone) == nil { throw ValidationError("--zone must be an IANA time zone, e.g. Asia/Shanghai") }
            print(["DUE", "OVERDUE", "OWNER", "REMINDED", "ACTION ITEM", "INCIDENT"].joined(separator: "\t"))
            if let remote = try options.remote() {
                var query = ["overdue=\(overdue)"]
                if let team { query.append("team=\(try RemotePath.segment(team))") }
                if let zone { query.append("zone=\(try RemotePath.segment(zone))") }
                guard case .array(let items)? = try await remote.get("/action-items?" + query.joined(separator: "&")).members["action_items"] else { return }
                for item in items {
                    let days = item.members["days_overdue"].flatMap { if case .integer(let value) = $0 { Int(value) } else { nil } } ?? 0
                    print(Self.line(
                        due: item.text("due") ?? "", days: days, owner: item.text("owner") ?? "", contact: item.text("owner_contact_id"),
                        title: item.text("title") ?? "", incident: item.text("incident_id") ?? ""))
                }
                return
            }
            let configuration = try options.resolve()
            let shown = zone.flatMap(TimeZone.init(identifier:)) ?? configuration.statusPage.timeZone
            let (team, overdue) = (self.team, self.overdue)
            let lines = try await options.withStore(configuration) { store in
                if let team { _ = try await store.team(id: team) }
                return ActionItemLine.lines(try await store.openActionItems(team: team), contacts: try await store.contacts(), at: Date(), zone: shown)
            }
            for line in lines where !overdue || line.isOverdue {
                print(Self.line(
                    due: line.open.item.due, days: line.daysOverdue, owner: line.open.item.owner, contact: line.owner?.id, title: line.open.item.title,
                    incident: line.open.incidentID))
            }
        }

        /// One tab-separated line; tabs and newlines in what people wrote become spaces.
        static func line(due: String, days: Int, owner: String, contact: String?, title: String, incident: String) -> String {
            func cell(_ text: String) -> String { text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }
            return [due, days >= 1 ? "\(days)d" : "-", cell(owner), contact ?? "-", cell(title), incident].joined(separator: "\t")
        }
    }
}
