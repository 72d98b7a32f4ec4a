import Foundation
import HeraldCore

/// A page about an incident: what a responder needs to act on it — how many alerts, since when (in
/// the reader's zone), the labels and details that matter, the runbook, and the signed link that
/// acknowledges or resolves. Short enough for SMS and plain enough to read aloud in those groups.
struct IncidentPage {
    let incidentID: String
    let alert: IncomingAlert
    /// How many alerts the incident holds.
    let alertCount: Int
    let severity: Severity
    let integration: String
    let language: Language
    /// The reader's zone, for when it started.
    let timeZone: TimeZone
    /// The signed link that acknowledges or resolves from the message itself.
    let respondURL: String?
    let runbookURL: String?
    /// Set when this page begins its team's alert storm: it says so, and what comes instead of pages.
    var storm: StormOpening? = nil
    /// A drill's or a test's page says so first, in every channel's text.
    var kind: IncidentKind = .real

    var label: String {
        let phrase: Phrase =
            switch severity {
            case .high: .pageMarkHigh
            case .medium: .pageMarkMedium
            case .low: .pageMarkLow
            }
        return language.text(phrase)
    }

    var subject: String { kind.marker(language) + label + (storm.map { $0.subject(language, incidentID: incidentID) } ?? alert.summary) }

    var details: ResponderDetails { ResponderDetails.of(labels: alert.labels, details: alert.annotations) }

    /// A drill's runbook is linked through the respond link, which records that it was opened.
    var trackedRunbook: String? {
        guard kind != .real, runbookURL != nil, let respondURL else { return nil }
        return respondURL + "/runbook"
    }

    var started: String { language.text(.pageStarted, ["time": ReadableTime.string(alert.occurredAt, timeZone)]) }

    /// The text for a channel of `group`: spoken, SMS, webhook JSON, or written out for IM and email.
    func text(for group: ChannelGroup?) -> String {
        let source = alert.source.map { language.text(.pageSource, ["source": $0]) }
        let incident = language.text(.pageIncident, ["id": incidentID, "integration": integration])
        let respond = respondURL.map { language.text(.pageRespond, ["url": $0]) }
        let runbook = runbookURL.map { language.text(.pageRunbook, ["url": trackedRunbook ?? $0]) }
        let count = language.text(.pageAlertCount, ["count": String(alertCount)])
        let join = language.text(.pageSentenceJoin)
        switch group {
        case .voice?:
            return [subject, alertCount > 1 ? count : nil, source, incident].compactMap { $0 }.joined(separator: join)
        case .sms?:
            return [subject, alertCount > 1 ? count : nil, started, incident, runbook, respond].compactMap { $0 }.joined(separator: join)
        case .webhook?:
            let object: [String: Any] = [
                "event": "incident.opened", "incident_id": incidentID, "kind": kind.rawValue, "severity": severity.rawValue, "summary": alert.summary,
                "source": alert.source ?? NSNull(), "labels": alert.labels, "details": alert.annotations, "integration": integration,
                "alert_count": alertCount, "started_at": RFC3339.write(alert.occurredAt),
                "respond_url": respondURL ?? NSNull(), "runbook_url": runbookURL ?? NSNull(),
            ]
            var storming = object
            if let storm { storming["storm"] = storm.json }
            let data = (try? JSONSerialization.data(withJSONObject: storming, options: [.sortedKeys])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        default:
            let details = self.details
            let labels = details.labels.isEmpty
                ? nil : language.text(.pageLabels, ["labels": details.labels.map { "\($0.name)=\($0.value)" }.joined(separator: language.listSeparator)])
            let detailLines = details.details.isEmpty
                ? [] : [language.text(.pageDetails)] + details.details.map { language.text(.pageDetailItem, ["name": $0.name, "value": $0.value]) }
            let more = details.omitted > 0 ? language.text(.pageMore, ["count": String(details.omitted)]) : nil
            let links = alert.links.filter { $0 != runbookURL }.map { "- \($0)" }
            let stormLines: [String?] = storm.map { [$0.body(language), ""] } ?? []
            let lines: [String?] = [subject, ""] + stormLines + [count, started, source, incident, labels] + detailLines + [more, runbook, respond]
            return (lines + (links.isEmpty ? [] : [""] + links)).compactMap { $0 }.joined(separator: "\n")
        }
    }

    /// The buttons an IM page carries.
    var actions: [MessageAction] { Self.respondButtons(respondURL, language) }

    /// Acknowledge and resolve, both opening the signed respond page, where a POST acts (a link
    /// preview only reads it); none without a link. Every IM message about an incident carries them.
    static func respondButtons(_ respondURL: String?, _ language: Language) -> [MessageAction] {
        guard let respondURL else { return [] }
        return [
            MessageAction(label: language.text(.pageButtonAcknowledge), url: respondURL + "#acknowledge"),
            MessageAction(label: language.text(.pageButtonResolve), url: respondURL + "#resolve"),
        ]
    }
}

/// Tells responders which alerts joined an incident they were already paged about.
struct IncidentUpdatePage {
    let incident: Incident
    let joined: [StoredAlert]
    let language: Language
    let respondURL: String?

    var subject: String {
        incident.kind.marker(language) + language.text(.pageUpdateSubject, ["id": incident.id, "count": String(joined.count), "title": incident.title])
    }

    /// The text for a channel of `group`: the subject for SMS, webhook JSON, the list of alerts for the rest.
    func text(for group: ChannelGroup?) -> String {
        let lines = joined.prefix(10).map { alert -> String in
            let labels = ResponderDetails.of(labels: alert.labels, details: [:]).labels.prefix(3).map { "\($0.name)=\($0.value)" }
            return "- \(alert.summary)" + (labels.isEmpty ? "" : " (\(labels.joined(separator: language.listSeparator)))")
        } + (joined.count > 10 ? ["- …"] : [])
        let respond = respondURL.map { language.text(.pageRespond, ["url": $0]) }
        switch group {
        case .sms?:
            return [subject, respond].compactMap { $0 }.joined(separator: language.text(.pageSentenceJoin))
        case .webhook?:
            let object: [String: Any] = [
                "event": "incident.alerts_joined", "incident_id": incident.id, "kind": incident.kind.rawValue, "severity": incident.severity.rawValue,
                "alerts": joined.map { ["dedup_key": $0.dedupKey, "summary": $0.summary, "labels": $0.labels, "details": $0.annotations] as [String: Any] },
                "respond_url": respondURL ?? NSNull(),
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self)
        default:
            return ([subject, ""] + lines + (respond.map { ["", $0] } ?? [])).joined(separator: "\n")
        }
    }

    var actions: [MessageAction] { IncidentPage.respondButtons(respondURL, language) }
}
