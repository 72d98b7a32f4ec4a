import HummingbirdBcrypt
import NIOPosix

/// Operators' passwords, hashed with bcrypt at cost 12 (about a quarter of a second). The work runs
/// on a thread pool of its own, never on an event loop or Swift's cooperative threads, nor on NIO's
/// shared blocking pool, where a burst of sign-ins would hold up deliveries' name lookups.
public enum OperatorPassword {
    public static let cost: UInt8 = 12

    public static func hash(_ password: String) async throws -> String {
        try await hashing.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await hashing.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Checks a password against nothing, as long as a real check takes, so an unknown address
    /// answers as slowly as a known one.
    public static func verifyNothing(_ password: String) async throws {
        _ = try await verify(password, hash: dummy)
    }

    private static let hashing: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    private static let dummy = Bcrypt.hash("herald-no-such-operator", cost: cost)
}
