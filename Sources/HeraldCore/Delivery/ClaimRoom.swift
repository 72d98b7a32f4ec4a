/// How much a worker's lane can take on now: how many deliveries in all, and how many more to each
/// destination (its per-destination limit less those in flight, or what its circuit breaker allows).
public struct ClaimRoom: Sendable, Equatable {
    public var total: Int
    /// For a destination not in `remaining`; nil is no limit.
    public var perDestination: Int?
    public var remaining: [String: Int]

    public init(total: Int, perDestination: Int? = nil, remaining: [String: Int] = [:]) {
        self.total = total
        self.perDestination = perDestination
        self.remaining = remaining
    }

    /// Destinations that can take nothing now; the claim skips their deliveries.
    public var full: [String] { remaining.filter { $0.value <= 0 }.map(\.key).sorted() }

    /// The candidates to take, in their order (the queue's: high severity, then the longest due),
    /// within both limits.
    public func pick(_ candidates: [(id: Int64, destination: String)]) -> [Int64] {
        var taken: [String: Int] = [:]
        var picked: [Int64] = []
        for candidate in candidates where picked.count < total {
            let room = remaining[candidate.destination] ?? perDestination ?? Int.max
            guard taken[candidate.destination, default: 0] < room else { continue }
            taken[candidate.destination, default: 0] += 1
            picked.append(candidate.id)
        }
        return picked
    }
}
