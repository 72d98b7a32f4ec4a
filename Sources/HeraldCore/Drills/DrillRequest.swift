import Foundation

/// What a drill is started with; every problem is reported at once.
public struct DrillRequest: Sendable, Equatable {
    public var team: String
    public var severity: Severity
    public var kind: IncidentKind
    public var title: String?
    public var runbookURL: String?

    public init(team: String, severity: Severity = .high, kind: IncidentKind = .drill, title: String? = nil, runbookURL: String? = nil) {
        self.team = team
        self.severity = severity
        self.kind = kind
        self.title = title
        self.runbookURL = runbookURL
    }

    /// The request's own problems (the team's existence is the store's to say).
    public var problems: [FieldError] {
        var errors: [FieldError] = []
        if kind == .real { errors.append(FieldError("kind", "must be drill or test: a real incident comes from monitoring")) }
        if let title { errors += Validate.text(title, field: "title", maximum: 255) }
        if let runbookURL { errors += Validate.webURL(runbookURL, field: "runbook_url") }
        return errors
    }
}
