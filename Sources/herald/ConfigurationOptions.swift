import HeraldApp
import ArgumentParser
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
    func withStore<Result: Sendable>(
        _ configuration: HeraldConfiguration, _ body: @escaping @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        try await Store.withStore(configuration.database, logger: logger(configuration)) { store in
            try await store.migrate()
            return try await body(store)
        }
    }
}
