import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A real HTTP server standing in for a webhook receiver: it checks each request as Herald's webhook
/// documentation says (signature, timestamp, idempotency key) and answers with scripted statuses.
public final class WebhookReceiver: Sendable {
    public struct Received: Sendable {
        public var body: String
        public var idempotencyKey: String?
        public var signatureValid: Bool
    }

    private let script: Mutex<[(HTTPResponse.Status, HTTPFields)]>
    private let log = Mutex<[Received]>([])
    public let secret: String

    public init(secret: String, answers: [(HTTPResponse.Status, HTTPFields)] = []) {
        self.secret = secret
        self.script = Mutex(answers)
    }

    public var received: [Received] { log.withLock { $0 } }

    /// Runs the receiver on a free loopback port and gives its URL to `body`.
    public func serve(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, context -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let text = String(buffer: buffer)
            let timestamp = request.headers[HTTPField.Name("X-Herald-Timestamp")!] ?? ""
            let signature = request.headers[HTTPField.Name("X-Herald-Signature")!] ?? ""
            let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(text)".utf8), using: SymmetricKey(data: Data(self.secret.utf8)))
            let expected = "v1=" + mac.map { String(format: "%02x", $0) }.joined()
            let fresh = Int(timestamp).map { abs(Int(Date().timeIntervalSince1970) - $0) <= 300 } ?? false
            let valid = signature == expected && fresh && request.headers[.contentType]?.hasPrefix("application/json") == true
            self.log.withLock {
                $0.append(Received(body: text, idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!], signatureValid: valid))
            }
            guard valid else { return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "bad signature"))) }
            let (status, headers) = self.script.withLock { $0.isEmpty ? (.ok, [:]) : $0.removeFirst() }
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\(status.code)}")))
        }
        try await LoopbackServer.serve(router) { port in
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}
