import Foundation

extension OnCallSchedule {
    /// Who takes over after `time`, and when: the first moment within `horizon` at which someone
    /// else is on call (a hand-off or an override), looked for at `step` intervals; nil if nobody
    /// different comes on within it.
    public func next(after time: Date, horizon: TimeInterval = 14 * 86400, step: TimeInterval = 900) -> (contact: String, at: Date)? {
        let current = onCall(at: time)
        // Overrides and hand-offs fall on arbitrary instants; check them exactly, then the grid.
        var candidates = overrides.flatMap { [$0.start, $0.end] }.filter { $0 > time && $0 <= time.addingTimeInterval(horizon) }
        var probe = time.addingTimeInterval(step)
        while probe <= time.addingTimeInterval(horizon) {
            candidates.append(probe)
            probe = probe.addingTimeInterval(step)
        }
        for candidate in candidates.sorted() {
            if let contact = onCall(at: candidate), contact != current { return (contact, candidate) }
        }
        return nil
    }
}
