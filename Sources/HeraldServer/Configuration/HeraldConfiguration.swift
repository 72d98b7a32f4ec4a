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
    public var logLevel = Logger.Level.info
    /// The catalogue the file declares; nil when it declares none (the API then owns the catalogue).
    public var catalogue: CatalogueDeclaration?
    /// The file this was read from, read again on reload.
    public var file: String?
    /// How notices are checked, templated and test-sent.
    public var notices = NoticeSettings()
    /// The secret webhook deliveries are signed with; without it webhook deliveries become dead letters.
    public var webhookSecret: String?
    /// IM robots (URL and signing secret) by channel: dingtalk, feishu.
    public var robots: [ChannelKind: Robot] = [:]
    /// The WeCom group robot's webhook URL; its `key` is the secret.
    public var weComURL: String?
    /// The SMTP server email goes through; without it email deliveries become dead letters.
    public var smtp: SMTPSettings?
    /// Who sends SMS: Twilio or Aliyun.
    public var sms: SMSProvider?
    /// The Twilio account phone calls are made from.
    public var voice: TwilioAccount?
    /// Per-message costs and monthly budgets per channel.
    public var costs = CostPolicy()
    /// How long SMS and calls may go unconfirmed before their fallback takes over.
    public var confirmations = ConfirmationTimeouts()
    /// How alerts are graded and limited.
    public var alerts = AlertSettings()
    /// How the public status page names itself and shows times.
    public var statusPage = StatusPageSettings()

    /// A group-chat robot that posts messages and @-mentions contacts by their user id.
    public struct Robot: Sendable, Equatable {
        public var url: String
        public var secret: String
    }

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
            let declaration = CatalogueDeclaration(
                groups: section.array("groups").enumerated().map { index, value in
                    var item = ObjectReader(value, prefix: "catalogue.groups[\(index)].")
                    defer { section.add(item.errorsIncludingUnknown()) }
                    return GroupSpec(
                        id: item.requiredString("id"), name: item.requiredString("name") ?? "",
                        description: item.string("description"), position: item.integer("position") ?? index)
                },
                components: section.array("components").enumerated().map { index, value in
                    var item = ObjectReader(value, prefix: "catalogue.components[\(index)].")
                    defer { section.add(item.errorsIncludingUnknown()) }
                    let spec = ComponentSpec(
                        id: item.requiredString("id"), name: item.requiredString("name") ?? "",
                        description: item.string("description"), groupID: item.string("group"),
                        position: item.integer("position") ?? index, runbookURL: item.string("runbook_url"),
                        ownerTeam: item.string("owner_team"))
                    return .init(spec: spec, status: item.enumeration("status", as: ComponentStatus.self))
                })
            reader.add(section.errorsIncludingUnknown())
            // Field checks are skipped for entries already reported missing, to avoid saying it twice.
            let reported = Set(reader.errors.map(\.field))
            reader.add(declaration.validate().filter { !reported.contains($0.field) && !$0.reason.hasPrefix("is required") })
            configuration.catalogue = declaration
        }
        if let channels = reader.object("channels") {
            var section = ObjectReader(channels, prefix: "channels.")
            if let webhook = section.object("webhook") {
                var item = ObjectReader(webhook, prefix: "channels.webhook.")
                if let secret = item.requiredString("secret") {
                    if secret.utf8.count < 16 { item.add([FieldError("channels.webhook.secret", "must be at least 16 characters")]) }
                    configuration.webhookSecret = secret
                }
                section.add(item.errorsIncludingUnknown())
            }
            if let email = section.object("email") {
                var item = ObjectReader(email, prefix: "channels.email.")
                let host = item.requiredString("host")
                let from = item.requiredString("from")
                let port = item.integer("port") ?? 587
                let security = item.enumeration("security", as: SMTPSettings.Security.self) ?? .starttls
                if let from { item.add(Validate.address(from, channel: .email, field: "channels.email.from")) }
                if !(1...65535).contains(port) { item.add([FieldError("channels.email.port", "must be from 1 to 65535")]) }
                let settings = SMTPSettings(
                    host: host ?? "", port: port, security: security, username: item.string("username"),
                    password: item.string("password"), from: from ?? "", fromName: item.string("from_name"),
                    trustRoots: item.string("ca_file"))
                if (settings.username == nil) != (settings.password == nil) {
                    item.add([FieldError("channels.email.password", "username and password go together")])
                }
                if host != nil && from != nil { configuration.smtp = settings }
                section.add(item.errorsIncludingUnknown())
            }
            if let wecom = section.object("wecom") {
                var item = ObjectReader(wecom, prefix: "channels.wecom.")
                if let url = item.requiredString("url") {
                    item.add(Validate.webURL(url, field: "channels.wecom.url"))
                    configuration.weComURL = url
                }
                section.add(item.errorsIncludingUnknown())
            }
            for channel in [ChannelKind.dingtalk, .feishu] {
                guard let robot = section.object(channel.rawValue) else { continue }
                var item = ObjectReader(robot, prefix: "channels.\(channel.rawValue).")
                let url = item.requiredString("url")
                let secret = item.requiredString("secret")
                if let url { item.add(Validate.webURL(url, field: "channels.\(channel.rawValue).url")) }
                if let url, let secret { configuration.robots[channel] = Robot(url: url, secret: secret) }
                section.add(item.errorsIncludingUnknown())
            }
            readTelephony(&section, into: &configuration)
            reader.add(section.errorsIncludingUnknown())
        }
        if let delivery = reader.object("delivery") {
            configuration.costs = readCosts(delivery, into: &reader, confirmations: &configuration.confirmations)
        }
        if let alerts = reader.object("alerts") {
            configuration.alerts = readAlerts(alerts, into: &reader)
        }
        if let statusPage = reader.object("status_page") {
            configuration.statusPage = readStatusPage(statusPage, into: &reader)
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
