import ArgumentParser
import HeraldStore

/// `herald migrate`: bring the database schema up to date without starting the server.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database schema migrations, then exit.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.resolve()
        let (applied, version) = try await Store.withStore(configuration.database, logger: options.logger(configuration)) {
            store in
            (try await store.migrate(), try await store.schemaVersion())
        }
        if applied.isEmpty {
            print("schema is current at version \(version) (\(configuration.database))")
        } else {
            print("applied migrations \(applied.map(String.init).joined(separator: ", ")); schema is at version \(version) (\(configuration.database))")
        }
    }
}
