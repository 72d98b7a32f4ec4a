import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald backup`: an online backup while Herald serves, and `herald backup verify`, its restore drill.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up the database while Herald runs, or verify a backup.",
        subcommands: [Create.self, Verify.self], defaultSubcommand: Create.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Write a consistent backup (a directory with a manifest) while Herald keeps serving.")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "The directory backups are written under (default: herald-backups).")
        var to = "herald-backups"

        @Option(name: .long, help: "Encrypt the data files with this 32-byte key file (AES-256-GCM).")
        var keyFile: String?

        func run() async throws {
            let configuration = try options.resolve()
            let key = try keyFile.map(BackupKey.init(file:))
            let logger = options.logger(configuration)
            let parent = URL(fileURLWithPath: to)
            let backup = try await BackupCommand.withExistingStore(options, configuration) { store in
                try await BackupMaker.make(
                    store, under: parent, key: key, now: Date(), zone: .current, logger: logger, holding: BackupCommand.holdForTests)
            }
            let manifest = backup.manifest
            let rows = manifest.tables.values.reduce(0, +)
            print(
                "backed up \(configuration.database) to \(backup.url.path): \(rows) rows in \(manifest.tables.count) tables, "
                    + "schema version \(manifest.schemaVersion), \(manifest.createdAt)"
                    + (manifest.encryption.map { ", encrypted with key \($0.keyFingerprint)" } ?? ""))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a backup into a scratch database, check it, and compare it with its manifest (exit 1 on any mismatch).")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The backup's directory.")
        var backup: String

        @Option(name: .long, help: "The key file of an encrypted backup.")
        var keyFile: String?

        @Option(name: .long, help: "For a PostgreSQL backup: an empty database to restore into (default: one made and dropped beside --database).")
        var scratchDatabase: String?

        func run() async throws {
            let configuration = try options.resolve()
            let backup = try BackupDirectory(path: self.backup)
            let key = try keyFile.map(BackupKey.init(file:))
            let scratch: BackupDrill.Scratch =
                if let scratchDatabase { .given(url: scratchDatabase) } else if case .postgres(let url) = configuration.database {
                    .beside(url: url)
                } else { .none }
            let mismatches = try await BackupDrill.run(backup, key: key, scratch: scratch, logger: options.logger(configuration))
            let manifest = backup.manifest
            guard mismatches.isEmpty else {
                print("backup \(backup.url.path) does NOT match its manifest:")
                for mismatch in mismatches { print("  - \(mismatch)") }
                throw ExitCode(1)
            }
            print(
                "backup \(backup.url.path) is good: restored into a scratch \(manifest.store.rawValue) database, integrity check passed, "
                    + "\(manifest.files.count) files match their SHA-256 and \(manifest.tables.count) tables hold "
                    + "\(manifest.tables.values.reduce(0, +)) rows as the manifest says (made \(manifest.createdAt), schema version \(manifest.schemaVersion))")
        }
    }

    /// Opens the configured database as it is: a backup neither creates nor migrates what it copies.
    static func withExistingStore<Result: Sendable>(
        _ options: ConfigurationOptions, _ configuration: HeraldConfiguration, _ body: @escaping @Sendable (Store) async throws -> Result
    ) async throws -> Result {
        if try options.remote() != nil { throw CommandFailure.noAPIEquivalent() }
        let location = configuration.database
        let missing = CommandFailure("no Herald database at \(location.path)")
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { throw missing }
        return try await Store.withStore(location, logger: options.logger(configuration)) { store in
            guard try await store.holdsHeraldSchema() else { throw missing }
            return try await body(store)
        }
    }

    /// A seam for the tests: with HERALD_BACKUP_HOLD_FILE set, a PostgreSQL backup says so on standard
    /// error once its snapshot is open and waits for that file to appear before reading the tables.
    @Sendable static func holdForTests() async throws {
        guard let file = ProcessInfo.processInfo.environment["HERALD_BACKUP_HOLD_FILE"], !file.isEmpty else { return }
        FileHandle.standardError.write(Data("snapshot open; waiting for \(file)\n".utf8))
        while !FileManager.default.fileExists(atPath: file) { try await Task.sleep(for: .milliseconds(20)) }
    }
}
