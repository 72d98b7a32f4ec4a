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
        commandName: "contacts", abstract: "Manage contacts.", subcommands: [Import.self, List.self, Update.self, Delete.self])

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
            if !dryRun, let remote = try options.remote() {
                let progress = ProgressBar(total: parsed.rows.count, label: "importing")
                for (index, row) in parsed.rows.enumerated() {
                    created += try await Self.save(row.contact, to: remote) ? 1 : 0
                    progress.update(index + 1)
                }
                progress.finish()
            } else if !dryRun {
                let progress = ProgressBar(total: parsed.rows.count, label: "importing")
                created = try await options.withStore(configuration) { store in try await parsed.save(to: store) { progress.update($0) } }
                progress.finish()
            }
            let verb = dryRun ? "would import" : "imported"
            let detail = dryRun ? "" : " (\(created) new, \(parsed.rows.count - created) updated)"
            print("\(verb) \(parsed.rows.count) contacts\(detail); \(parsed.refused.count) rows refused")
            if !parsed.refused.isEmpty { throw ExitCode(1) }
        }

        /// Adds the contact, or replaces the one with its id (the row wins, as a local import does);
        /// true when it was new.
        static func save(_ contact: Contact, to remote: RemoteClient) async throws -> Bool {
            let document = ContactBody.document(contact)
            do {
                try await remote.post("/contacts", document)
                return true
            } catch let problem as RemoteProblem where problem.status == 409 {
                var replacement = document.members
                replacement["id"] = nil
                for optional in ["preferences", "quiet_hours"] where replacement[optional] == nil { replacement[optional] = .null }
                try await remote.send(.PATCH, "/contacts/\(try RemotePath.segment(contact.id))", .object(replacement))
                return false
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List contacts, by name.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            print(["ID", "NAME", "LANGUAGE", "GROUPS", "CHANNELS"].joined(separator: "\t"))
            if let remote = try options.remote() {
                for contact in try await remote.all("/contacts", key: "contacts") {
                    let groups = contact.strings("groups")
                    let channels = contact.members["addresses"]?.members.keys.sorted() ?? []
                    print([contact.text("id") ?? "-", contact.text("name") ?? "-", contact.text("language") ?? "-",
                           groups.joined(separator: ";"), channels.joined(separator: ";")].joined(separator: "\t"))
                }
                return
            }
            let configuration = try options.resolve()
            let contacts = try await options.withStore(configuration) { store in
                let all = try await store.contacts()
                try await store.recordExport(kind: "contacts", detail: "listed \(all.count) contacts with herald contacts list")
                return all
            }
            for contact in contacts {
                print([contact.id, contact.name, contact.language.rawValue, contact.groups.joined(separator: ";"),
                       contact.addresses.keys.map(\.rawValue).sorted().joined(separator: ";")].joined(separator: "\t"))
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a contact with a JSON merge patch: fields given are set, null clears one.",
            discussion: #"Example: herald contacts update li --set '{"name":"李雷","quiet_hours":null}'"#)

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The contact's id.") var id: String
        @Option(help: "The changes, as a JSON object.") var set: String

        func run() async throws {
            let patch: JSONValue
            do { patch = try JSONValue.parse(Array(set.utf8), field: "--set") } catch {
                throw CommandFailure(error.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            }
            let id = self.id
            if let remote = try options.remote() {
                let contact = try await remote.send(.PATCH, "/contacts/\(try RemotePath.segment(id))", patch)
                print("updated contact \(contact.text("id") ?? id)")
                return
            }
            let configuration = try options.resolve()
            do {
                try await options.withStore(configuration) { store in
                    let current = try await store.contact(id: id)
                    _ = try await store.updateContact(try ContactBody.patched(current, with: patch), actor: "cli:\(NSUserName())")
                }
            } catch let failure as ValidationFailure {
                throw CommandFailure(failure.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            }
            print("updated contact \(id)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a contact and erase their personal data from past deliveries (PIPL/GDPR erasure); counts stay.")

        @OptionGroup var options: ConfigurationOptions
        @Argument(help: "The contact's id.") var id: String

        func run() async throws {
            let id = self.id
            let (erased, withdrawn): (Int, Int)
            if let remote = try options.remote() {
                let answer = try await remote.send(.DELETE, "/contacts/\(try RemotePath.segment(id))")
                erased = Int(answer.text("deliveries_erased") ?? "") ?? 0
                withdrawn = Int(answer.text("deliveries_withdrawn") ?? "") ?? 0
            } else {
                let configuration = try options.resolve()
                let erasure = try await options.withStore(configuration) { try await $0.deleteContact(id: id, actor: "cli:\(NSUserName())") }
                (erased, withdrawn) = (erasure.deliveries, erasure.withdrawn)
            }
            print("deleted contact \(id); personal data erased from \(erased) deliveries (\(withdrawn) not yet sent were withdrawn)")
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
