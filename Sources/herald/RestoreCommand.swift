import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald restore`: a backup into an empty database (or, told so, over a used one).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into --database, then migrate it to this version's schema. Stop herald serve on it first.")

    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The backup's directory.")
    var backup: String

    @Option(name: .long, help: "The key file of an encrypted backup.")
    var keyFile: String?

    @Flag(name: .long, help: "Replace what the database holds (it is listed before it is lost).")
    var force = false

    func run() async throws {
        let configuration = try options.resolve()
        if try options.remote() != nil { throw CommandFailure.noAPIEquivalent() }
        let backup = try BackupDirectory(path: self.backup)
        let key = try keyFile.map(BackupKey.init(file:))
        let outcome = try await BackupRestorer.restore(
            backup, into: configuration.database, key: key, force: force, logger: options.logger(configuration))
        let manifest = backup.manifest
        if !outcome.replaced.isEmpty { print("replaced what the database held: \(RestoreRule.describe(outcome.replaced))") }
        print(
            "restored \(backup.url.path) (made \(manifest.createdAt), \(manifest.tables.values.reduce(0, +)) rows) into \(configuration.database)"
                + (outcome.migrations.isEmpty ? "" : "; then applied migrations \(outcome.migrations.map(String.init).joined(separator: ", "))")
                + "; schema is at version \(Store.latestSchemaVersion)")
    }
}
