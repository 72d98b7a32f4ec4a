import Foundation

/// What a responder reads about an alert in a page and on the respond page: the labels and details
/// (Alertmanager annotations, PagerDuty `custom_details`) that say what broke and where, without the
/// noise monitoring adds, few enough and short enough to read on a phone.
public struct ResponderDetails: Sendable, Equatable {
    /// One name and its value, in the order shown.
    public struct Item: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var labels: [Item]
    public var details: [Item]
    /// How many labels and details were left out by the caps (noise is not counted).
    public var omitted: Int

    public init(labels: [Item], details: [Item], omitted: Int) {
        self.labels = labels
        self.details = details
        self.omitted = omitted
    }

    /// Labels that say nothing to a person: which Prometheus replica evaluated the rule, the metric's
    /// internal name. Names starting with `__` are Prometheus's own and dropped too.
    public static let noiseLabels: Set<String> = ["prometheus", "prometheus_replica", "replica", "receive", "tenant_id"]
    /// Details already shown another way: the summary is the title, the runbook its own link.
    public static let shownElsewhere: Set<String> = ["summary", "runbook", "runbook_url"]
    /// Labels that say what and where, shown first in this order; the rest follow by name.
    public static let firstLabels = ["alertname", "service", "component", "severity", "env", "cluster", "namespace", "job", "instance", "host", "pod"]
    /// Details shown first; the rest follow by name.
    public static let firstDetails = ["description", "message", "details"]

    public static let maximumLabels = 8
    public static let maximumDetails = 6
    public static let maximumNameLength = 40
    public static let maximumLabelLength = 120
    public static let maximumDetailLength = 300

    /// The labels and details that matter, capped in count and length.
    public static func of(labels: [String: String], details: [String: String]) -> ResponderDetails {
        let keptLabels = ordered(
            labels.filter { !$0.key.hasPrefix("__") && !noiseLabels.contains($0.key) && !blank($0.value) }, first: firstLabels)
        let keptDetails = ordered(details.filter { !shownElsewhere.contains($0.key) && !blank($0.value) }, first: firstDetails)
        let omitted = max(0, keptLabels.count - maximumLabels) + max(0, keptDetails.count - maximumDetails)
        return ResponderDetails(
            labels: keptLabels.prefix(maximumLabels).map { Item(cut($0.key, maximumNameLength), cut($0.value, maximumLabelLength)) },
            details: keptDetails.prefix(maximumDetails).map { Item(cut($0.key, maximumNameLength), cut($0.value, maximumDetailLength)) },
            omitted: omitted)
    }

    /// The runbook a responder follows: the route's, else one the alert names in its details, when it
    /// is an absolute http or https address.
    public static func runbook(route: String?, details: [String: String]) -> String? {
        for candidate in [route, details["runbook_url"], details["runbook"]] {
            guard let text = candidate?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { continue }
            if Validate.webURL(text, field: "runbook").isEmpty { return text }
        }
        return nil
    }

    static func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    static func ordered(_ items: [String: String], first: [String]) -> [(key: String, value: String)] {
        items.sorted { left, right in
            let l = first.firstIndex(of: left.key) ?? first.count, r = first.firstIndex(of: right.key) ?? first.count
            return l != r ? l < r : left.key < right.key
        }.map { (key: $0.key, value: $0.value) }
    }

    /// At most `limit` characters, on one line, with an ellipsis when cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}

/// A time as a person reads it, with its zone: `2026-11-22 10:00 (UTC+08:00)`, as the public pages write it.
public enum ReadableTime {
    public static func string(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let seconds = zone.secondsFromGMT(for: date)
        let offset = String(format: "%@%02d:%02d", seconds < 0 ? "-" : "+", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
        return "\(formatter.string(from: date)) (UTC\(offset))"
    }

    /// The zone named by `identifier`, else UTC.
    public static func zone(_ identifier: String?) -> TimeZone {
        identifier.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    }
}

/// What "escalate now" from the respond page does: page the step after the one paged last.
public enum ManualEscalation: Sendable, Equatable {
    /// Page step `next`; the incident must still be at `previous` (nil: never paged).
    case page(next: Int, previous: Int?)
    case resolved
    /// The incident follows no escalation policy with steps.
    case noPolicy
    /// Every step has been paged.
    case noFurtherStep

    /// `current` is the step paged last (-1 while the group wait holds the first page, nil when none was).
    public static func decide(status: IncidentStatus, policy: EscalationPolicy?, current: Int?) -> ManualEscalation {
        if status == .resolved { return .resolved }
        guard let policy, !policy.steps.isEmpty else { return .noPolicy }
        let next = (current ?? -1) + 1
        guard policy.step(at: next) != nil else { return .noFurtherStep }
        return .page(next: next, previous: current)
    }
}
