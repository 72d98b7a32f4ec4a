import HeraldApp
import ArgumentParser
import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore

/// `herald notice`: write, check, preview and run planned-downtime notices from the command line.
struct NoticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice", abstract: "Planned-downtime notices (停机通知).",
        subcommands: [New.self, Check.self, Preview.self, Create.self, Publish.self, Extend.self, Complete.self, Cancel.self, List.self, Show.self])

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a notice file to fill in (YAML).")

        @Option(name: .long, help: "The IANA time zone the notice's times are in.")
        var timeZone = "Asia/Shanghai"

        func run() async throws {
            guard Validate.timeZone(timeZone).isEmpty, let zone = TimeZone(identifier: timeZone) else {
                throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone such as Asia/Shanghai")
            }
            print(NoticeSkeleton.yaml(zone: zone, now: Date()))
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a notice file (or a stored notice) before it goes out; exits 1 when it has errors.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "A notice file, or the id of a stored notice.") var notice: String

        func run() async throws {
            let notice = self.notice
            // A file is read before the database is opened: its problems come first, all of them.
            var file: NoticeContent?
            if NoticeSource.isFile(notice) {
                do { file = try NoticeSource.read(file: notice) } catch let problems as NoticeFileProblems {
                    // The file's own problems are the check's errors, printed as the check prints them.
                    for error in problems.errors { print("error: \(error.field): \(error.reason)") }
                    print("not publishable: \(problems.errors.count) errors")
                    throw ExitCode.failure
                }
            }
            let read = file
            let report = try await options.withNotices { service in
                let content: NoticeContent
                if let read { content = read } else { content = try await service.store.notice(id: notice).content }
                return try await service.check(content)
            }
            for error in report.errors { print("error: \(error.field): \(error.reason)") }
            for warning in report.warnings { print("warning: \(warning.field.map { "\($0): " } ?? "")\(warning.message)") }
            if let reach = report.reach {
                let channels = reach.channels.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }
                print("reach: \(reach.people) \(reach.people == 1 ? "person" : "people")\(channels.isEmpty ? "" : " (\(channels.joined(separator: ", ")))")")
            }
            print(report.canPublish ? "ok: can be published (\(report.warnings.count) warnings)" : "not publishable: \(report.errors.count) errors")
            if !report.canPublish { throw ExitCode.failure }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show what each channel would receive, sending nothing.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "A notice file, or the id of a stored notice.") var notice: String
        @Option(help: "announcement, reminder-MINUTES, start, extension-N, completion, cancellation or test-N.") var step = "announcement"
        @Option(help: "email, sms, im, status_page or webhook (default: all).") var kind: String?
        @Option(help: "zh-CN or en (default: both).") var language: String?

        func run() async throws {
            guard let step = NoticeStep(key: step) else { throw ValidationError("--step '\(self.step)' is not a notice step") }
            let kinds = try kind.map { name in
                guard let kind = TemplateKind(rawValue: name) else { throw ValidationError("--kind must be email, sms, im, status_page or webhook") }
                return [kind]
            } ?? TemplateKind.allCases
            let languages = try language.map { code in
                guard let language = Language(rawValue: code) else { throw ValidationError("--language must be zh-CN or en") }
                return [language]
            } ?? Language.allCases
            let notice = self.notice
            let rendered = try await options.withNotices { service in
                let stored = try await NoticeSource.notice(notice, store: service.store)
                return try await service.preview(stored, step: step)
            }
            for kind in kinds {
                for language in languages {
                    guard let message = rendered[kind, language] else { continue }
                    print("──── \(kind.rawValue) · \(language.rawValue) ────")
                    if let subject = message.subject { print("Subject: \(subject)\n") }
                    print(message.text)
                    if kind == .sms {
                        let length = SMSLength(message.text)
                        print("(\(length.units) \(length.encoding.rawValue) characters, \(length.segments) message\(length.segments == 1 ? "" : "s"))")
                    }
                    print("")
                }
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish a notice file or a stored draft: the announcement goes out and the schedule starts.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "A notice file (stored, then published), or the id of a stored draft.") var notice: String
        @Option(help: "Why the notice goes out less than 24 hours ahead; required then.") var shortNoticeReason: String?

        func run() async throws {
            let (notice, reason) = (self.notice, shortNoticeReason)
            if let remote = try options.remote() {
                var id = notice
                if FileManager.default.fileExists(atPath: notice) {
                    id = try await remote.post("/notices", try NoticeSource.json(file: notice)).text("id") ?? ""
                }
                let body: JSONValue? = reason.map { .object(["short_notice_reason": .string($0)]) }
                let published = try await remote.post("/notices/\(try RemotePath.segment(id))/publish", body)
                print("published notice \(published.text("id") ?? id): \(published.text("state") ?? "-")")
                return
            }
            do {
                let published = try await options.withNotices { service in
                    let id: String
                    if FileManager.default.fileExists(atPath: notice) {
                        let content = try NoticeSource.read(file: notice)
                        // Checked before storing, so a refused file leaves no draft behind.
                        try await service.requirePublishable(content, shortNoticeReason: reason)
                        id = try await service.store.createNotice(content, createdBy: "herald notice publish").id
                    } else {
                        id = notice
                    }
                    return try await service.publish(id: id, actor: "herald notice publish", shortNoticeReason: reason)
                }
                print("published notice \(published.id): \(published.state.rawValue)")
            } catch let refused as NoticeRefused {
                for error in refused.report.errors { print("error: \(error.field): \(error.reason)") }
                print("not published")
                throw ExitCode.failure
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move the planned end later and announce it at once.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The notice id.") var id: String
        @Option(help: "The new planned end, with its offset: 2026-12-01T06:00:00+08:00.") var until: String
        @Option(help: "Why, for the extension's messages and the public page.") var reason: String?

        func run() async throws {
            let end: Date
            switch RFC3339.read(until, field: "--until") {
            case .success(let date): end = date
            case .failure(let error): throw ValidationError("\(error.field) \(error.reason)")
            }
            let (id, reason) = (self.id, self.reason)
            if let remote = try options.remote() {
                var body: [String: JSONValue] = ["planned_end": .string(until)]
                if let reason { body["reason"] = .string(reason) }
                _ = try await remote.post("/notices/\(try RemotePath.segment(id))/extend", .object(body))
                print("extended notice \(id) to \(until)")
                return
            }
            if let reason, let problem = Validate.text(reason, field: "--reason", maximum: 1000, multiline: true).first {
                throw ValidationError(problem.description)
            }
            let notice = try await options.withNotices { try await $0.extend(id: id, until: end, reason: reason, actor: "herald notice extend") }
            print("extended notice \(notice.id) to \(until)")
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End the downtime now and send the recovery notice (系统已恢复).")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The notice id.") var id: String

        func run() async throws {
            let id = self.id
            if let remote = try options.remote() {
                _ = try await remote.post("/notices/\(try RemotePath.segment(id))/complete")
                print("completed notice \(id)")
                return
            }
            let notice = try await options.withNotices { try await $0.complete(id: id, actor: "herald notice complete") }
            print("completed notice \(notice.id)")
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a notice before it completes.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The notice id.") var id: String
        @Option(help: "Why, for the cancellation notice.") var reason: String?

        func run() async throws {
            let (id, reason) = (self.id, self.reason)
            if let remote = try options.remote() {
                _ = try await remote.post("/notices/\(try RemotePath.segment(id))/cancel", reason.map { .object(["reason": .string($0)]) })
                print("cancelled notice \(id)")
                return
            }
            let notice = try await options.withNotices { try await $0.cancel(id: id, reason: reason, actor: "herald notice cancel") }
            print("cancelled notice \(notice.id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List notices.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "STATE", "START", "END", "TITLE"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for notice in try await remote.all("/notices", key: "notices") {
                    print(["id", "state", "planned_start", "planned_end", "title"].map { notice.text($0) ?? "-" }.joined(separator: "\t"))
                }
                return
            }
            let notices = try await options.withNotices { try await $0.store.notices() }
            let format = ISO8601DateFormatter()
            for notice in notices {
                format.timeZone = TimeZone(identifier: notice.content.timeZone) ?? .gmt
                print([
                    notice.id, notice.state.rawValue, format.string(from: notice.content.plannedStart),
                    notice.content.plannedEnd.map(format.string(from:)) ?? "-",
                    notice.content.title.text(for: .zhCN) ?? "",
                ].joined(separator: "\t"))
            }
        }
    }
}

extension NoticeCommand {
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a notice file as a draft, to check, preview and publish later.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "A notice file (YAML).") var file: String

        func run() async throws {
            let file = self.file
            if let remote = try options.remote() {
                let created = try await remote.post("/notices", try NoticeSource.json(file: file))
                print("created draft notice \(created.text("id") ?? "-")")
                return
            }
            let content = try NoticeSource.read(file: file)
            let notice = try await options.withNotices { try await $0.store.createNotice(content, createdBy: "herald notice create") }
            print("created draft notice \(notice.id)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one notice: its state, window and components.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The notice id.") var id: String

        func run() async throws {
            let id = self.id
            var fields: [(String, String)]
            if let remote = try options.remote() {
                let notice = try await remote.get("/notices/\(try RemotePath.segment(id))")
                let components = notice.strings("components").joined(separator: ", ")
                fields = [
                    ("id", notice.text("id") ?? id), ("state", notice.text("state") ?? "-"), ("title", notice.text("title") ?? "-"),
                    ("start", notice.text("planned_start") ?? "-"), ("end", notice.text("planned_end") ?? "-"), ("components", components),
                ]
                if let reason = notice.text("extension_reason") { fields.append(("extension reason", reason)) }
            } else {
                let notice = try await options.withNotices { try await $0.store.notice(id: id) }
                let format = ISO8601DateFormatter()
                format.timeZone = TimeZone(identifier: notice.content.timeZone) ?? .gmt
                fields = [
                    ("id", notice.id), ("state", notice.state.rawValue), ("title", notice.content.title.text(for: .zhCN) ?? "-"),
                    ("start", format.string(from: notice.content.plannedStart)),
                    ("end", notice.content.plannedEnd.map(format.string(from:)) ?? "-"),
                    ("components", notice.content.components.joined(separator: ", ")),
                ]
                if let reason = notice.extensionReason { fields.append(("extension reason", reason)) }
            }
            for (name, value) in fields { print("\(name): \(value)") }
        }
    }
}

/// A notice named on the command line: a YAML file, or the id of a stored one.
/// A notice file whose fields have problems: every one of them, each as "field: reason".
struct NoticeFileProblems: Error, CustomStringConvertible {
    var file: String
    var errors: [FieldError]

    var description: String {
        "\(file) has \(errors.count == 1 ? "a problem" : "\(errors.count) problems"):\n" + errors.map { "  - \($0.field): \($0.reason)" }.joined(separator: "\n")
    }
}

enum NoticeSource {
    /// The file as the JSON body the API takes; checked by the server.
    static func json(file: String) throws -> JSONValue {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        do { return try JSONValue(yaml: text) } catch { throw CommandFailure("\(file) is not valid YAML: \(error)") }
    }

    /// The file's notice; its problems, a missing file or YAML that does not parse end the command
    /// with exit status 1 and no usage text (the command line was right, the file is not).
    static func read(file: String) throws -> NoticeContent {
        let text: String
        guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure("file not found: \(file)") }
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        do {
            return try NoticeBody.content(try JSONValue(yaml: text))
        } catch let failure as ValidationFailure {
            throw NoticeFileProblems(file: file, errors: failure.errors)
        } catch {
            throw CommandFailure("\(file) is not valid YAML: \(error)")
        }
    }

    /// Whether the argument names a file rather than a stored notice: it exists, or it could not be a
    /// notice's id (ids are lowercase letters, digits, `-` and `_`), like `notices/db.yaml`.
    static func isFile(_ argument: String) -> Bool {
        FileManager.default.fileExists(atPath: argument) || !Validate.identifier(argument, field: "notice").isEmpty
    }

    static func content(_ argument: String, store: Store) async throws -> NoticeContent {
        isFile(argument) ? try read(file: argument) : try await store.notice(id: argument).content
    }

    static func notice(_ argument: String, store: Store) async throws -> Notice {
        guard isFile(argument) else { return try await store.notice(id: argument) }
        let content = try read(file: argument)
        return Notice(id: "preview", state: .draft, content: content, createdBy: "preview", createdAt: Date(), updatedAt: Date())
    }
}

extension ConfigurationOptions {
    /// Opens the database (migrating it) with the configured templates, and runs `body` with a notice service.
    func withNotices<Result: Sendable>(_ body: @escaping @Sendable (NoticeService) async throws -> Result) async throws -> Result {
        let configuration = try resolve()
        let templates: NoticeTemplates
        do { templates = try NoticeTemplates.load(overrides: configuration.notices.templateDirectory) } catch let error as TemplateError {
            throw ValidationError(error.description)
        }
        let settings = configuration.notices
        let publicURL = configuration.publicURL
        let catalogue = configuration.catalogue
        return try await withStore(configuration) { store in
            // The config file's catalogue is what `herald serve` would have applied; checks need it.
            if let catalogue { try await store.applyCatalogue(catalogue) }
            return try await body(NoticeService(store: store, templates: templates, settings: settings, publicURL: publicURL))
        }
    }
}
