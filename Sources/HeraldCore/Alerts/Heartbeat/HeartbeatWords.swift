import Foundation

/// What a heartbeat decision says: the alert sent through the pipeline, and the timeline's words in
/// every language, with times in a named zone.
public enum HeartbeatWords {
    /// The alert the pipeline is sent for `decision`; nil when the decision sends none. Its title is
    /// in `language` (the status page's), as an incident has one title.
    public static func alert(for monitor: HeartbeatMonitor, _ decision: HeartbeatDecision, at now: Date, language: Language) -> IncomingAlert? {
        guard let action = decision.alert else { return nil }
        let phrase: Phrase = decision.outcome == .failed ? .heartbeatFailedTitle : .heartbeatLateTitle
        var labels = monitor.labels
        labels["heartbeat"] = monitor.name
        return IncomingAlert(
            action: action == .trigger ? .trigger : .resolve, dedupKey: monitor.dedupKey, summary: language.text(phrase, ["name": monitor.name]),
            source: monitor.name, sourceSeverity: monitor.severity.rawValue, labels: labels, occurredAt: now)
    }

    /// The timeline line for `decision` about `monitor` as it was before, in each language; empty
    /// when the decision is not worth a line (a beat in time).
    public static func timeline(_ monitor: HeartbeatMonitor, _ decision: HeartbeatDecision, at now: Date, zone: TimeZone) -> [Language: String] {
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            let period = DurationText.format(monitor.period, language: language)
            let grace = DurationText.format(monitor.grace, language: language)
            switch decision.outcome {
            case .late:
                let phrase: Phrase = monitor.lastBeatAt == nil ? .heartbeatLateNever : .heartbeatLate
                texts[language] = language.text(
                    phrase, ["since": time(monitor.facts.lastSign, zone), "period": period, "grace": grace])
            case .failed:
                texts[language] = language.text(.heartbeatFailed, ["at": time(now, zone)])
            case .recovered:
                let down = DurationText.format(now.timeIntervalSince(monitor.facts.lastSign), language: language)
                texts[language] = language.text(.heartbeatRecovered, ["at": time(now, zone), "down": down])
            case .onTime, .unchanged:
                return [:]
            }
        }
        return texts
    }

    /// "2026-03-02 10:05 Asia/Shanghai": every time shown says its zone.
    public static func time(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return "\(formatter.string(from: date)) \(zone.identifier)"
    }
}
