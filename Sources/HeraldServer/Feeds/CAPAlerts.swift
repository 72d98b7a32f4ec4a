import HeraldApp
import Foundation
import HeraldCore

/// Incidents and maintenance as OASIS CAP 1.2 messages: each public update is one message; the
/// first is an Alert, the later ones Updates that reference every earlier one, and a cancelled
/// maintenance ends with a Cancel. Recovery is an Update with urgency Past.
struct CAPAlerts {
    struct Message {
        var identifier: String
        var sent: Date
        var msgType: String
        var references: [(identifier: String, sent: Date)]
        var infos: [Info]
        var link: String
    }

    struct Info {
        var language: Language
        var event: String
        var urgency: String
        var severity: String
        var certainty: String
        var onset: Date?
        var expires: Date?
        var headline: String
        var description: String
        var instruction: String?
    }

    let snapshot: PublicSnapshot
    let settings: StatusPageSettings
    let baseURL: String

    var sender: String { "herald@" + (URL(string: baseURL)?.host ?? "localhost") }

    static func capSeverity(_ severity: Severity) -> String {
        switch severity {
        case .high: "Severe"
        case .medium: "Moderate"
        case .low: "Minor"
        }
    }

    /// Identifiers may not hold spaces, commas or markup characters.
    static func identifier(_ parts: String...) -> String {
        parts.joined(separator: "-").map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" ? $0 : "_" }.map(String.init).joined()
    }

    /// Every message, newest first.
    var messages: [Message] {
        var all: [Message] = []
        for item in snapshot.incidents {
            let incident = item.incident
            // Responders write an incident's updates in one language: the page's.
            let language = settings.language
            let updates = item.publicUpdates(language)
            var earlier: [(String, Date)] = []
            for (index, update) in updates.enumerated() {
                let id = Self.identifier(settings.pageID, "incident", incident.id, String(index))
                let resolved = update.status == IncidentStatus.resolved.rawValue
                all.append(Message(
                    identifier: id, sent: update.at, msgType: index == 0 ? "Alert" : "Update", references: earlier,
                    infos: [
                        Info(
                            language: language, event: language.text(.capEventIncident), urgency: resolved ? "Past" : "Immediate",
                            severity: Self.capSeverity(incident.severity), certainty: "Observed", onset: incident.createdAt, expires: nil,
                            headline: incident.title, description: update.body, instruction: nil)
                    ], link: "\(baseURL)/incidents/\(incident.id)"))
                earlier.append((id, update.at))
            }
        }
        for item in snapshot.maintenances {
            let notice = item.notice
            let content = notice.content
            var earlier: [(String, Date)] = []
            for (index, update) in item.updates.enumerated() {
                let id = Self.identifier(settings.pageID, "maintenance", notice.id, String(update.id))
                let (msgType, urgency, certainty): (String, String, String) =
                    switch update.step {
                    case .cancellation: ("Cancel", "Past", "Unlikely")
                    case .completion: (index == 0 ? "Alert" : "Update", "Past", "Observed")
                    case .start, .extended: (index == 0 ? "Alert" : "Update", "Immediate", "Observed")
                    case .announcement, .reminder, .rescheduled, .test: (index == 0 ? "Alert" : "Update", "Future", "Likely")
                    }
                all.append(Message(
                    identifier: id, sent: update.at, msgType: msgType, references: earlier,
                    infos: content.languages.sorted { $0.rawValue > $1.rawValue }.map { language in
                        Info(
                            language: language, event: language.text(.capEventMaintenance), urgency: urgency,
                            severity: Self.capSeverity(content.severity), certainty: certainty, onset: item.start, expires: item.end,
                            headline: content.title.text(for: language) ?? "", description: update.text(language),
                            instruction: content.precautions.text(for: language))
                    }, link: "\(baseURL)/maintenance/\(notice.id)"))
                earlier.append((id, update.at))
            }
        }
        // Newest first; messages sent in the same instant keep their order of issue, reversed.
        return all.enumerated().sorted { ($0.element.sent, $0.offset) > ($1.element.sent, $1.offset) }.map(\.element)
    }

    /// One message as a CAP 1.2 document, its elements in the schema's order.
    func xml(_ message: Message, declaration: Bool = true) -> String {
        let zone = settings.timeZone
        func element(_ name: String, _ value: String?) -> String {
            value.map { "<\(name)>\(HTML.escape($0))</\(name)>" } ?? ""
        }
        let references = message.references.isEmpty
            ? "" : element("references", message.references.map { "\(sender),\($0.identifier),\(PublicTime.rfc3339($0.sent, zone))" }.joined(separator: " "))
        let infos = message.infos.map { info in
            "<info>" + element("language", info.language == .zhCN ? "zh-CN" : "en-US") + "<category>Infra</category>" + element("event", info.event)
                + element("urgency", info.urgency) + element("severity", info.severity) + element("certainty", info.certainty)
                + element("effective", PublicTime.rfc3339(message.sent, zone)) + element("onset", info.onset.map { PublicTime.rfc3339($0, zone) })
                + element("expires", info.expires.map { PublicTime.rfc3339($0, zone) }) + element("senderName", settings.name(info.language))
                + element("headline", String(info.headline.prefix(160))) + element("description", info.description)
                + element("instruction", info.instruction.flatMap { $0.isEmpty ? nil : $0 }) + element("web", message.link) + "</info>"
        }.joined()
        return (declaration ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "")
            + "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + element("identifier", message.identifier) + element("sender", sender)
            + element("sent", PublicTime.rfc3339(message.sent, zone)) + "<status>Actual</status>" + element("msgType", message.msgType)
            + "<scope>Public</scope>" + references + infos + "</alert>\n"
    }

    /// CAP over Atom: one entry per message, embedding it and linking to it.
    func atom() -> String {
        let zone = settings.timeZone
        let all = messages.prefix(50)
        let updated = all.first?.sent ?? Date(timeIntervalSince1970: 0)
        let entries = all.map { message in
            """
            <entry><id>\(HTML.escape(baseURL))/cap/\(message.identifier).xml</id>
            <title>\(HTML.escape(message.infos.first?.headline ?? message.identifier))</title>
            <updated>\(PublicTime.rfc3339(message.sent, zone))</updated>
            <link rel="alternate" type="application/cap+xml" href="\(HTML.escape(baseURL))/cap/\(message.identifier).xml"/>
            <content type="application/cap+xml">\(xml(message, declaration: false))</content></entry>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(HTML.escape(baseURL))/cap.atom</id><title>\(HTML.escape(settings.name(settings.language))) (CAP)</title>
            <updated>\(PublicTime.rfc3339(updated, zone))</updated>
            <link rel="self" type="application/atom+xml" href="\(HTML.escape(baseURL))/cap.atom"/>
            <author><name>\(HTML.escape(settings.name(settings.language)))</name></author>
            \(entries)
            </feed>
            """
    }
}
