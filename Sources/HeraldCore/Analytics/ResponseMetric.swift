import Foundation

/// A response time, defined by the milestone it runs from and the one it runs to.
public enum ResponseMetric: String, Sendable, CaseIterable, Codable {
    /// Mean time to acknowledge: detected (the first alert) → acknowledged.
    case mtta
    /// Mean time to resolve: detected → resolved.
    case mttr
    /// Mean time to detect: impact started → detected; only incidents whose impact start a responder set.
    case mttd
    /// Mean time to mitigate: impact started → mitigated; only incidents with both set by a responder.
    case mttm

    /// The milestones the metric runs between.
    public var milestones: (from: Milestone, to: Milestone) {
        switch self {
        case .mtta: (.detected, .acknowledged)
        case .mttr: (.detected, .resolved)
        case .mttd: (.impactStarted, .detected)
        case .mttm: (.impactStarted, .mitigated)
        }
    }

    /// The milestones the metric runs between, as the API names them.
    public var definition: (from: String, to: String) { (milestones.from.rawValue, milestones.to.rawValue) }

    /// The metric's duration in seconds; nil while either milestone is unknown. Milestones out of
    /// order (clocks of two sources, before corrections were checked) count as zero.
    public func seconds(_ milestones: IncidentMilestones) -> Double? {
        milestones.seconds(from: self.milestones.from, to: self.milestones.to).map { max(0, $0) }
    }

    /// The metric for an incident as Herald recorded it, with no responder's milestones.
    public func seconds(_ incident: Incident) -> Double? { seconds(IncidentMilestones(incident)) }
}
