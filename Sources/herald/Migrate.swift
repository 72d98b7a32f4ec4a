import ArgumentParser
import Foundation
import HeraldApp
import HeraldStore

/// `herald migrate`: bring the database schema up to date without starting the server.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database schema migrations, then exit.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration = try options.resolve()
        let logger = options.logger(configuration)
        let (applied, version) = try await Store.withStore(configuration.database, logger: logger) { store in
            if case .sqlite(let path) = store.location, let backup = try await PreUpgradeBackup.takeIfNeeded(store, now: Date(), logger: logger) {
                print("backed up the database to \(backup.url.path) before migrating it; " + PreUpgradeBackup.undoAdvice(backup, database: path))
            }
            return (try await store.migrate(), try await store.schemaVersion())
        }
        if applied.isEmpty {
            print("schema is current at version \(version) (\(configuration.database))")
        } else {
            print("applied migrations \(applied.map(String.init).joined(separator: ", ")); schema is at version \(version) (\(configuration.database))")
        }
    }
}
