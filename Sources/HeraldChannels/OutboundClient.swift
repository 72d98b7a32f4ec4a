import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The HTTP client for addresses someone gave Herald to call: contacts' webhooks and IM webhook
/// URLs (made by operators), and public subscribers' webhooks (made by anyone). A request is sent
/// only when `OutboundAddress` allows the address it will connect to:
///
/// 1. the URL is read as AsyncHTTPClient reads it (Foundation's `URL`), so the host checked is the
///    host it would connect to; only http and https, and for public subscriptions only the
///    allowed ports;
/// 2. the host is resolved here, once (`OutboundResolver`), and every address it resolves to is
///    checked: one internal address among public ones is refused;
/// 3. the request goes out on a client pinned to the first checked address (`PinnedClients`), so
///    nothing resolves the name again — a name that answers public at the check and private at the
///    connection (DNS rebinding) cannot slip through — while TLS still checks the certificate for
///    the name, and SNI carries it;
/// 4. redirects are not followed (a 3xx is the answer, permanent: a redirect could point anywhere),
///    and the answer's body is read up to `bodyLimit`, enough for the excerpt and the JSON a
///    provider answers with.
///
/// Provider APIs the operator's config names (SMTP servers, Twilio's and Aliyun's endpoints) are
/// not guarded: they are the operator's own choice and go through `ProviderHTTP.client`.
public struct OutboundClient: Sendable {
    public var policy: OutboundPolicy
    public var resolver: OutboundResolver
    /// How long a connection may take to open; ProviderHTTP's 2 s unless a caller needs longer.
    public var connectTimeout: TimeAmount = ProviderHTTP.connectTimeout
    let pool: PinnedClients

    /// The most of an answer's body that is read; the rest is dropped with the connection.
    public static let bodyLimit = 16 * 1024

    public init(policy: OutboundPolicy = OutboundPolicy(), resolver: OutboundResolver = .system) {
        self.policy = policy
        self.resolver = resolver
        pool = .shared
    }

    /// Public addresses only, for anyone: what channels use unless the config file allows more.
    public static let standard = OutboundClient()

    /// A client whose policy allows `entries` (ranges and hosts, as `outbound.allow` takes them);
    /// for tests and tools, which have no config file. Bad entries are a programming error.
    public static func allowing(
        _ entries: [String], resolver: OutboundResolver = .system, connectTimeout: TimeAmount = ProviderHTTP.connectTimeout
    ) -> OutboundClient {
        var errors: [FieldError] = []
        let policy = OutboundPolicy(allow: entries, errors: &errors)
        precondition(errors.isEmpty, "\(errors)")
        var client = OutboundClient(policy: policy, resolver: resolver)
        client.connectTimeout = connectTimeout
        return client
    }

    /// Where a URL would be sent, once checked.
    public enum Check: Sendable, Equatable {
        /// Allowed: the host as the client reads it, and the address it connects to.
        case allowed(host: String, address: IPAddress)
        /// Never allowed for this audience: a permanent failure, or a form's error.
        case refused(OutboundRefusal)
        /// The name could not be resolved now; it may be later.
        case unresolved(host: String, reason: String)
    }

    /// Checks `url` for `audience` as a request would be, without sending: the subscribe form asks
    /// this, so a subscriber hears at once that an internal address is refused.
    public func check(_ url: String, audience: OutboundAudience) async -> Check {
        let parsed = URL(string: url)
        let target: OutboundTarget
        switch OutboundAddress.target(
            scheme: parsed?.scheme, host: parsed?.host.map(Self.trimmingBrackets), port: parsed?.port, url: url, audience: audience, policy: policy)
        {
        case .failure(let refusal): return .refused(refusal)
        case .success(let checked): target = checked
        }
        if let literal = OutboundAddress.decideLiteral(host: target.host, audience: audience, policy: policy) {
            switch literal {
            case .success(let address): return .allowed(host: target.host, address: address)
            case .failure(let refusal): return .refused(refusal)
            }
        }
        let addresses: [IPAddress]
        do {
            addresses = try await resolver.resolve(target.host)
        } catch {
            return .unresolved(host: target.host, reason: "\(error)")
        }
        switch OutboundAddress.decide(host: target.host, addresses: addresses, audience: audience, policy: policy) {
        case .success(let address): return .allowed(host: target.host, address: address)
        case .failure(let refusal): return .refused(refusal)
        }
    }

    /// A sent request's answer, its body read up to `bodyLimit`.
    struct Answer {
        var status: UInt
        var headers: HTTPHeaders
        var body: ByteBuffer
    }

    enum Failure: Error {
        case refused(OutboundRefusal)
        case unresolved(host: String)
        /// The request itself failed (connect, TLS, timeout): AsyncHTTPClient's error.
        case transport(any Error)
    }

    /// Sends `request` if its URL may be called for `audience`, on a client pinned to the checked address.
    func execute(_ request: HTTPClientRequest, audience: OutboundAudience, timeout: TimeAmount) async -> Result<Answer, Failure> {
        let host: String
        let address: IPAddress
        switch await check(request.url, audience: audience) {
        case .refused(let refusal): return .failure(.refused(refusal))
        case .unresolved(let name, _): return .failure(.unresolved(host: name))
        case .allowed(let checkedHost, let checkedAddress):
            host = checkedHost
            address = checkedAddress
        }
        do {
            return .success(try await pool.withClient(host: host, address: address.description, connectTimeout: connectTimeout) { client in
                let response = try await client.execute(request, timeout: timeout)
                var body = ByteBuffer()
                for try await var chunk in response.body {
                    let room = Self.bodyLimit - body.readableBytes
                    if chunk.readableBytes >= room {
                        if let slice = chunk.readSlice(length: room) { body.writeImmutableBuffer(slice) }
                        break
                    }
                    body.writeBuffer(&chunk)
                }
                return Answer(status: response.status.code, headers: response.headers, body: body)
            })
        } catch {
            return .failure(.transport(error))
        }
    }

    /// AsyncHTTPClient takes `[::1]`'s host without its brackets on Linux.
    static func trimmingBrackets(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}

/// How a host name becomes addresses. `system` asks the operating system's resolver
/// (`getaddrinfo`, which reads /etc/hosts and DNS, on NIO's thread pool); tests give their own
/// answers, such as a name that resolves to a public address once and to 127.0.0.1 next.
public struct OutboundResolver: Sendable {
    public let resolve: @Sendable (_ host: String) async throws -> [IPAddress]

    public init(_ resolve: @escaping @Sendable (_ host: String) async throws -> [IPAddress]) {
        self.resolve = resolve
    }

    public static let system = OutboundResolver { host in
        try await NIOThreadPool.singleton.runIfActive { try lookUp(host) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var host: String
        public var reason: String
        public var description: String { "the name \(host) could not be resolved (\(reason))" }

        public init(host: String, reason: String) {
            self.host = host
            self.reason = reason
        }
    }

    /// Every address `getaddrinfo` gives for `host`, in its order, each once.
    static func lookUp(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0, let list else {
            throw Failure(host: host, reason: String(cString: gai_strerror(code)).lowercased())
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            guard let socket = entry.pointee.ai_addr else { continue }
            var address: IPAddress?
            switch Int32(socket.pointee.sa_family) {
            case AF_INET:
                address = socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { .v4(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)) }
            case AF_INET6:
                address = socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    withUnsafeBytes(of: v6.pointee.sin6_addr) { .v6(Array($0)) }
                }
            default:
                break
            }
            if let address, !addresses.contains(address) { addresses.append(address) }
        }
        return addresses
    }
}

/// HTTP clients pinned to one checked address each, kept while they are used.
///
/// AsyncHTTPClient resolves names itself and offers no per-request way to say which address to
/// connect to; what it offers is `Configuration.dnsOverride` ([host: address], SNI and certificate
/// checks still for the host), which is per client. So each (host, address) pair checked gets its
/// own client on the shared event loop group, with ProviderHTTP's timeouts and redirects disallowed.
/// Its connection pool keeps connections alive between messages to the same receiver as before.
/// The least recently used idle clients beyond `capacity` are shut down; like `ProviderHTTP.client`
/// the shared set lives as long as the process.
final class PinnedClients: Sendable {
    static let shared = PinnedClients(capacity: 64)

    let capacity: Int
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var entries: [String: Entry] = [:]
        var tick: UInt64 = 0
    }

    private struct Entry {
        var client: HTTPClient
        var inFlight: Int
        var lastUse: UInt64
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    static func configuration(host: String, address: String, connectTimeout: TimeAmount = ProviderHTTP.connectTimeout) -> HTTPClient.Configuration {
        var configuration = ProviderHTTP.configuration
        configuration.timeout.connect = connectTimeout
        configuration.dnsOverride = [host: address]
        configuration.redirectConfiguration = .disallow
        return configuration
    }

    func withClient<T>(
        host: String, address: String, connectTimeout: TimeAmount = ProviderHTTP.connectTimeout, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let key = host + "\u{0}" + address + "\u{0}" + String(connectTimeout.nanoseconds)
        let client = state.withLock { state in
            state.tick += 1
            if var entry = state.entries[key] {
                entry.inFlight += 1
                entry.lastUse = state.tick
                state.entries[key] = entry
                return entry.client
            }
            let client = HTTPClient(
                eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: Self.configuration(host: host, address: address, connectTimeout: connectTimeout))
            state.entries[key] = Entry(client: client, inFlight: 1, lastUse: state.tick)
            return client
        }
        defer { release(key) }
        return try await body(client)
    }

    private func release(_ key: String) {
        let evicted: [HTTPClient] = state.withLock { state in
            state.entries[key]?.inFlight -= 1
            guard state.entries.count > capacity else { return [] }
            let idle = state.entries.filter { $0.value.inFlight == 0 }.sorted { $0.value.lastUse < $1.value.lastUse }
            let surplus = idle.prefix(state.entries.count - capacity)
            for (key, _) in surplus { state.entries[key] = nil }
            return surplus.map(\.value.client)
        }
        for client in evicted {
            // The future keeps the client until its connections are closed.
            client.shutdown().whenComplete { _ in _ = client }
        }
    }

    /// How many clients are held, for tests.
    var count: Int { state.withLock { $0.entries.count } }
}
