import Foundation

/// How a drill went, worked out from what Herald recorded: how long until someone acknowledged,
/// against the target; how many escalation steps were paged; per channel, how many pages arrived;
/// whether the runbook was opened from a page; whether a postmortem was written.
public struct DrillScorecard: Sendable, Equatable {
    /// One channel's pages.
    public struct ChannelLine: Sendable, Equatable {
        public var channel: ChannelKind
        public var queued: Int
        public var arrived: Int
        public var failed: Int

        public init(channel: ChannelKind, queued: Int, arrived: Int, failed: Int) {
            self.channel = channel
            self.queued = queued
            self.arrived = arrived
            self.failed = failed
        }
    }

    public var incident: Incident
    /// From the first page to the acknowledgement; nil until someone acknowledged.
    public var acknowledgeSeconds: Double?
    public var targetSeconds: Double
    public var stepsPaged: Int
    public var channels: [ChannelLine]
    /// nil when the drill had no runbook link to open.
    public var runbookOpened: Bool?
    public var postmortem: PostmortemState?

    /// Met the target: acknowledged within it. nil while nobody has.
    public var metTarget: Bool? { acknowledgeSeconds.map { $0 <= targetSeconds } }
    public var isOver: Bool { incident.status == .resolved }

    public init(
        incident: Incident, acknowledgeSeconds: Double?, targetSeconds: Double, stepsPaged: Int, channels: [ChannelLine], runbookOpened: Bool?,
        postmortem: PostmortemState?
    ) {
        self.incident = incident
        self.acknowledgeSeconds = acknowledgeSeconds
        self.targetSeconds = targetSeconds
        self.stepsPaged = stepsPaged
        self.channels = channels
        self.runbookOpened = runbookOpened
        self.postmortem = postmortem
    }

    /// The scorecard of a drill from its timeline and its pages (deliveries keyed `incident:<id>:`).
    /// The clock starts at the first page, not the start: a group wait is not the responder's time.
    public static func of(
        _ incident: Incident, events: [IncidentEvent], pages: [Delivery], postmortem: PostmortemState?, targetSeconds: Double
    ) -> DrillScorecard {
        let firstPage = events.first { $0.kind == .pageQueued }?.at ?? incident.createdAt
        let acknowledged = incident.acknowledgedAt.map { max(0, $0.timeIntervalSince(firstPage)) }
        let steps = events.filter { $0.kind == .pageQueued || $0.kind == .escalated }.count
        let channels = Dictionary(grouping: pages, by: \.channel).map { channel, pages in
            ChannelLine(
                channel: channel, queued: pages.count, arrived: pages.filter { $0.state == .sent }.count,
                failed: pages.filter { $0.state == .dead }.count)
        }.sorted { $0.channel.rawValue < $1.channel.rawValue }
        let opened = incident.runbookURL == nil ? nil : events.contains { $0.kind == .runbookOpened }
        return DrillScorecard(
            incident: incident, acknowledgeSeconds: acknowledged, targetSeconds: targetSeconds, stepsPaged: steps, channels: channels,
            runbookOpened: opened, postmortem: postmortem)
    }
}

/// A team's drills over time: each acknowledgement against the one before.
public enum DrillTrend: Sendable, Equatable {
    case first
    /// Acknowledged this many seconds sooner than the drill before.
    case faster(Double)
    case slower(Double)
    case same
    /// Not acknowledged (yet), or the one before was not: nothing to compare.
    case unknown

    /// The trend of each drill, given a team's drills oldest first.
    public static func of(_ drills: [DrillScorecard]) -> [DrillTrend] {
        drills.indices.map { index in
            guard index > 0 else { return .first }
            guard let now = drills[index].acknowledgeSeconds, let before = drills[index - 1].acknowledgeSeconds else { return .unknown }
            if now < before { return .faster(before - now) }
            if now > before { return .slower(now - before) }
            return .same
        }
    }
}
