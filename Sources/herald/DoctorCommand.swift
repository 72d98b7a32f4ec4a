import ArgumentParser
import Foundation
import HeraldApp
import HeraldCore

/// `herald doctor`: checks the config file, the database, disk, clock, public URL and channels, and
/// says what is wrong with the fix; exits 1 when anything is a problem.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check the config, database, disk, clock, public URL and channels, and say how to fix what is wrong.")

    @OptionGroup var options: ConfigurationOptions

    func run() async throws {
        let configuration: HeraldConfiguration
        do {
            configuration = try options.resolve()
        } catch let error as ConfigurationError {
            print(Self.line(DoctorFinding("config", .problem, error.description, fix: "correct the file; herald config check lists the same problems")))
            throw ExitCode.failure
        }
        var findings = [DoctorFinding("config", .ok, options.config.map { "\($0) is valid" } ?? "no config file: the defaults")]
        findings += await Doctor.examine(configuration, logger: options.logger(configuration))
        for finding in findings { print(Self.line(finding)) }
        let problems = findings.filter { $0.verdict == .problem }.count
        let warnings = findings.filter { $0.verdict == .warning }.count
        print(problems + warnings == 0 ? "all good" : "\(problems) problem(s), \(warnings) warning(s)")
        if problems > 0 { throw ExitCode.failure }
    }

    static func line(_ finding: DoctorFinding) -> String {
        let mark = finding.verdict.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        return "\(mark)\(finding.check): \(finding.found)" + (finding.fix.map { "\n        fix: \($0)" } ?? "")
    }
}
