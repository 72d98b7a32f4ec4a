import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore
import HeraldStore

#if canImport(Glibc)
import Glibc
#endif

/// `herald user`: console operators, directly in the database (there is no API for them).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the people who sign in to the console.", subcommands: [Create.self, List.self, Disable.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an operator. The password is asked for twice on a terminal, or read from standard input with --password-stdin.")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "What they sign in with.")
        var email: String

        @Option(name: .long, help: "Their name, as the console shows it.")
        var name: String

        @Option(name: .long, help: "admin, responder or viewer.")
        var role: Role

        @Flag(name: .long, help: "Read the password from the first line of standard input.")
        var passwordStdin = false

        func run() async throws {
            let configuration = try options.resolve()
            let password = try passwordStdin ? Self.readStandardInput() : Self.askTwice()
            let (email, name, role) = (self.email, self.name, self.role)
            let made: Operator
            do {
                made = try await options.withStore(configuration) { store in
                    try await OperatorAccounts.create(store, email: email, name: name, role: role, password: password, createdBy: "herald user create")
                }
            } catch let failure as ValidationFailure {
                throw CommandFailure(failure.errors.map { "\($0.field): \($0.reason)" }.joined(separator: "\n"))
            } catch StoreError.conflict(let error) {
                throw CommandFailure("\(error.field): \(error.reason)")
            }
            print("made \(made.role.rawValue) \(made.email) (id \(made.id)); they sign in at /console/login")
        }

        static func readStandardInput() throws -> String {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("--password-stdin: standard input is empty") }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }

        static func askTwice() throws -> String {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CommandFailure("standard input is not a terminal: pass the password with --password-stdin")
            }
            let first = try ask("Password: ")
            let second = try ask("Password again: ")
            guard first == second else { throw CommandFailure("the two passwords are not the same") }
            return first
        }

        /// Reads a line from the terminal with echo off, restoring it afterwards.
        static func ask(_ prompt: String) throws -> String {
            FileHandle.standardError.write(Data(prompt.utf8))
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
            defer {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
            guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no password given") }
            return line
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operators.")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.resolve()
            let operators = try await options.withStore(configuration) { store in
                var all: [Operator] = []
                var request = PageRequest(limit: PageRequest.maximumLimit)
                while true {
                    let page = try await store.operators(page: request)
                    all += page.items
                    guard let next = page.next else { return all }
                    request.after = next
                }
            }
            let dates = Date.ISO8601FormatStyle()
            print(["EMAIL", "NAME", "ROLE", "STATE", "TWO-STEP", "CREATED"].joined(separator: "\t"))
            for account in operators {
                print([
                    account.email, account.name, account.role.rawValue, account.isDisabled ? "disabled" : "active",
                    account.hasSecondFactor ? "on" : "off", account.createdAt.formatted(dates),
                ].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an operator; their sessions end at once.")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "The operator's email.")
        var email: String

        func run() async throws {
            let configuration = try options.resolve()
            let email = self.email
            let account = try await options.withStore(configuration) { store in
                guard let found = try await store.operatorCredentials(email: email) else {
                    throw CommandFailure("no operator with the email \(Operator.normalized(email: email))")
                }
                return try await store.setOperatorDisabled(id: found.account.id, true)
            }
            print("disabled \(account.email); their sessions have ended")
        }
    }
}
