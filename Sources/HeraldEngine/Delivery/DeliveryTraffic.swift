import Foundation
import HeraldCore
import Synchronization

/// What one worker knows about the destinations it sends to: each one's circuit breaker, and how
/// many deliveries each lane has in flight to it. Kept in this process; with several nodes each has
/// its own, and what they share is the parking in the queue.
final class DeliveryTraffic: Sendable {
    struct State {
        var breakers: [String: CircuitBreaker.State] = [:]
        var inFlight: [DeliveryLane: [String: Int]] = [:]
    }

    let breaker: CircuitBreaker
    private let state = Mutex(State())

    init(breaker: CircuitBreaker) {
        self.breaker = breaker
    }

    /// The room `lane` has now: `total` slots, `limit` per destination less what is in flight,
    /// and what each destination's breaker allows.
    func room(_ lane: DeliveryLane, total: Int, limit: Int, now: Date) -> ClaimRoom {
        state.withLock { state in
            var remaining: [String: Int] = [:]
            let flying = state.inFlight[lane] ?? [:]
            for destination in Set(flying.keys).union(state.breakers.keys) {
                remaining[destination] = breaker.capacity(
                    state.breakers[destination] ?? .healthy, inFlight: flying[destination] ?? 0, limit: limit, now: now)
            }
            return ClaimRoom(total: total, perDestination: limit, remaining: remaining)
        }
    }

    /// Counts a claimed delivery as in flight to `destination` until `release`.
    func take(_ destination: String, lane: DeliveryLane) {
        state.withLock { $0.inFlight[lane, default: [:]][destination, default: 0] += 1 }
    }

    func release(_ destination: String, lane: DeliveryLane) {
        state.withLock { state in
            let left = (state.inFlight[lane]?[destination] ?? 1) - 1
            state.inFlight[lane]?[destination] = left > 0 ? left : nil
        }
    }

    /// Whether the breaker lets a delivery to `destination` be sent now (nil), or until when it
    /// waits. When the cooldown is over, the one it lets go is the probe.
    func admit(_ destination: String, now: Date) -> Date? {
        state.withLock { state in
            switch breaker.admit(state.breakers[destination] ?? .healthy, now: now) {
            case .hold(let until):
                return until
            case .send(let next):
                state.breakers[destination] = next == .healthy ? nil : next
                return nil
            }
        }
    }

    /// What an attempt's outcome does to `destination`'s breaker. Returns the time to park its
    /// queue until, when this outcome opened the breaker.
    @discardableResult
    func judge(_ destination: String, _ signal: CircuitBreaker.Signal, now: Date) -> Date? {
        state.withLock { state in
            let (next, park) = breaker.after(state.breakers[destination] ?? .healthy, signal, now: now)
            state.breakers[destination] = next == .healthy ? nil : next
            return park
        }
    }

    /// Until when `destination`'s breaker is open, if it is.
    func openUntil(_ destination: String, now: Date) -> Date? {
        state.withLock { state in
            if case .open(let until, _) = state.breakers[destination], until > now { return until }
            return nil
        }
    }
}
