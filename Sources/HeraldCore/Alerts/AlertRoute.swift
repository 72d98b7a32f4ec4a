/// Sends the alerts whose labels match to a team, optionally with another severity and a runbook.
///
/// Routes are tried in order and the first match wins, as in an Alertmanager route tree one level
/// deep; an alert no route matches stays with its integration's own escalation.
public struct AlertRoute: Sendable, Equatable, Codable {
    public var matchers: [LabelMatcher]
    public var team: String
    /// Replaces the severity graded from the source, e.g. to make every payments alert high.
    public var severity: Severity?
    /// Where responders find what to do; put into every page of the incident.
    public var runbookURL: String?

    public init(matchers: [LabelMatcher], team: String, severity: Severity? = nil, runbookURL: String? = nil) {
        self.matchers = matchers
        self.team = team
        self.severity = severity
        self.runbookURL = runbookURL
    }

    /// Every matcher holds (a missing label is the empty string, as in Alertmanager).
    public func matches(_ labels: [String: String]) -> Bool {
        matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
    }

    /// The first of `routes` that matches `labels`.
    public static func first(in routes: [AlertRoute], matching labels: [String: String]) -> AlertRoute? {
        routes.first { $0.matches(labels) }
    }
}
