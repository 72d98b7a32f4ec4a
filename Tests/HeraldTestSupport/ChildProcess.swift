import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A program a test runs as a user would: `herald`, a Python checker, a real server.
///
/// Spawned with swift-subprocess rather than Foundation's `Process`, whose `run()` lists
/// /proc/self/fd to close every descriptor in the child and, with a thousand or more open (the
/// suite's servers and pools), copies whole `dirent`s past the end of the directory buffer and
/// crashes the test runner (SIGSEGV in memcpy). swift-subprocess closes them with close_range,
/// and waits without holding one of the few threads Swift concurrency has.
public enum ChildProcess {
    /// What a finished program printed, and how it ended.
    public struct Output: Sendable {
        /// The exit code; 128 + the signal's number when a signal ended it, as a shell reports it.
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` to its end and collects what it printed (up to 64 MiB of each).
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String?] = [:], input: String? = nil
    ) async throws -> Output {
        let limit = 64 << 20
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments),
            environment: .inherit.updating(Self.keys(environment)),
            workingDirectory: directory.map { FilePath($0.path) },
            input: .string(input ?? ""), output: .string(limit: limit), error: .string(limit: limit))
        return Output(
            status: result.terminationStatus.shellStatus, stdout: result.standardOutput, stderr: result.standardError)
    }

    /// Runs a script with the `python3` found on PATH, as the README tells people to.
    public static func python(_ script: URL, _ arguments: [String], in directory: URL? = nil) async throws -> Output {
        try await run("/usr/bin/env", ["python3", script.path] + arguments, in: directory)
    }

    static func keys(_ environment: [String: String?]) -> [Environment.Key: String?] {
        Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
    }
}

/// A long-running program (a server) whose output is collected while it runs, until it is stopped.
public final class RunningChild: Sendable {
    private let output = CollectedText()
    private let errors = CollectedText()
    private let state = State()
    private let ending: Task<Int32, any Error>

    /// What the task running the child and the test reading it share.
    private final class State: Sendable {
        let identifier = Mutex<pid_t?>(nil)
        let ended = Atomic<Bool>(false)
    }

    /// Starts `executable` and returns once it is running.
    public init(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]) async throws {
        let started = AsyncStream<Void>.makeStream()
        let task = Task { [output, errors, state] in
            defer {
                state.ended.store(true, ordering: .sequentiallyConsistent)
                started.continuation.finish()
            }
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments),
                environment: .inherit.updating(ChildProcess.keys(environment)),
                workingDirectory: directory.map { FilePath($0.path) },
                input: .none, output: .sequence, error: .sequence
            ) { execution in
                state.identifier.withLock { $0 = execution.processIdentifier.value }
                started.continuation.yield()
                async let collectedErrors: Void = Self.collect(execution.standardError, into: errors)
                try await Self.collect(execution.standardOutput, into: output)
                try await collectedErrors
            }
            return result.terminationStatus.shellStatus
        }
        ending = task
        for await _ in started.stream { break }
        if state.identifier.withLock({ $0 }) == nil {
            // It ended before it ran: the launch failed, and the task holds why.
            _ = try await task.value
        }
    }

    private static func collect(_ sequence: SubprocessOutputSequence, into text: CollectedText) async throws {
        for try await buffer in sequence {
            buffer.withUnsafeBytes { text.append(Data($0)) }
        }
    }

    public var stdout: String { output.text }
    public var stderr: String { errors.text }
    public var processIdentifier: pid_t { state.identifier.withLock { $0 } ?? 0 }
    public var isRunning: Bool { !state.ended.load(ordering: .sequentiallyConsistent) }

    /// Sends `signal`.
    public func send(_ signal: Int32) {
        if isRunning, let pid = state.identifier.withLock({ $0 }) { kill(pid, signal) }
    }

    /// Sends `signal` and waits for the program to end, up to `timeout`; returns its exit status.
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(20)) async throws -> Int32 {
        send(signal)
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else {
                send(SIGKILL)
                throw ChildDidNotStop(signal: signal, stdout: stdout, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await exitStatus()
    }

    /// Waits for the program to end by itself; returns its exit status.
    public func exitStatus() async throws -> Int32 {
        try await ending.value
    }

    deinit {
        if isRunning, let pid = state.identifier.withLock({ $0 }) { kill(pid, SIGKILL) }
    }
}

/// A child that was still running when its time to stop ran out.
public struct ChildDidNotStop: Error, CustomStringConvertible {
    public var signal: Int32
    public var stdout: String
    public var stderr: String
    public var description: String { "did not stop after signal \(signal)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// Output a child process writes while the test reads it.
public final class CollectedText: Sendable {
    private let storage = Mutex(Data())

    public init() {}
    public func append(_ data: Data) { storage.withLock { $0.append(data) } }
    public var text: String { storage.withLock { String(decoding: $0, as: UTF8.self) } }
}

extension TerminationStatus {
    /// As a shell reports it: the exit code, or 128 + the signal's number.
    var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
