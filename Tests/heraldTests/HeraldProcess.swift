import Foundation
import HeraldTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The built `herald` binary, run as an operator would run it.
struct HeraldProcess: Sendable {
    static var binary: URL {
        // The test runner lives in the build directory, beside the products it was built with.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald")
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion in `directory`.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:], input: String? = nil) async throws -> Output {
        // Tests decide the remote server themselves; the runner's own HERALD_URL must not leak in.
        var overrides: [String: String?] = ["HERALD_URL": nil, "HERALD_TOKEN": nil]
        for (key, value) in environment { overrides[key] = value }
        let result = try await ChildProcess.run(binary.path, arguments, in: directory, environment: overrides, input: input)
        return Output(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
}

extension HeraldProcess {
    /// `herald migrate` with `arguments`: tools other than serve and migrate refuse a database that does not exist.
    static func migrate(_ arguments: [String], in directory: URL) async throws {
        let result = try await run(["migrate"] + arguments, in: directory)
        guard result.status == 0 else { throw ServerFailed(stdout: result.stdout, stderr: result.stderr) }
    }
}

/// A `herald serve` process whose output is collected as it runs.
final class RunningServer: Sendable {
    let child: RunningChild

    init(_ arguments: [String], in directory: URL) async throws {
        child = try await RunningChild(
            HeraldProcess.binary.path, ["serve", "--port", "0"] + arguments, in: directory,
            environment: ["HERALD_URL": nil, "HERALD_TOKEN": nil])
    }

    var stdout: String { child.stdout }
    var stderr: String { child.stderr }
    var isRunning: Bool { child.isRunning }
    var processIdentifier: pid_t { child.processIdentifier }

    /// Waits for the "listening on" line and returns the base URL it names. Beside the whole suite a
    /// PostgreSQL start (32 migrations on an empty database, each a round trip under load) has taken
    /// over a minute; a slow start is not what these tests look at.
    func baseURL(timeout: Duration = .seconds(180)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
                let start = line.range(of: "http://")
            {
                return String(line[start.lowerBound...].prefix { $0 != " " })
            }
            guard child.isRunning else { throw ServerFailed(stdout: stdout, stderr: stderr) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerFailed(stdout: stdout, stderr: stderr)
    }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async throws -> Int32 {
        do {
            return try await child.stop(signal: signal, timeout: timeout)
        } catch let error as ChildDidNotStop {
            throw ServerFailed(stdout: error.stdout, stderr: "did not stop after signal \(signal)\n" + error.stderr)
        }
    }
}

struct ServerFailed: Error, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var description: String { "herald serve failed.\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// A plain HTTP request from outside the process, as curl or a browser would send it.
func fetch(_ url: String, method: String = "GET", token: String? = nil, json: String? = nil) async throws
    -> (status: Int, body: String)
{
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let json {
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
    }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
}

func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
