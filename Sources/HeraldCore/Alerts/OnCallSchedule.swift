import Foundation

/// Who is on call when: members take turns, handing off every `rotationDays` days at the time of
/// day `start` has in the schedule's zone (so a 09:00 hand-off stays at 09:00 across DST), and
/// overrides take precedence for their span.
public struct OnCallSchedule: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var timeZone: String
    /// Contact ids, in turn order.
    public var members: [String]
    /// The first hand-off: members[0] is on call from here.
    public var start: Date
    public var rotationDays: Int
    public var overrides: [Override]

    /// Someone else takes the span, e.g. a swap or a holiday cover; the latest added wins.
    public struct Override: Sendable, Equatable, Codable {
        public var contact: String
        public var start: Date
        public var end: Date

        public init(contact: String, start: Date, end: Date) {
            self.contact = contact
            self.start = start
            self.end = end
        }
    }

    public init(
        id: String, name: String, timeZone: String, members: [String], start: Date, rotationDays: Int, overrides: [Override] = []
    ) {
        self.id = id
        self.name = name
        self.timeZone = timeZone
        self.members = members
        self.start = start
        self.rotationDays = rotationDays
        self.overrides = overrides
    }

    /// The contact on call at `time`; nil before the first hand-off or with nobody in the rotation.
    public func onCall(at time: Date) -> String? {
        if let override = overrides.last(where: { $0.start <= time && time < $0.end }) { return override.contact }
        guard !members.isEmpty, rotationDays > 0, time >= start else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        let days = calendar.dateComponents([.day], from: start, to: time).day ?? 0
        var turn = days / rotationDays
        // Day counting is by calendar days in the zone; step back if this turn's hand-off is still ahead.
        while turn > 0, let handoff = calendar.date(byAdding: .day, value: turn * rotationDays, to: start), handoff > time { turn -= 1 }
        return members[turn % members.count]
    }
}
