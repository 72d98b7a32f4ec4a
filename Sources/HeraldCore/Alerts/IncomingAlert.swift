import Foundation

/// One event from monitoring, in Herald's words, whatever format it came in.
public struct IncomingAlert: Sendable, Equatable {
    /// What the event asks for, as PagerDuty's `event_action` names it.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case trigger, acknowledge, resolve
    }

    public var action: Action
    /// Repeats of an open alert carry the same key and are counted, not opened again.
    public var dedupKey: String
    public var summary: String
    /// The monitored thing (PagerDuty `source`, the `instance` label…).
    public var source: String?
    /// The severity as the source wrote it (`critical`, `warning`…), graded by `SeverityRules`.
    public var sourceSeverity: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Where to look: the generator URL, PagerDuty links, a runbook.
    public var links: [String]
    public var occurredAt: Date

    /// The catalogue components it names, in its `component` or `service` label.
    public var componentNames: [String] {
        [labels["component"], labels["service"]].compactMap { $0 }
    }

    public init(
        action: Action, dedupKey: String, summary: String, source: String? = nil, sourceSeverity: String? = nil,
        labels: [String: String] = [:], annotations: [String: String] = [:], links: [String] = [], occurredAt: Date
    ) {
        self.action = action
        self.dedupKey = dedupKey
        self.summary = summary
        self.source = source
        self.sourceSeverity = sourceSeverity
        self.labels = labels
        self.annotations = annotations
        self.links = links
        self.occurredAt = occurredAt
    }
}
