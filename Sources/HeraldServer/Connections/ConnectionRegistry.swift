import HeraldApp
import HeraldCore
import NIOCore
import Prometheus
import Synchronization

/// Every open client connection, whether it is waiting for a request and since when, and the limit.
/// `ConnectionAdmission` decides; this applies the decision: it counts, and closes the connection
/// chosen to make room (on that connection's own event loop, and only if it is still waiting).
final class ConnectionRegistry: Sendable {
    let limit: Int
    let timeouts: ConnectionTimeouts
    let metrics: HeraldMetrics

    struct Entry {
        /// When it started waiting for a request; nil while it is busy with one.
        var waitingSince: UInt64?
        /// Chosen to make room and not closed yet: not chosen twice.
        var evicting = false
        let evict: @Sendable () -> Void
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 1
    }

    private let state = Mutex(State())

    init(limit: Int, timeouts: ConnectionTimeouts, metrics: HeraldMetrics) {
        self.limit = limit
        self.timeouts = timeouts
        self.metrics = metrics
    }

    enum Admission: Equatable {
        case admitted(UInt64)
        case refused
    }

    /// Takes a new connection in, waiting since `now`; `evict` closes it if it is still waiting.
    func admit(now: UInt64, evict: @escaping @Sendable () -> Void) -> Admission {
        let (admission, victim): (Admission, (@Sendable () -> Void)?) = state.withLock { state in
            let waiting = state.entries.lazy.compactMap { id, entry in
                entry.evicting ? nil : entry.waitingSince.map { ConnectionAdmission.Waiting(id: id, since: $0) }
            }
            var victim: (@Sendable () -> Void)?
            switch ConnectionAdmission.decide(open: state.entries.count, limit: limit, waiting: waiting) {
            case .refuse:
                return (.refused, nil)
            case .admitClosing(let id):
                state.entries[id]?.evicting = true
                victim = state.entries[id]?.evict
            case .admit:
                break
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(waitingSince: now, evict: evict)
            return (.admitted(id), victim)
        }
        if victim != nil { count(.evicted) }
        if admission == .refused { count(.refused) }
        victim?()
        return admission
    }

    /// Whether the connection waits for a request (since `since`) or is busy with one (nil).
    func update(_ id: UInt64, waitingSince since: UInt64?) {
        state.withLock { state in
            guard state.entries[id] != nil else { return }
            state.entries[id]?.waitingSince = since
            // A connection chosen to make room that took a request meanwhile is kept: it is busy now.
            if since == nil { state.entries[id]?.evicting = false }
        }
    }

    func remove(_ id: UInt64) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// How many connections are open, and how many of them wait for a request.
    var counts: (open: Int, waiting: Int) {
        state.withLock { state in (state.entries.count, state.entries.values.count { $0.waitingSince != nil }) }
    }

    enum Closing: String {
        case evicted
        case refused
        case headerTimeout = "header_timeout"
        case bodyTimeout = "body_timeout"
        case idleTimeout = "idle_timeout"
    }

    static var closed: MetricNameDescriptor {
        .init(
            namespace: "herald", subsystem: "http", metricName: "connections_closed", unitName: "total",
            helpText: "Connections Herald closed itself: timed out in a phase, closed to make room at the limit, or refused (503) at the limit.")
    }

    func count(_ reason: Closing) {
        metrics.registry.makeCounter(descriptor: Self.closed, labels: [("reason", reason.rawValue)]).increment()
    }
}
