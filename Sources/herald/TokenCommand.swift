import ArgumentParser
import Foundation
import HeraldCore
import HeraldStore

/// `herald token`: make, list and revoke API tokens directly in the database.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token and print its secret (on standard output, alone, shown only this once).")

        @OptionGroup var options: ConfigurationOptions

        @Option(name: .long, help: "admin, responder or viewer.")
        var role: Role

        @Option(name: .long, help: "What the token is for; recorded as the actor of its changes.")
        var name: String?

        func run() async throws {
            let configuration = try options.resolve()
            let role = self.role
            let name = self.name ?? "\(role.rawValue) token"
            let issued = try await options.withStore(configuration) { store in
                return try await store.createToken(name: name, role: role, createdBy: "herald token create")
            }
            FileHandle.standardError.write(Data("made \(role.rawValue) token '\(name)' (id \(issued.token.id)); its secret:\n".utf8))
            print(issued.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let configuration = try options.resolve()
            let tokens = try await options.withStore(configuration) { store in
                return try await store.tokens()
            }
            let dates = Date.ISO8601FormatStyle()
            print(["ID", "ROLE", "NAME", "ENDS WITH", "CREATED", "LAST USED", "REVOKED"].joined(separator: "\t"))
            for token in tokens {
                print(
                    [
                        token.id, token.role.rawValue, token.name, "…" + token.hint, token.createdAt.formatted(dates),
                        token.lastUsedAt?.formatted(dates) ?? "-", token.revokedAt?.formatted(dates) ?? "-",
                    ].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The token's id, from 'herald token list'.")
        var id: String

        func run() async throws {
            let configuration = try options.resolve()
            let id = self.id
            let token = try await options.withStore(configuration) { store in
                return try await store.revokeToken(id: id)
            }
            print("revoked token \(token.id) ('\(token.name)')")
        }
    }
}

extension Role: ExpressibleByArgument {}
