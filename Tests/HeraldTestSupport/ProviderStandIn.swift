import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

/// A real HTTP server standing in for a provider we cannot reach. Its `answer` closure checks each
/// request as the provider's documentation describes and returns the provider's documented reply.
public final class ProviderStandIn: Sendable {
    /// One request as the provider saw it.
    public struct Seen: Sendable {
        public var path: String
        public var query: [String: String]
        public var headers: [String: String]
        public var body: String
        /// Header names are lowercase.
        /// What the stand-in found wrong with it, empty when it followed the documentation.
        public var problems: [String]
    }

    public typealias Answer = @Sendable (Seen) -> (status: HTTPResponse.Status, body: String, problems: [String])

    private let answer: Answer
    private let log = Mutex<[Seen]>([])

    public init(answer: @escaping Answer) {
        self.answer = answer
    }

    public var seen: [Seen] { log.withLock { $0 } }

    /// Runs on a free loopback port and gives its base URL (`http://127.0.0.1:PORT`) to `body`.
    public func serve(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let text = String(buffer: try await request.collectBody(upTo: 1 << 20))
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            var seen = Seen(path: request.uri.path, query: query, headers: headers, body: text, problems: [])
            let reply = self.answer(seen)
            seen.problems = reply.problems
            self.log.withLock { $0.append(seen) }
            return Response(
                status: reply.status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    public static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
