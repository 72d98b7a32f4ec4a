import Foundation
import HeraldChannels
import HeraldCore
import HeraldEngine
import HeraldStore
import Logging

/// How an operator configures Herald: defaults, overridden by the config file, overridden by flags.
public struct HeraldConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The address people reach Herald at from outside, e.g. https://status.example.com; links in
    /// messages (unsubscribe) are made under it.
    public var publicURL: String?
    public var database = DatabaseLocation.defaultSQLite
    /// Request bodies larger than this get 413.
    public var maxBodyBytes = 1_048_576
    /// How many connections are held, and how long each phase of one may take.
    public var connections = ConnectionSettings()
    public var logLevel = Logger.Level.info
    /// The catalogue the file declares; nil when it declares none (the API then owns the catalogue).
    public var catalogue: CatalogueDeclaration?
    /// The file this was read from, read again on reload.
    public var file: String?
    /// Fields the file names by an old name that is still read; each is logged as a warning at load.
    public var deprecations: [FieldError] = []
    /// How notices are checked, templated and test-sent.
    public var notices = NoticeSettings()
    /// Every configured channel's settings, each read from `channels.<kind>` by the channel's own file.
    public var channelSettings = ChannelSettings()
    /// Per-message costs and monthly budgets per channel.
    public var costs = CostPolicy()
    /// How long a message on a channel with receipts (SMS, calls) may go unconfirmed before its fallback takes over.
    public var confirmations = ConfirmationTimeouts(within: Channels.catalogue.confirmationWindows)
    /// How long each kind of delivery is retried (`delivery.retry_for`).
    public var retry = RetryPolicy()
    /// How alerts are graded and limited.
    public var alerts = AlertSettings()
    /// How the public status page names itself and shows times.
    public var statusPage = StatusPageSettings()
    /// Where outgoing webhooks may reach (`outbound`): public addresses, and for what operators made
    /// the ranges and hosts `outbound.allow` names.
    public var outbound = OutboundPolicy()
    /// `backups`: scheduled backups; nil when the config sets none.
    public var backups: BackupSchedule?
    /// `server.trusted_proxies`: the peers whose forwarding headers say who the client is.
    public var trustedProxies: [AddressRange] = []
    /// How webhook hosts are resolved; not read from the file (tests give their own answers).
    public var resolver = OutboundResolver.system
    /// `audit.signing_key_file`: the Ed25519 key audit checkpoints are signed with; nil keeps it beside the SQLite file.
    public var auditSigningKeyFile: String?
    /// `compliance`: regulatory regimes, reminder points and the compliance group.
    public var compliance = ComplianceSettings()
    /// `drills`: the acknowledgement target a drill's scorecard measures against.
    public var drills = DrillSettings()

    /// Where the audit signing key is, named or by default.
    public var auditSigningKeyPath: String { auditSigningKeyFile ?? AuditSigningKey.defaultPath(for: database) }

    public init() {}

    /// Reads a config file; every problem in it is reported with its path, e.g. `server.port`.
    public static func load(file: String) throws -> HeraldConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: file, errors: [FieldError("file", "cannot be read: \(error.localizedDescription)")])
        }
        var configuration = try parse(yaml: text, file: file)
        configuration.file = file
        return configuration
    }

    public static func parse(yaml: String, file: String = "config") throws -> HeraldConfiguration {
        let value: JSONValue
        do {
            value = try JSONValue(yaml: yaml)
        } catch {
            throw ConfigurationError(file: file, errors: [FieldError("yaml", "\(error)")])
        }
        var configuration = HeraldConfiguration()
        var reader = ObjectReader(value)
        if let server = reader.object("server") {
            var section = ObjectReader(server, prefix: "server.")
            if let host = section.string("host") { configuration.host = host }
            if let url = section.string("public_url") {
                section.add(Validate.webURL(url, field: "server.public_url"))
                configuration.publicURL = url
            }
            if let port = section.integer("port") {
                if (1...65535).contains(port) { configuration.port = port } else { section.add([FieldError("server.port", "must be from 1 to 65535")]) }
            }
            if let limit = section.integer("max_body_bytes") {
                if (1024...(64 << 20)).contains(limit) { configuration.maxBodyBytes = limit } else { section.add([FieldError("server.max_body_bytes", "must be from 1024 to 67108864")]) }
            }
            readConnectionSettings(&section, into: &configuration.connections)
            configuration.trustedProxies = readTrustedProxies(&section)
            reader.add(section.errorsIncludingUnknown())
        }
        if let database = reader.string("database") {
            do { configuration.database = try DatabaseLocation(parsing: database) } catch { reader.add([error]) }
        }
        if let level = reader.string("log_level") {
            if let parsed = Logger.Level(rawValue: level) { configuration.logLevel = parsed } else {
                reader.add([FieldError("log_level", "must be one of trace, debug, info, notice, warning, error, critical")])
            }
        }
        if let catalogue = reader.object("catalogue") {
            var section = ObjectReader(catalogue, prefix: "catalogue.")
            // Components that still name their group `group`, the name before the API's `group_id`.
            var oldGroupField: Set<String> = []
            let declaration = CatalogueDeclaration(
                groups: section.array("groups").enumerated().map { index, value in
                    var item = ObjectReader(value, prefix: "catalogue.groups[\(index)].")
                    defer { section.add(item.errorsIncludingUnknown()) }
                    return GroupSpec(
                        id: item.requiredString("id"), name: item.requiredString("name") ?? "",
                        description: item.string("description"), position: item.integer("position") ?? index,
                        translations: item.translations() ?? [:])
                },
                components: section.array("components").enumerated().map { index, value in
                    var item = ObjectReader(value, prefix: "catalogue.components[\(index)].")
                    defer { section.add(item.errorsIncludingUnknown()) }
                    let spec = ComponentSpec(
                        id: item.requiredString("id"), name: item.requiredString("name") ?? "",
                        description: item.string("description"), groupID: groupID(&item, renamed: &oldGroupField),
                        position: item.integer("position") ?? index, runbookURL: item.string("runbook_url"),
                        ownerTeam: item.string("owner_team"), isInternal: item.bool("internal") ?? false,
                        translations: item.translations() ?? [:])
                    return .init(spec: spec, status: item.enumeration("status", as: ComponentStatus.self))
                })
            reader.add(section.errorsIncludingUnknown())
            // Field checks are skipped for entries already reported missing, to avoid saying it twice.
            let reported = Set(reader.errors.map(\.field))
            let checked = declaration.validate().map { error in
                // A component's problem with its group is named by the field the file wrote.
                guard error.field.hasSuffix(".group_id"), oldGroupField.contains(String(error.field.dropLast("group_id".count))) else { return error }
                return FieldError(String(error.field.dropLast(3)), error.reason)
            }
            reader.add(checked.filter { !reported.contains($0.field) && !$0.reason.hasPrefix("is required") })
            configuration.deprecations += oldGroupField.sorted().map { prefix in
                FieldError(prefix + "group", "is the old name of group_id, as the API names it; it is still read, but rename it")
            }
            configuration.catalogue = declaration
        }
        if let channels = reader.object("channels") {
            configuration.channelSettings = ChannelSettings.read(channels, into: &reader)
        }
        if let delivery = reader.object("delivery") {
            configuration.costs = readCosts(delivery, into: &reader, confirmations: &configuration.confirmations, retry: &configuration.retry)
        }
        if let alerts = reader.object("alerts") {
            configuration.alerts = readAlerts(alerts, into: &reader)
        }
        if let statusPage = reader.object("status_page") {
            configuration.statusPage = readStatusPage(statusPage, into: &reader)
        }
        if let outbound = reader.object("outbound") {
            configuration.outbound = readOutbound(outbound, into: &reader)
        }
        if let backups = reader.object("backups") {
            configuration.backups = readBackups(backups, into: &reader, relativeTo: file)
        }
        if let audit = reader.object("audit") {
            var section = ObjectReader(audit, prefix: "audit.")
            if let path = section.string("signing_key_file") {
                // Relative to the config file, like notices.templates.
                configuration.auditSigningKeyFile = path.hasPrefix("/") ? path : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
            }
            reader.add(section.errorsIncludingUnknown())
        }
        if let compliance = reader.object("compliance") {
            configuration.compliance = readCompliance(compliance, into: &reader)
        }
        if let drills = reader.object("drills") {
            configuration.drills = readDrills(drills, into: &reader, zone: configuration.statusPage.timeZone)
        }
        if let notices = reader.object("notices") {
            configuration.notices = readNotices(notices, into: &reader, relativeTo: file)
        }
        do {
            try reader.finish()
        } catch {
            throw ConfigurationError(file: file, errors: error.errors)
        }
        return configuration
    }
}

/// A declared component's group: `group_id`, as in the API, or `group`, its old name, still read.
/// Both at once is an error, since they could disagree.
private func groupID(_ item: inout ObjectReader, renamed: inout Set<String>) -> String? {
    let current = item.string("group_id")
    guard item.contains("group") else { return current }
    let old = item.string("group")
    if current != nil {
        item.add([FieldError(item.path("group"), "is the old name of group_id; give only group_id")])
        return current
    }
    if old != nil { renamed.insert(item.path("")) }
    return old
}

/// The `notices` section: template directory, test audiences, the audience's languages, extra jargon.
private func readNotices(_ value: JSONValue, into parent: inout ObjectReader, relativeTo file: String) -> NoticeSettings {
    var settings = NoticeSettings()
    var section = ObjectReader(value, prefix: "notices.")
    if let directory = section.string("templates") {
        // A relative directory is relative to the config file, so the file and its templates move together.
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        settings.templateDirectory = directory.hasPrefix("/") ? directory : base.appendingPathComponent(directory).path
    }
    if section.contains("test_audiences") {
        var audiences = Set<String>()
        for (index, item) in section.array("test_audiences").enumerated() {
            if case .string(let name) = item, Validate.identifier(name, field: "").isEmpty { audiences.insert(name) } else {
                section.add([FieldError("notices.test_audiences[\(index)]", "must be a name of lowercase letters, digits, '-' or '_'")])
            }
        }
        settings.testAudiences = audiences
    }
    if section.contains("audience_languages") {
        var languages = Set<Language>()
        for (index, item) in section.array("audience_languages").enumerated() {
            if case .string(let code) = item, let language = Language(rawValue: code) { languages.insert(language) } else {
                section.add([FieldError("notices.audience_languages[\(index)]", "must be zh-CN or en")])
            }
        }
        settings.checker.audienceLanguages = languages
    }
    if let jargon = section.object("jargon") {
        var terms = ObjectReader(jargon, prefix: "notices.jargon.")
        var extra: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard case .object(let entries)? = terms.raw(language.rawValue) else { continue }
            for (term, suggestion) in entries {
                if case .string(let text) = suggestion { extra[language, default: [:]][term] = text } else {
                    terms.add([FieldError("notices.jargon.\(language.rawValue).\(term)", "must be the plain-language suggestion, as text")])
                }
            }
        }
        section.add(terms.errorsIncludingUnknown())
        settings.checker.jargon = Jargon.standard.merging(extra)
    }
    parent.add(section.errorsIncludingUnknown())
    return settings
}

/// A config file Herald will not start with, and every reason why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var file: String
    public var errors: [FieldError]

    public var description: String {
        "\(file) has \(errors.count == 1 ? "a problem" : "\(errors.count) problems"):\n"
            + errors.map { "  - \($0.field): \($0.reason)" }.joined(separator: "\n")
    }
}
