import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald incident classify`, `file` and `clocks`: the regulatory clocks from a terminal, through
/// `--server` or on the database, with the same use cases as the API.
extension IncidentCommand {
    struct Classify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify an incident under a regulatory regime (gdpr, cac-cii, cac-state, cac-other, pipl, nis2 or one from the config) from its awareness time.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "The regime's id.")
        var regime: String

        @Option(name: .customLong("aware-at"), help: "When you became aware of it: RFC 3339 with its offset, e.g. 2026-11-02T09:00:00+08:00.")
        var awareAt: String

        @Option(help: "Who recorded it.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            if let remote = try options.remote() {
                let made = try await remote.post(
                    "/incidents/\(try RemotePath.segment(id))/classifications",
                    .object(["regime": .string(regime), "awareness_at": .string(awareAt), "recorded_by": .string(by)]))
                ClockPrinter.print(made)
                return
            }
            let awareness = try ClockPrinter.time(awareAt, field: "--aware-at")
            let configuration = try options.resolve()
            let (id, regime, actor) = (self.id, self.regime, "cli:\(by)")
            let view = try await options.withStore(configuration) { store in
                let clocks = RegulatoryClocks(store: store, policy: configuration.compliancePolicy, now: { Date() })
                return clocks.view(try await clocks.classify(incident: id, regime: regime, awareness: awareness, by: actor))
            }
            ClockPrinter.print(view, zone: configuration.compliancePolicy.zone)
        }
    }

    struct File: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a step of a regime filed with the authority; a first filing after its deadline needs --late-reason. Filing a step again adds a phase.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "The regime's id.")
        var regime: String

        @Option(help: "The step's id, e.g. art33-authority, initial, early-warning.")
        var step: String

        @Option(name: .customLong("filed-at"), help: "When it was filed (RFC 3339 with offset); default now.")
        var filedAt: String?

        @Option(help: "The reference the authority gave.")
        var reference: String?

        @Option(name: .customLong("late-reason"), help: "Why it is filed after its deadline.")
        var lateReason: String?

        @Option(help: "Who filed it.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            if let remote = try options.remote() {
                var body: [String: JSONValue] = ["step": .string(step)]
                if let filedAt { body["filed_at"] = .string(filedAt) }
                if let reference { body["reference"] = .string(reference) }
                if let lateReason { body["late_reason"] = .string(lateReason) }
                let filed = try await remote.post(
                    "/incidents/\(try RemotePath.segment(id))/classifications/\(try RemotePath.segment(regime))/filings", .object(body))
                ClockPrinter.print(filed)
                return
            }
            let at = try filedAt.map { try ClockPrinter.time($0, field: "--filed-at") }
            let configuration = try options.resolve()
            let (id, regime, step, reference, lateReason, actor) = (self.id, self.regime, self.step, self.reference, self.lateReason, "cli:\(by)")
            let view = try await options.withStore(configuration) { store in
                let clocks = RegulatoryClocks(store: store, policy: configuration.compliancePolicy, now: { Date() })
                return clocks.view(try await clocks.file(
                    incident: id, regime: regime, step: step, filedAt: at, reference: reference, lateReason: lateReason, by: actor))
            }
            ClockPrinter.print(view, zone: configuration.compliancePolicy.zone)
        }
    }

    struct Clocks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an incident's regulatory clocks: each step's deadline and where it stands.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "The IANA zone to show times in; default the configured one.")
        var zone: String?

        func run() async throws {
            if let zone, TimeZone(identifier: zone) == nil { throw ValidationError("--zone must be an IANA time zone, e.g. Asia/Shanghai") }
            if let remote = try options.remote() {
                let list = try await remote.get("/incidents/\(try RemotePath.segment(id))/clocks" + (zone.map { "?zone=\($0)" } ?? ""))
                guard case .array(let items)? = list.members["classifications"] else { return }
                for item in items { ClockPrinter.print(item) }
                return
            }
            let configuration = try options.resolve()
            let id = self.id
            let views = try await options.withStore(configuration) { store in
                try await RegulatoryClocks(store: store, policy: configuration.compliancePolicy, now: { Date() }).clocks(incident: id)
            }
            let shown = zone.flatMap(TimeZone.init(identifier:)) ?? configuration.compliancePolicy.zone
            for view in views { ClockPrinter.print(view, zone: shown) }
        }
    }
}

extension IncidentCommand {
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a regulatory step's pre-filled report as Markdown; --set FIELD=TEXT first saves what you write for a field (FIELD= removes it).")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The incident's id.")
        var id: String

        @Option(help: "The regime's id.")
        var regime: String

        @Option(help: "The step's id, e.g. art33-authority, initial, final-report.")
        var step: String

        @Option(help: "The report's language: zh-CN or en.")
        var language: String = "zh-CN"

        @Option(help: "The IANA zone to write times in; default the configured one.")
        var zone: String?

        @Option(name: .customLong("set"), help: "A field and its text, e.g. --set 'subjects=About 1,200 customers'. Repeatable.")
        var set: [String] = []

        @Option(help: "Who wrote the fields.")
        var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

        func run() async throws {
            guard let language = Language(rawValue: language) else { throw ValidationError("--language must be zh-CN or en") }
            if let zone, TimeZone(identifier: zone) == nil { throw ValidationError("--zone must be an IANA time zone, e.g. Asia/Shanghai") }
            var fields: [String: String] = [:]
            for pair in set {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw ValidationError("--set takes FIELD=TEXT, got '\(pair)'") }
                fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            if let remote = try options.remote() {
                let base = "/incidents/\(try RemotePath.segment(id))/classifications/\(try RemotePath.segment(regime))"
                if !fields.isEmpty { try await remote.patch(base + "/report-fields", .object(fields.mapValues { JSONValue.string($0) })) }
                var query = "?step=\(try RemotePath.segment(step))&language=\(language.rawValue)"
                if let zone { query += "&zone=\(try RemotePath.segment(zone))" }
                Swift.print(try await remote.get(base + "/report" + query).text("markdown") ?? "", terminator: "")
                return
            }
            let configuration = try options.resolve()
            let shown = zone.flatMap(TimeZone.init(identifier:)) ?? configuration.compliancePolicy.zone
            let (id, regime, step, actor, written) = (self.id, self.regime, self.step, "cli:\(by)", fields)
            let report = try await options.withStore(configuration) { store in
                let clocks = RegulatoryClocks(store: store, policy: configuration.compliancePolicy, now: { Date() })
                if !written.isEmpty { _ = try await clocks.saveReportFields(incident: id, regime: regime, fields: written, by: actor) }
                return try await clocks.report(incident: id, regime: regime, step: step, language: language, zone: shown)
            }
            Swift.print(report.markdown(zone: shown), terminator: "")
        }
    }
}

enum ClockPrinter {
    static func time(_ text: String, field: String) throws -> Date {
        switch RFC3339.read(text, field: field) {
        case .success(let date): return date
        case .failure(let error): throw ValidationError("\(field) \(error.reason)")
        }
    }

    /// One classification: a line for the regime, one per step (id, state, deadline with its zone).
    static func print(_ view: ClockView, zone: TimeZone) {
        Swift.print("\(view.regime.id)\taware since \(ComplianceTime.rfc3339(view.classification.awareness, zone)) (\(zone.identifier))")
        for step in view.steps {
            let deadline = step.deadline.map { ComplianceTime.rfc3339($0, zone) } ?? "without undue delay"
            Swift.print(["", step.step.id, step.state.rawValue + (step.late ? " (late)" : ""), deadline, "\(step.filings.count) filed"].joined(separator: "\t"))
        }
    }

    static func print(_ document: JSONValue) {
        Swift.print("\(document.text("regime") ?? "-")\taware since \(document.text("awareness_at") ?? "-") (\(document.text("time_zone") ?? "-"))")
        guard case .array(let steps)? = document.members["steps"] else { return }
        for step in steps {
            var state = step.text("state") ?? "-"
            if case .bool(true)? = step.members["late"] { state += " (late)" }
            var filed = 0
            if case .array(let filings)? = step.members["filings"] { filed = filings.count }
            Swift.print(["", step.text("id") ?? "-", state, step.text("deadline") ?? "without undue delay", "\(filed) filed"].joined(separator: "\t"))
        }
    }
}
