import HeraldApp
import Foundation
import HeraldCore

/// Atom (RFC 4287) of incidents and maintenance: one entry each, updated with every public update.
struct AtomFeed {
    let items: [FeedItem]
    let settings: StatusPageSettings
    let baseURL: String
    let language: Language

    func render() -> String {
        let zone = settings.timeZone
        let updated = items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        let entries = items.prefix(50).map { item in
            """
            <entry><id>\(HTML.escape(item.id))</id><title>\(HTML.escape(item.title))</title>
            <link rel="alternate" type="text/html" href="\(HTML.escape(item.link))"/>
            <published>\(PublicTime.rfc3339(item.published, zone))</published><updated>\(PublicTime.rfc3339(item.updated, zone))</updated>
            <category term="\(item.isMaintenance ? "maintenance" : "incident")"/>
            <content type="html">\(HTML.escape(item.html(zone)))</content></entry>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(language.rawValue)">
            <id>\(HTML.escape(baseURL))/</id><title>\(HTML.escape(settings.name(language)))</title>
            <updated>\(PublicTime.rfc3339(updated, zone))</updated>
            <link rel="self" type="application/atom+xml" href="\(HTML.escape(baseURL))/feed.atom"/>
            <link rel="alternate" type="text/html" href="\(HTML.escape(baseURL))/"/>
            <author><name>\(HTML.escape(settings.name(language)))</name></author>
            \(entries)
            </feed>
            """
    }
}
