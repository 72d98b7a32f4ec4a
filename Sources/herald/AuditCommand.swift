import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

/// `herald audit`: check the audit log's chain and signatures, and export it for checking elsewhere.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check and export the tamper-evident audit log.", subcommands: [Verify.self, Export.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry's hash and link and every checkpoint's signature; name the first entry that does not fit.")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "Check an export made by 'herald audit export' instead of the database.")
        var file: String?

        @Option(name: .long, help: "The public key (hex) checkpoints must be signed with (default: the signing key's, or the export's).")
        var publicKey: String?

        func run() async throws {
            let verdict: AuditVerdict
            let key: String
            if let file {
                let text: String
                do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw CommandFailure("cannot read \(file): \(error.localizedDescription)") }
                let contents: AuditExport.Contents
                do { contents = try AuditExport.read(text) } catch { throw CommandFailure("\(file): \(error)") }
                key = publicKey ?? contents.publicKey
                verdict = AuditVerification.verify(
                    entries: contents.entries, checkpoints: contents.checkpoints, publicKey: key, startsAtGenesis: contents.since == nil)
            } else {
                let configuration = try options.resolve()
                if let publicKey { key = publicKey } else {
                    do { key = try AuditSigningKey.load(path: configuration.auditSigningKeyPath).publicKey } catch {
                        throw CommandFailure("\(error); pass --public-key to check against a key you recorded")
                    }
                }
                let (entries, checkpoints) = try await options.withStore(configuration) { store in
                    (try await store.auditEntries(), try await store.auditCheckpoints())
                }
                verdict = AuditVerification.verify(entries: entries, checkpoints: checkpoints, publicKey: key)
            }
            if let fault = verdict.first {
                throw CommandFailure("the audit log does not verify: \(fault.description)")
            }
            print("the audit log verifies: \(verdict.entries) entries, \(verdict.checkpoints) checkpoints signed by \(key)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the log's entries and checkpoints from a time on as JSON lines, with the public key, for checking offline.")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "The first time to include, RFC 3339 (e.g. 2026-03-01T00:00:00Z); the whole log if left out.")
        var since: String?

        @Option(name: .long, help: "Write to this file instead of standard output.")
        var output: String?

        func run() async throws {
            let configuration = try options.resolve()
            var from: Date?
            if let since {
                guard let parsed = RFC3339.parse(since) else { throw ValidationError("--since must be an RFC 3339 time, e.g. 2026-03-01T00:00:00Z") }
                from = parsed
            }
            let key: AuditSigningKey
            do { key = try AuditSigningKey.load(path: configuration.auditSigningKeyPath) } catch { throw CommandFailure("\(error)") }
            let start = from
            let (entries, checkpoints) = try await options.withStore(configuration) { store in
                (try await store.auditEntries(since: start), try await store.auditCheckpoints(since: start))
            }
            var lines = [AuditExport.header(publicKey: key.publicKey, since: from, at: Date())]
            lines += entries.map(AuditExport.line)
            lines += checkpoints.map(AuditExport.line)
            let text = lines.joined(separator: "\n") + "\n"
            if let output {
                do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch { throw CommandFailure("cannot write \(output): \(error.localizedDescription)") }
                FileHandle.standardError.write(Data("wrote \(entries.count) entries and \(checkpoints.count) checkpoints to \(output)\n".utf8))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
