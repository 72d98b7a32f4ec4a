import Foundation

extension OnCallSchedule {
    /// One stretch of time with one person on call (nil: nobody), as a calendar shows it.
    public struct Shift: Sendable, Equatable {
        public var contact: String?
        public var start: Date
        public var end: Date
        /// An override holds it rather than the rotation.
        public var isOverride: Bool

        public init(contact: String?, start: Date, end: Date, isOverride: Bool = false) {
            self.contact = contact
            self.start = start
            self.end = end
            self.isOverride = isOverride
        }
    }

    /// Who is on call from `start` to `end`, shift by shift, in order: built from `onCall(at:)`
    /// and `next(after:)` (so a calendar and a page agree on who is on call), with neighbouring
    /// stretches of the same person joined. Hand-offs are found to the second.
    public func shifts(from start: Date, to end: Date, step: TimeInterval = 900) -> [Shift] {
        guard end > start else { return [] }
        var shifts: [Shift] = []
        var time = start
        while time < end {
            let contact = onCall(at: time)
            let isOverride = overrides.contains { $0.start <= time && time < $0.end }
            var until = end
            if let handoff = next(after: time, horizon: end.timeIntervalSince(time), step: step)?.at {
                // `next` probes on a grid; the hand-off itself lies in the last step before it.
                var low = max(time, handoff.addingTimeInterval(-step)), high = handoff
                while high.timeIntervalSince(low) > 1 {
                    let middle = low.addingTimeInterval(high.timeIntervalSince(low) / 2)
                    if onCall(at: middle) == contact { low = middle } else { high = middle }
                }
                until = min(Date(timeIntervalSince1970: high.timeIntervalSince1970.rounded()), end)
            }
            if let last = shifts.last, last.contact == contact, last.isOverride == isOverride {
                shifts[shifts.count - 1].end = until
            } else {
                shifts.append(Shift(contact: contact, start: time, end: until, isOverride: isOverride))
            }
            time = until
        }
        return shifts
    }
}
