import HeraldCore

/// How many connections Herald holds and how long each phase of one may take: the `server` section's
/// `max_connections`, `header_timeout_seconds`, `body_timeout_seconds` and `idle_timeout_seconds`.
public struct ConnectionSettings: Sendable, Equatable {
    /// At most this many open connections; nil: derived from the file-descriptor limit at start.
    public var maxConnections: Int?
    public var timeouts = ConnectionTimeouts.standard

    /// Descriptors left for everything but client connections: the database, outgoing deliveries
    /// (64 at a time per worker), SMTP, logs, and connections being refused.
    public static let reservedDescriptors = 256
    /// The most connections held when the limit is derived, however many descriptors there are.
    public static let derivedCeiling = 10_000

    public init() {}

    /// The limit in force when the process may open `descriptors` files: the configured one, but
    /// never more than fits beside the reserve, so that accepting never runs the process out of
    /// descriptors (libdispatch then traps opening /proc, and nothing at all is answered).
    public func limit(descriptors: Int) -> Int {
        let fits = max(16, descriptors - Self.reservedDescriptors)
        return min(maxConnections ?? Self.derivedCeiling, fits)
    }
}

/// Reads the connection keys of the `server` section into `settings`.
public func readConnectionSettings(_ section: inout ObjectReader, into settings: inout ConnectionSettings) {
    if let limit = section.integer("max_connections") {
        if (16...1_000_000).contains(limit) { settings.maxConnections = limit } else {
            section.add([FieldError("server.max_connections", "must be from 16 to 1000000")])
        }
    }
    func seconds(_ key: String, _ range: ClosedRange<Int>, _ apply: (Duration) -> Void) {
        guard let value = section.integer(key) else { return }
        if range.contains(value) { apply(.seconds(value)) } else {
            section.add([FieldError("server.\(key)", "must be from \(range.lowerBound) to \(range.upperBound) seconds")])
        }
    }
    seconds("header_timeout_seconds", 1...600) { settings.timeouts.header = $0 }
    seconds("body_timeout_seconds", 1...3600) { settings.timeouts.body = $0 }
    seconds("idle_timeout_seconds", 1...3600) { settings.timeouts.idle = $0 }
}
