/// Grades a source's own severity words into high, medium or low.
///
/// The defaults read PagerDuty's levels (critical, error, warning, info), the usual Prometheus
/// `severity` label values, and P1–P5. Operators add or override words in `alerts.severity_map`.
public struct SeverityRules: Sendable, Equatable {
    public var words: [String: Severity]
    /// For a word nobody mapped, or no severity at all.
    public var fallback: Severity

    public static let standardWords: [String: Severity] = [
        "critical": .high, "error": .high, "page": .high, "high": .high, "disaster": .high, "emergency": .high, "p1": .high,
        "p2": .high,
        "warning": .medium, "warn": .medium, "major": .medium, "medium": .medium, "average": .medium, "p3": .medium,
        "info": .low, "information": .low, "low": .low, "minor": .low, "none": .low, "p4": .low, "p5": .low,
    ]

    public init(words: [String: Severity] = SeverityRules.standardWords, fallback: Severity = .medium) {
        self.words = words
        self.fallback = fallback
    }

    /// The source's word (case-insensitive), else the `severity` or `priority` label.
    public func grade(_ alert: IncomingAlert) -> Severity {
        for word in [alert.sourceSeverity, alert.labels["severity"], alert.labels["priority"]].compactMap({ $0 }) {
            if let severity = words[word.lowercased()] { return severity }
        }
        return fallback
    }
}
