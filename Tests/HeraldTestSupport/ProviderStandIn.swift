import Foundation
import HTTPTypes
import Hummingbird
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

    /// The provider's documented reply, and what was wrong with the request.
    public struct Reply: Sendable {
        public var status: HTTPResponse.Status
        public var body: String
        public var headers: [String: String]
        public var problems: [String]
        /// How long the provider takes to answer, to let a client time out.
        public var delay: Duration?

        public init(
            _ status: HTTPResponse.Status, _ body: String, headers: [String: String] = [:], problems: [String] = [],
            delay: Duration? = nil
        ) {
            self.delay = delay
            self.status = status
            self.body = body
            self.headers = headers
            self.problems = problems
        }
    }

    public typealias Answer = @Sendable (Seen) -> (status: HTTPResponse.Status, body: String, problems: [String])

    private let answer: @Sendable (Seen) -> Reply
    private let log = Mutex<[Seen]>([])

    public init(answer: @escaping Answer) {
        self.answer = { seen in
            let reply = answer(seen)
            return Reply(reply.status, reply.body, problems: reply.problems)
        }
    }

    public init(reply: @escaping @Sendable (Seen) -> Reply) {
        self.answer = reply
    }

    public var seen: [Seen] { log.withLock { $0 } }

    /// The `index`th request, or nil when fewer came: for `try #require(standIn.request(1))`, so a
    /// send that failed fails its test instead of crashing the whole run on an index out of range.
    public func request(_ index: Int) -> Seen? {
        log.withLock { index < $0.count ? $0[index] : nil }
    }

    /// Runs on a free loopback port and gives its base URL (`http://127.0.0.1:PORT`) to `body`.
    public func serve(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        let handle: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
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
            if let delay = reply.delay { try await Task.sleep(for: delay) }
            var fields: HTTPFields = [.contentType: "application/json"]
            for (name, value) in reply.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            return Response(status: reply.status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
        }
        // "**" needs at least one path component; RPC-style providers (Aliyun) are posted to "/".
        router.post("/", use: handle)
        router.post("**", use: handle)
        try await LoopbackServer.serve(router) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }

    /// An `application/x-www-form-urlencoded` body as a dictionary (`+` is a space, as HTML forms send it).
    public static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    public static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// The provider's replies in order, for a test that scripts success, throttling and refusal.
public final class Replies: Sendable {
    private let queue: Mutex<[ProviderStandIn.Reply]>

    public init(_ replies: [ProviderStandIn.Reply]) {
        queue = Mutex(replies)
    }

    /// The next scripted reply; a test that sends more than it scripted gets a 500 and sees it fail.
    public func next() -> ProviderStandIn.Reply {
        queue.withLock { $0.isEmpty ? .init(.internalServerError, "unscripted request") : $0.removeFirst() }
    }
}
