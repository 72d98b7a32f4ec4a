import Foundation

/// What Herald recorded about an incident, read again each time its postmortem is shown or exported.
public struct PostmortemFacts: Sendable, Equatable {
    public var incident: Incident
    public var milestones: IncidentMilestones
    public var events: [IncidentEvent]
    public var alerts: [StoredAlert]
    /// The incident's pages (deliveries whose key begins `incident:<id>:`), oldest first.
    public var pages: [Delivery]
    /// Names to show for component and contact ids; an id without one is shown as it is.
    public var componentNames: [String: String]
    public var contactNames: [String: String]

    public init(
        incident: Incident, milestones: IncidentMilestones, events: [IncidentEvent] = [], alerts: [StoredAlert] = [], pages: [Delivery] = [],
        componentNames: [String: String] = [:], contactNames: [String: String] = [:]
    ) {
        self.incident = incident
        self.milestones = milestones
        self.events = events
        self.alerts = alerts
        self.pages = pages
        self.componentNames = componentNames
        self.contactNames = contactNames
    }

    /// How long users were affected: from impact start (else detection) to mitigation (else resolution).
    public var impactSpan: (from: Milestone, to: Milestone, seconds: Double)? {
        let from: Milestone = milestones.time(.impactStarted) != nil ? .impactStarted : .detected
        let to: Milestone = milestones.time(.mitigated) != nil ? .mitigated : .resolved
        guard let seconds = milestones.seconds(from: from, to: to) else { return nil }
        return (from, to, max(0, seconds))
    }

    /// The events a postmortem's timeline shows beside the milestones: not the milestone lines
    /// themselves (the milestones are there) nor the pages (listed on their own).
    public var keyEvents: [IncidentEvent] { events.filter { $0.kind != .milestone && $0.kind != .pageQueued && $0.kind != .postmortem } }

    public var publicUpdates: [IncidentEvent] { events.filter { $0.isPublic && $0.kind == .update } }
}

/// A postmortem as Markdown, in one language with every time in one zone (said at the top).
public enum PostmortemMarkdown {
    public static func render(_ postmortem: Postmortem, facts: PostmortemFacts, language: Language, zone: TimeZone) -> String {
        let incident = facts.incident
        func t(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { language.text(phrase, values) }
        func time(_ date: Date) -> String {
            let civil = CivilTime(date, in: zone)
            return civil.dateText + " " + civil.minuteText + " (UTC" + civil.offsetText() + ")"
        }
        func line(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ") }
        func section(_ text: String) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? "_\(t(.postmortemNotWritten))_" : trimmed
        }
        func list(_ items: [String]) -> String { items.isEmpty ? "_\(t(.postmortemNone))_" : items.map { "- " + $0 }.joined(separator: "\n") }

        var out: [String] = []
        out.append("# " + t(.postmortemHeading, ["title": line(incident.title)]))
        out.append(list([
            t(.postmortemStateLine, ["state": postmortem.state.label(language)]) + (postmortem.isPublic ? " " + t(.postmortemOnStatusPage) : ""),
            t(.postmortemIncidentLine, ["id": incident.id]),
            // Foundation names UTC "GMT"; readers asked for UTC.
            t(.postmortemTimesIn, ["zone": zone.identifier == "GMT" ? "UTC" : zone.identifier]),
        ]))

        out.append("## " + t(.postmortemSummary))
        var summary = [
            t(.postmortemSeverityLine, ["severity": incident.severity.label(language)]),
            t(.postmortemImpactLine, ["impact": incident.impact.map { $0.label(language) } ?? t(.postmortemNotSaid)]),
        ]
        for metric in [ResponseMetric.mttd, .mtta, .mttm, .mttr] {
            guard let seconds = metric.seconds(facts.milestones) else { continue }
            summary.append(t(.postmortemMetricLine, [
                "metric": metric.label(language), "duration": DurationText.format(seconds, language: language),
                "from": metric.milestones.from.label(language), "to": metric.milestones.to.label(language),
            ]))
        }
        out.append(list(summary))

        out.append("## " + t(.postmortemImpact))
        let components = Array(Set(incident.components)).sorted().map { id in facts.componentNames[id].map { "\($0) (\(id))" } ?? id }
        var impact = [components.isEmpty ? t(.postmortemNoComponents) : t(.postmortemComponentsLine, ["components": components.joined(separator: language.listSeparator)])]
        if let span = facts.impactSpan {
            impact.append(t(.postmortemDurationLine, [
                "duration": DurationText.format(span.seconds, language: language), "from": span.from.label(language), "to": span.to.label(language),
            ]))
        } else {
            impact.append(t(.postmortemOngoing))
        }
        out.append(list(impact))

        out.append("## " + t(.postmortemTimeline))
        var timeline: [(Date, Int, String)] = []
        for (order, milestone) in Milestone.allCases.enumerated() {
            guard let at = facts.milestones.time(milestone) else { continue }
            var text = "\(time(at)) — **\(milestone.label(language))**"
            if let set = facts.milestones.set[milestone] { text += " (" + line(t(.milestoneByResponder, ["actor": set.actor, "reason": set.reason])) + ")" }
            timeline.append((at, order, text))
        }
        for event in facts.keyEvents {
            var text = "\(time(event.at)) — \(event.kind.label(language)) · \(line(event.actor))"
            if let detail = event.text(language), !detail.isEmpty { text += ": " + line(detail) }
            timeline.append((event.at, 100, text))
        }
        // Stable: by time, milestones before the events of the same moment, events in their order.
        let sorted = timeline.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }
        out.append(list(sorted.map(\.element.2)))

        out.append("## " + t(.postmortemAlerts))
        out.append(list(facts.alerts.map { alert in
            t(.postmortemAlertLine, [
                "summary": line(alert.summary), "source": alert.source ?? "—", "at": time(alert.firstAt), "status": alert.status.label(language),
            ])
        }))

        out.append("## " + t(.postmortemPages))
        out.append(list(facts.pages.map { page in
            let who = page.contactID.map { facts.contactNames[$0] ?? $0 } ?? page.address
            let outcome: String =
                switch page.state {
                case .sent: t(.postmortemPageDelivered, ["at": page.sentAt.map(time) ?? "—"])
                case .dead: t(.postmortemPageFailed)
                case .pending: t(.postmortemPageWaiting)
                case .withdrawn: t(.postmortemPageWithdrawn)
                }
            var text = "\(time(page.createdAt)) — " + t(.postmortemPageLine, ["contact": line(who), "channel": page.channel.rawValue, "outcome": outcome])
            if page.fallbackFrom != nil { text += " " + t(.postmortemFallback) }
            return text
        }))

        out.append("## " + t(.postmortemUpdates))
        out.append(list(facts.publicUpdates.map { "\(time($0.at)) — " + line($0.text(language) ?? "") }))

        out.append("## " + t(.postmortemRootCause))
        out.append(section(postmortem.sections.rootCause))
        out.append("## " + t(.postmortemWentWell))
        out.append(section(postmortem.sections.wentWell))
        out.append("## " + t(.postmortemWentWrong))
        out.append(section(postmortem.sections.wentWrong))
        out.append("## " + t(.postmortemActionItems))
        out.append(list(postmortem.sections.actionItems.map { item in
            (item.done ? "[x] " : "[ ] ") + t(.postmortemActionItemLine, ["title": line(item.title), "owner": line(item.owner), "due": item.due])
        }))
        out.append("## " + t(.postmortemPublicSummary))
        out.append(section(postmortem.sections.publicSummary.text(for: language) ?? ""))
        return out.joined(separator: "\n\n") + "\n"
    }
}

extension ResponseMetric {
    /// How people read its name.
    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .mtta: .metricMTTA
            case .mttr: .metricMTTR
            case .mttd: .metricMTTD
            case .mttm: .metricMTTM
            }
        return language.text(phrase)
    }
}

extension IncidentImpact {
    /// How people read it.
    public func label(_ language: Language) -> String {
        let phrase: Phrase =
            switch self {
            case .none: .impactNone
            case .minor: .impactMinor
            case .major: .impactMajor
            case .critical: .impactCritical
            }
        return language.text(phrase)
    }
}
