/// Which team and severity an alert gets: the first routing rule its labels match gives the team
/// (and may replace the severity); otherwise the source's own severity word, graded by the rules.
/// The pipeline decides every incoming alert with this, and the console's routing tester asks the
/// same question of labels someone pasted, without creating anything.
public struct RoutingDecision: Sendable, Equatable {
    /// The rule that matched; nil when the alert stays with its integration's escalation.
    public var route: AlertRoute?
    public var severity: Severity

    public init(route: AlertRoute?, severity: Severity) {
        self.route = route
        self.severity = severity
    }

    /// Only a trigger is routed (an acknowledgement or resolution follows its open alert); its
    /// severity is the route's when it sets one, else the graded source severity.
    public static func of(_ alert: IncomingAlert, routes: [AlertRoute], rules: SeverityRules) -> RoutingDecision {
        let route = alert.action == .trigger ? AlertRoute.first(in: routes, matching: alert.labels) : nil
        return RoutingDecision(route: route, severity: route?.severity ?? rules.grade(alert))
    }
}

/// Labels typed one per line as `name=value` (as the console's forms take them): blank lines are
/// skipped, space around names and values is trimmed, the last of a repeated name wins. Lines
/// without `=` or with an empty name are reported by number (1-based), so the form can say which.
public struct LabelLines: Sendable, Equatable {
    public var labels: [String: String]
    /// The numbers of the lines that are not `name=value`.
    public var badLines: [Int]

    public init(labels: [String: String], badLines: [Int]) {
        self.labels = labels
        self.badLines = badLines
    }

    public static func parse(_ text: String) -> LabelLines {
        var labels: [String: String] = [:]
        var bad: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                bad.append(index + 1)
                continue
            }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if name.isEmpty { bad.append(index + 1) } else { labels[name] = value }
        }
        return LabelLines(labels: labels, badLines: bad)
    }

    /// Labels written back one per line, sorted by name.
    public static func text(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }
}

extension Silence {
    /// The open alerts (not resolved) this silence's matchers catch now: what "silence alerts like
    /// this" shows before the silence is made.
    public func catches(_ alerts: [StoredAlert]) -> [StoredAlert] {
        alerts.filter { $0.status != .resolved && matches($0.labels) }
    }
}

extension LabelMatcher {
    /// One matcher as Alertmanager writes it: `name=value`, `name!=value`, `name=~regex`,
    /// `name!~regex` (space around the parts is trimmed); nil when the line is none of these or
    /// the regular expression does not compile.
    public static func parse(_ line: String) -> LabelMatcher? {
        let text = line.trimmingCharacters(in: .whitespaces)
        // The operator starts at the first `=` or `!`: names cannot hold either, values may.
        guard let at = text.firstIndex(where: { $0 == "=" || $0 == "!" }) else { return nil }
        let name = text[..<at].trimmingCharacters(in: .whitespaces)
        let rest = text[at...]
        let isEqual = rest.hasPrefix("=")
        if !isEqual, !(rest.hasPrefix("!=") || rest.hasPrefix("!~")) { return nil }
        let second = rest.dropFirst().first
        let isRegex = second == "~"
        let operatorLength = isEqual && !isRegex ? 1 : 2
        let value = rest.dropFirst(operatorLength).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        let matcher = LabelMatcher(name: name, value: value, isRegex: isRegex, isEqual: isEqual)
        return matcher.isValid ? matcher : nil
    }

    /// Written back as `parse` reads it.
    public var text: String { "\(name)\(isRegex ? (isEqual ? "=~" : "!~") : (isEqual ? "=" : "!="))\(value)" }
}
