/// What Herald does with a new connection, and how long an open one may take, so that clients that
/// connect and send nothing (or trickle a header a byte at a time) cannot use up every connection —
/// or every file descriptor — and leave no room for a health probe or a page.
///
/// Below the limit a connection is admitted. At the limit the connection that has waited longest for
/// a request is closed to make room (a kept-alive or silent connection has nothing in flight; HTTP
/// lets a server close it at any time and clients retry), as nginx reuses idle connections. Only
/// when every open connection is busy with a request is the new one refused, at once, with 503.
public enum ConnectionAdmission {
    public enum Decision: Sendable, Equatable {
        case admit
        /// Admit it and close the connection with this id, the one that has waited longest.
        case admitClosing(UInt64)
        /// Every connection is busy: answer 503 and close.
        case refuse
    }

    /// A connection waiting for (the rest of) a request: since when, in any monotonic unit.
    public struct Waiting: Sendable, Equatable {
        public var id: UInt64
        public var since: UInt64

        public init(id: UInt64, since: UInt64) {
            self.id = id
            self.since = since
        }
    }

    /// `open` counts the connections held now, `waiting` those among them with no request in flight.
    public static func decide(open: Int, limit: Int, waiting: some Sequence<Waiting>) -> Decision {
        guard open >= limit else { return .admit }
        var oldest: Waiting?
        for candidate in waiting where oldest.map({ candidate.since < $0.since || (candidate.since == $0.since && candidate.id < $0.id) }) ?? true {
            oldest = candidate
        }
        return oldest.map { .admitClosing($0.id) } ?? .refuse
    }
}

/// The phases of an HTTP/1.1 connection, and how long each may last before Herald closes it.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From accepting a connection, or from the first byte of a later request, until its head is
    /// complete: a client that connects and says nothing, or sends a header a byte at a time.
    public var header: Duration
    /// From the head until the whole body has arrived.
    public var body: Duration
    /// After a response, waiting for the next request on a kept-alive connection.
    public var idle: Duration

    public static let standard = ConnectionTimeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60))

    public init(header: Duration, body: Duration, idle: Duration) {
        self.header = header
        self.body = body
        self.idle = idle
    }

    public enum Phase: String, Sendable, Equatable, CaseIterable {
        /// Accepted, nothing read yet.
        case new
        /// A response was written; nothing of the next request read yet.
        case idle
        /// Bytes of a request head have arrived, the head is not complete.
        case readingHead
        /// The head is complete, the body is not.
        case readingBody
        /// The request is read; Herald is answering (as long as it takes: an event stream lasts).
        case responding
    }

    /// How long a phase may last; nil when it has no limit.
    public func limit(_ phase: Phase) -> Duration? {
        switch phase {
        case .new, .readingHead: header
        case .readingBody: body
        case .idle: idle
        case .responding: nil
        }
    }

    /// Whether a connection in `phase` has nothing in flight, so that closing it loses nothing.
    public static func isWaiting(_ phase: Phase) -> Bool {
        switch phase {
        case .new, .idle, .readingHead: true
        case .readingBody, .responding: false
        }
    }
}
