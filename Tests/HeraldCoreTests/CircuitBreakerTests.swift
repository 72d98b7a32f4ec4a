import Foundation
import HeraldCore
import Testing

/// A destination's circuit breaker, decided without a clock or a network.
@Suite struct CircuitBreakerTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let breaker = CircuitBreaker(failuresToOpen: 3, firstCooldown: 30, maximumCooldown: 100, probeWait: 5)

    struct Outcome: Sendable, CustomTestStringConvertible {
        var name: String
        var state: CircuitBreaker.State
        var signal: CircuitBreaker.Signal
        var next: CircuitBreaker.State
        var park: Date?
        var testDescription: String { name }
    }

    static let outcomes: [Outcome] = [
        Outcome(name: "a failure is counted", state: .closed(failures: 0), signal: .failed, next: .closed(failures: 1)),
        Outcome(name: "failures short of the threshold keep it closed", state: .closed(failures: 1), signal: .failed, next: .closed(failures: 2)),
        Outcome(name: "the threshold opens it and parks the queue for the first cooldown", state: .closed(failures: 2), signal: .failed,
                next: .open(until: now + 30, cooldown: 30), park: now + 30),
        Outcome(name: "an answer clears the count", state: .closed(failures: 2), signal: .answered, next: .healthy),
        Outcome(name: "a failed probe opens it for twice as long", state: .halfOpen(cooldown: 30), signal: .failed,
                next: .open(until: now + 60, cooldown: 60), park: now + 60),
        Outcome(name: "the cooldown stops growing at the maximum", state: .halfOpen(cooldown: 60), signal: .failed,
                next: .open(until: now + 100, cooldown: 100), park: now + 100),
        Outcome(name: "a probe that is answered closes it", state: .halfOpen(cooldown: 60), signal: .answered, next: .healthy),
        Outcome(name: "a late failure from before the opening changes nothing", state: .open(until: now + 10, cooldown: 30), signal: .failed,
                next: .open(until: now + 10, cooldown: 30)),
        Outcome(name: "a late answer shows the destination is back", state: .open(until: now + 10, cooldown: 30), signal: .answered,
                next: .healthy),
    ]

    @Test(arguments: outcomes)
    func anOutcomeMovesTheBreaker(_ row: Outcome) {
        let (next, park) = Self.breaker.after(row.state, row.signal, now: Self.now)
        #expect(next == row.next)
        #expect(park == row.park)
    }

    struct Admitting: Sendable, CustomTestStringConvertible {
        var name: String
        var state: CircuitBreaker.State
        var inFlight: Int
        var admission: CircuitBreaker.Admission
        var capacity: Int
        var testDescription: String { name }
    }

    static let admissions: [Admitting] = [
        Admitting(name: "closed sends up to the limit", state: .healthy, inFlight: 3, admission: .send(.healthy), capacity: 5),
        Admitting(name: "closed at the limit takes no more", state: .closed(failures: 1), inFlight: 8, admission: .send(.closed(failures: 1)), capacity: 0),
        Admitting(name: "open holds everything until the cooldown ends", state: .open(until: now + 10, cooldown: 30), inFlight: 0,
                  admission: .hold(until: now + 10), capacity: 0),
        Admitting(name: "after the cooldown one goes as the probe", state: .open(until: now, cooldown: 30), inFlight: 0,
                  admission: .send(.halfOpen(cooldown: 30)), capacity: 1),
        Admitting(name: "after the cooldown nothing more while one is in flight", state: .open(until: now - 1, cooldown: 30), inFlight: 1,
                  admission: .send(.halfOpen(cooldown: 30)), capacity: 0),
        Admitting(name: "while the probe is out the others wait a little", state: .halfOpen(cooldown: 30), inFlight: 1,
                  admission: .hold(until: now + 5), capacity: 0),
    ]

    @Test(arguments: admissions)
    func theBreakerAdmitsOrHolds(_ row: Admitting) {
        #expect(Self.breaker.admit(row.state, now: Self.now) == row.admission)
        #expect(Self.breaker.capacity(row.state, inFlight: row.inFlight, limit: 8, now: Self.now) == row.capacity)
    }

    @Test func outcomesSignalWhetherTheDestinationAnswered() {
        #expect(CircuitBreaker.Signal.of(.sent(providerID: nil, cost: nil)) == .answered)
        #expect(CircuitBreaker.Signal.of(.permanent(reason: "HTTP 404")) == .answered, "a refusal is an answer")
        #expect(CircuitBreaker.Signal.of(.retryable(reason: "HTTP 503", retryAfter: nil)) == .failed)
        #expect(CircuitBreaker.Signal.of(.retryable(reason: "no answer: connect timeout", retryAfter: nil)) == .failed)
    }
}
