import HeraldApp
import Foundation
import HeraldCore

/// An incident or a maintenance as feeds list it: one entry, updated with every public update.
struct FeedItem {
    var id: String
    var title: String
    var link: String
    var published: Date
    var updated: Date
    var updates: [PublicUpdate]
    var isMaintenance: Bool

    /// Incidents and maintenance, most recently updated first.
    static func all(_ snapshot: PublicSnapshot, language: Language, baseURL: String) -> [FeedItem] {
        let incidents = snapshot.incidents.map { item in
            // A published postmortem is the entry's last word.
            let updates = item.publicUpdates(language) + [item.postmortem(language)].compactMap { $0 }
            return FeedItem(
                id: "\(baseURL)/incidents/\(item.incident.id)", title: item.incident.title, link: "\(baseURL)/incidents/\(item.incident.id)",
                published: item.incident.createdAt, updated: updates.last?.at ?? item.incident.createdAt, updates: updates, isMaintenance: false)
        }
        let maintenances = snapshot.maintenances.map { item in
            let updates = item.publicUpdates(language)
            let published = item.notice.publishedAt ?? item.notice.createdAt
            return FeedItem(
                id: "\(baseURL)/maintenance/\(item.notice.id)", title: item.notice.content.title.text(for: language) ?? "",
                link: "\(baseURL)/maintenance/\(item.notice.id)", published: published, updated: updates.last?.at ?? published,
                updates: updates, isMaintenance: true)
        }
        return (incidents + maintenances).sorted { $0.updated > $1.updated }
    }

    /// The updates, newest first, as HTML (escaped here; the feed escapes it again as text).
    func html(_ zone: TimeZone) -> String {
        updates.reversed().map { update in
            "<p><small>\(HTML.escape(PublicTime.readable(update.at, zone)))</small><br><strong>\(HTML.escape(update.status))</strong> - "
                + HTML.escape(update.body).replacingOccurrences(of: "\n", with: "<br>") + "</p>"
        }.joined()
    }
}
