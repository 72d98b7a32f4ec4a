import Foundation

/// A real SMTP server (aiosmtpd, from PyPI) run for a test: STARTTLS required, AUTH as
/// herald / s3cret, every accepted message parsed by Python's email package into a JSON file.
public final class SMTPServer: Sendable {
    public let port: Int
    public let directory: URL
    /// The server's self-signed certificate, to trust in the client.
    public var certificate: String { directory.appendingPathComponent("cert.pem").path }
    private let process: RunningChild

    private init(port: Int, directory: URL, process: RunningChild) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// `idleTimeout`: seconds after which the server closes a session that sends nothing.
    public static func run<Value: Sendable>(
        idleTimeout: Double = 300, _ body: @Sendable (SMTPServer) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("support/smtp_server.py")
        let process = try await RunningChild(
            "/usr/bin/env", ["python3", script.path, "--port", "0", "--dir", directory.path, "--idle-timeout", String(idleTimeout)])
        // The script writes DIR/ready, holding its port, once it accepts connections.
        let ready = directory.appendingPathComponent("ready")
        var port: Int?
        for _ in 0..<300 where port == nil {
            if let text = try? String(contentsOf: ready, encoding: .utf8) { port = Int(text) }
            guard process.isRunning else { break }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let port else {
            _ = try? await process.stop()
            throw SMTPServerFailed(output: process.stdout + process.stderr)
        }
        let server = SMTPServer(port: port, directory: directory, process: process)
        let result: Result<Value, any Error>
        do { result = .success(try await body(server)) } catch { result = .failure(error) }
        _ = try? await process.stop(timeout: .seconds(5))
        try? FileManager.default.removeItem(at: directory)
        return try result.get()
    }

    /// The messages received so far, as the Python email parser read them.
    public var messages: [[String: Any]] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.compactMap { file in
            (try? Data(contentsOf: file)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }
}

public struct SMTPServerFailed: Error, CustomStringConvertible {
    public var output: String
    public var description: String {
        "the test SMTP server did not start (needs python3 -m pip install aiosmtpd); it said: \(output)"
    }
}
