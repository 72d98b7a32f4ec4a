import Foundation

/// When to stop sending to a destination that keeps failing, and when to try it again.
///
/// Closed: send, counting consecutive failures. After `failuresToOpen` of them it opens: nothing is
/// sent to the destination for a cooldown, and its queued deliveries are parked (their next attempt
/// moved to the cooldown's end; their history stays). When the cooldown is over one delivery goes
/// as a probe (half-open): its success closes the breaker, its failure opens it again for twice the
/// cooldown, up to `maximumCooldown`.
public struct CircuitBreaker: Sendable, Equatable {
    public var failuresToOpen: Int
    public var firstCooldown: TimeInterval
    public var maximumCooldown: TimeInterval
    /// How long the others wait while a probe is out, before they are looked at again.
    public var probeWait: TimeInterval

    public init(failuresToOpen: Int = 5, firstCooldown: TimeInterval = 30, maximumCooldown: TimeInterval = 600, probeWait: TimeInterval = 5) {
        self.failuresToOpen = failuresToOpen
        self.firstCooldown = firstCooldown
        self.maximumCooldown = maximumCooldown
        self.probeWait = probeWait
    }

    public enum State: Sendable, Equatable {
        case closed(failures: Int)
        /// Nothing is sent before `until`; `cooldown` is how long this opening lasts.
        case open(until: Date, cooldown: TimeInterval)
        /// A probe is out; `cooldown` was the last opening's.
        case halfOpen(cooldown: TimeInterval)

        public static let healthy = State.closed(failures: 0)
    }

    /// What an attempt's outcome says about the destination.
    public enum Signal: Sendable, Equatable {
        /// It answered: sent, or refused for good (a 4xx is an answer).
        case answered
        /// No answer, a timeout, a 5xx or 429: it is not taking messages now.
        case failed

        public static func of(_ outcome: SendOutcome) -> Signal {
            switch outcome {
            case .sent, .permanent: .answered
            case .retryable: .failed
            }
        }
    }

    /// Whether one more delivery may be sent to the destination now.
    public enum Admission: Sendable, Equatable {
        /// Send it; the breaker is now in `state` (half-open when this is the probe).
        case send(State)
        /// Not before `until`: the breaker is open, or a probe is out.
        case hold(until: Date)
    }

    /// Admits one delivery, or holds it back.
    public func admit(_ state: State, now: Date) -> Admission {
        switch state {
        case .closed: .send(state)
        case .open(let until, let cooldown): now < until ? .hold(until: until) : .send(.halfOpen(cooldown: cooldown))
        case .halfOpen: .hold(until: now.addingTimeInterval(probeWait))
        }
    }

    /// How many more deliveries to the destination a worker may take now, given how many it has in
    /// flight and its per-destination limit: the limit when closed, one probe when a cooldown is
    /// over, none while open or while a probe is out.
    public func capacity(_ state: State, inFlight: Int, limit: Int, now: Date) -> Int {
        switch state {
        case .closed: max(0, limit - inFlight)
        case .open(let until, _): now < until || inFlight > 0 ? 0 : 1
        case .halfOpen: 0
        }
    }

    /// What an attempt's outcome does to the breaker; `park` is set when it opens, and says until
    /// when the destination's queued deliveries wait.
    public func after(_ state: State, _ signal: Signal, now: Date) -> (state: State, park: Date?) {
        switch (state, signal) {
        case (_, .answered):
            // Any answer, even a late one from before the breaker opened, shows the destination is back.
            return (.healthy, nil)
        case (.closed(let failures), .failed):
            guard failures + 1 >= failuresToOpen else { return (.closed(failures: failures + 1), nil) }
            let until = now.addingTimeInterval(firstCooldown)
            return (.open(until: until, cooldown: firstCooldown), until)
        case (.halfOpen(let cooldown), .failed):
            let longer = min(maximumCooldown, cooldown * 2)
            let until = now.addingTimeInterval(longer)
            return (.open(until: until, cooldown: longer), until)
        case (.open, .failed):
            // A request sent before the breaker opened: the opening stands as it is.
            return (state, nil)
        }
    }
}
