import HeraldApp
import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore
import Logging

/// The options every command that touches the database shares: flags override the config file.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "A YAML config file (server, database, catalogue).")
    var config: String?

    @Option(name: .long, help: "sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE (default: sqlite:herald-data/herald.sqlite).")
    var database: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(name: .long, help: "Work against a running Herald at this URL through its API, not on the database (default: $HERALD_URL).")
    var server: String?

    @Option(name: .long, help: "The API token for --server (default: $HERALD_TOKEN).")
    var token: String?

    /// The running server to call, when `--server` or HERALD_URL names one.
    func remote() throws -> RemoteClient? {
        let environment = ProcessInfo.processInfo.environment
        guard let server = server ?? environment["HERALD_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return try RemoteClient(server: server, token: token ?? environment["HERALD_TOKEN"])
    }

    func resolve() throws -> HeraldConfiguration {
        var configuration = try config.map(HeraldConfiguration.load(file:)) ?? HeraldConfiguration()
        if let database {
            do {
                configuration.database = try DatabaseLocation(parsing: database)
            } catch {
                throw ValidationError("--database \(error.reason)")
            }
        }
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel) else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = level
        }
        return configuration
    }

    /// Tools other than `serve` log only warnings unless asked, so their own output stays readable.
    func logger(_ configuration: HeraldConfiguration, quiet: Bool = true) -> Logger {
        var logger = Logger(label: "herald")
        logger.logLevel = quiet && logLevel == nil ? max(configuration.logLevel, .warning) : configuration.logLevel
        return logger
    }

    /// Opens the configured database, migrated to this version's schema, for the length of `body`.
    /// A database that does not exist is refused rather than created empty: a mistyped path or a
    /// command run in the wrong directory would otherwise report an empty Herald as if it were real.
    /// Only `herald serve` and `herald migrate`, which open the store themselves, make one.
    func withStore<Result: Sendable>(
        _ configuration: HeraldConfiguration, _ body: @escaping @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        if try remote() != nil { throw CommandFailure.noAPIEquivalent() }
        let location = configuration.database
        let missing = CommandFailure(
            "no Herald database at \(location.path) (run `herald migrate` or `herald serve` to create one)")
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { throw missing }
        return try await Store.withStore(location, logger: logger(configuration)) { store in
            let holds: Bool
            do { holds = try await store.holdsHeraldSchema() } catch {
                throw CommandFailure("cannot open the database at \(location.path): \(String(describing: error))")
            }
            if !holds { throw missing }
            try await store.migrate()
            // What a command changes is recorded under the account that ran it; no role, no client address.
            return try await AuditActor.$current.withValue(AuditActor(name: "cli:\(ProcessInfo.processInfo.userName)")) { try await body(store) }
        }
    }
}

/// A command's failure as the operator reads it: "Error: …" and exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }

    /// For `--server` given to a command that only works on the database.
    static func noAPIEquivalent() -> CommandFailure {
        let words = CommandLine.arguments.dropFirst().prefix { !$0.hasPrefix("-") }.prefix(2)
        return CommandFailure(
            "`herald \(words.joined(separator: " "))` has no API equivalent and works on the database only: "
                + "run it on the database host without --server (and with HERALD_URL unset)")
    }
}

extension DatabaseLocation {
    /// The file of a SQLite database, or the PostgreSQL URL with its password masked.
    var path: String {
        switch self {
        case .sqlite(let path): path
        case .postgres: description
        }
    }
}
