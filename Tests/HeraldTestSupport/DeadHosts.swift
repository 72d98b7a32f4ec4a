import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Webhook hosts that are down in the two ways a real one is: nothing listens on the port (the
/// connection is refused at once), or something listens and never answers (a black hole).
public enum DeadHosts {
    /// A loopback port nothing listens on: bound once to learn a free number, then closed.
    public static func refusedPort() throws -> Int {
        let socket = try LoopbackSocket()
        let port = socket.port
        socket.close()
        return port
    }
}

/// A loopback port that takes connections and never answers them. It never calls `accept`: the
/// kernel completes the handshakes of the first few (its backlog), the request is written and no
/// byte comes back; beyond the backlog the handshake itself never completes. Either way a client
/// waits for its own timeout.
public final class BlackHole: Sendable {
    private let socket: LoopbackSocket
    public var port: Int { socket.port }

    public init() throws {
        socket = try LoopbackSocket(listening: true)
    }

    public func close() { socket.close() }
}

/// A TCP socket bound to 127.0.0.1 on a free port.
final class LoopbackSocket: Sendable {
    private let open: Mutex<Int32?>
    let port: Int

    init(listening: Bool = false) throws {
        #if canImport(Glibc)
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw DeadHostError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw DeadHostError.socket(errno) }
        if listening, listen(descriptor, 8) != 0 { throw DeadHostError.socket(errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw DeadHostError.socket(errno) }
        self.open = Mutex(descriptor)
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Closes it; closing again does nothing.
    func close() {
        guard let descriptor = open.withLock({ open in defer { open = nil }; return open }) else { return }
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }

    deinit { close() }
}

public enum DeadHostError: Error {
    case socket(Int32)
}
