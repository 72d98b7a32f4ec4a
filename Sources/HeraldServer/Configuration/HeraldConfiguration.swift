import Foundation
import HeraldCore
import HeraldStore
import Logging

/// How an operator configures Herald: defaults, overridden by the config file, overridden by flags.
public struct HeraldConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var database = DatabaseLocation.defaultSQLite
    /// Request bodies larger than this get 413.
    public var maxBodyBytes = 1_048_576
    public var logLevel = Logger.Level.info
    /// The catalogue the file declares; nil when it declares none (the API then owns the catalogue).
    public var catalogue: CatalogueDeclaration?
    /// The file this was read from, read again on reload.
    public var file: String?

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
        do {
            try reader.finish()
        } catch {
            throw ConfigurationError(file: file, errors: error.errors)
        }
        return configuration
    }
}

extension ObjectReader {
    /// The errors so far plus unknown fields, for a nested section whose errors join its parent's.
    mutating func errorsIncludingUnknown() -> [FieldError] {
        do {
            try finish()
            return []
        } catch {
            return error.errors
        }
    }
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
