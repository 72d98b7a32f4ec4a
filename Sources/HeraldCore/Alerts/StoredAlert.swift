import Foundation

/// Where one alert stands.
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    case triggered, acknowledged, resolved
}

/// An alert as it stands under its incident.
public struct StoredAlert: Sendable, Equatable {
    public var id: Int64
    public var dedupKey: String
    public var status: AlertStatus
    public var severity: Severity
    public var summary: String
    public var source: String?
    public var labels: [String: String]
    /// What the source said besides: Alertmanager annotations, PagerDuty `custom_details`.
    public var annotations: [String: String]
    /// Where to look: the generator URL, PagerDuty links.
    public var links: [String]
    /// How many times it was triggered while open.
    public var events: Int
    public var firstAt: Date
    public var lastAt: Date
    public var resolvedAt: Date?

    public init(
        id: Int64, dedupKey: String, status: AlertStatus, severity: Severity, summary: String, source: String?, labels: [String: String],
        annotations: [String: String] = [:], links: [String] = [], events: Int, firstAt: Date, lastAt: Date, resolvedAt: Date?
    ) {
        self.annotations = annotations
        self.links = links
        self.id = id
        self.dedupKey = dedupKey
        self.status = status
        self.severity = severity
        self.summary = summary
        self.source = source
        self.labels = labels
        self.events = events
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.resolvedAt = resolvedAt
    }
}
