import Foundation
import Synchronization

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
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) async throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Tests decide the remote server themselves; the runner's own HERALD_URL must not leak in.
        var inherited = ProcessInfo.processInfo.environment
        inherited["HERALD_URL"] = nil
        inherited["HERALD_TOKEN"] = nil
        process.environment = inherited.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
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
    let process: Process
    private let output = CollectedText()
    private let errors = CollectedText()

    init(_ arguments: [String], in directory: URL) throws {
        process = Process()
        process.executableURL = HeraldProcess.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.append(data)
        }
        err.fileHandleForReading.readabilityHandler = { [errors] handle in
            let data = handle.availableData
            errors.append(data)
        }
        try process.run()
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }

    /// Waits for the "listening on" line and returns the base URL it names.
    func baseURL(timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = stdout.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
                let start = line.range(of: "http://")
            {
                return String(line[start.lowerBound...].prefix { $0 != " " })
            }
            guard process.isRunning else { throw ServerFailed(stdout: stdout, stderr: stderr) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerFailed(stdout: stdout, stderr: stderr)
    }

    /// Sends `signal` and waits for the process to exit; returns its exit status.
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw ServerFailed(stdout: stdout, stderr: "did not stop after signal \(signal)\n" + stderr)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Output a child process writes while the test reads it.
final class CollectedText: Sendable {
    private let storage = Mutex(Data())

    func append(_ data: Data) { storage.withLock { $0.append(data) } }
    var text: String { storage.withLock { String(decoding: $0, as: UTF8.self) } }
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
