import HeraldApp
import ArgumentParser
import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Synchronization

/// `herald contacts`: bring an address book in from a spreadsheet.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Manage contacts.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or update contacts from a UTF-8 CSV file; bad rows are reported by line and the good ones kept.",
            discussion: """
                The first line names the columns: name (required), id, language, time_zone, groups, roles,
                subscriptions, quiet_hours, consent, phone (for both sms and voice), and one column per channel:
                \(Channels.catalogue.kinds.map(\.rawValue).joined(separator: ", ")). Lists are separated by ';'.
                Rows without an id get one derived from their first address, so importing again updates them.
                Exits 1 when any row was refused.
                """)

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The CSV file.")
        var file: String

        @Flag(help: "Check every row and report, but store nothing.")
        var dryRun = false

        func run() async throws {
            let configuration = try options.resolve()
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file) cannot be read") }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(file) is not UTF-8; save it as \"CSV UTF-8\" (in Excel: 另存为 → CSV UTF-8)")
            }
            let parsed: ContactImport
            do { parsed = try ContactImport.read(text, now: Date()) } catch {
                throw ValidationError(error.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            }
            for refusal in parsed.refused { FileHandle.standardError.write(Data((refusal.description + "\n").utf8)) }
            var created = 0
            if !dryRun {
                let rows = parsed.rows
                let progress = ProgressBar(total: rows.count, label: "importing")
                created = try await options.withStore(configuration) { store in
                    var created = 0
                    var done = 0
                    // Batches keep each transaction short, so a running server's writes are not held up.
                    for start in stride(from: 0, to: rows.count, by: 500) {
                        let batch = rows[start..<min(start + 500, rows.count)].map(\.contact)
                        created += try await store.saveContacts(batch)
                        done += batch.count
                        progress.update(done)
                    }
                    return created
                }
                progress.finish()
            }
            let verb = dryRun ? "would import" : "imported"
            let detail = dryRun ? "" : " (\(created) new, \(parsed.rows.count - created) updated)"
            print("\(verb) \(parsed.rows.count) contacts\(detail); \(parsed.refused.count) rows refused")
            if !parsed.refused.isEmpty { throw ExitCode(1) }
        }
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line per tenth otherwise.
final class ProgressBar: Sendable {
    let total: Int
    let label: String
    let terminal = isatty(STDERR_FILENO) == 1
    /// The last tenth reported when not on a terminal; progress comes in batches that can skip past a tenth.
    private let reportedTenth = Mutex(-1)

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        guard total > 0 else { return }
        let percent = done * 100 / total
        if terminal {
            let filled = percent * 30 / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(percent)% \(done)/\(total)".utf8))
        } else if reportedTenth.withLock({ last in
            guard percent / 10 > last else { return false }
            last = percent / 10
            return true
        }) {
            FileHandle.standardError.write(Data("\(label): \(done)/\(total) (\(percent)%)\n".utf8))
        }
    }

    func finish() {
        if terminal && total > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
