import HeraldApp
import ArgumentParser
import HeraldEngine

/// `herald config check`: read a config file the way `herald serve` would, and list its problems.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with config files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a config file without applying it.")

        @Argument(help: "The YAML config file.")
        var file: String

        func run() async throws {
            do {
                let configuration = try HeraldConfiguration.load(file: file)
                let catalogue = configuration.catalogue
                do {
                    _ = try NoticeTemplates.load(overrides: configuration.notices.templateDirectory)
                } catch let error as TemplateError {
                    print("\(file) has a problem:\n  - notices.templates: \(error.description)")
                    throw ExitCode.failure
                }
                print(
                    "\(file) is valid: database \(configuration.database), listening on \(configuration.host):\(configuration.port)"
                        + (catalogue.map { ", \($0.groups.count) groups and \($0.components.count) components" } ?? ""))
                for old in configuration.deprecations { print("  warning: \(old.field) \(old.reason)") }
            } catch let error as ConfigurationError {
                print(error.description)
                throw ExitCode.failure
            }
        }
    }
}
