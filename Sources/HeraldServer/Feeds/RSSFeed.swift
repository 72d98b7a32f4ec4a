import HeraldApp
import Foundation
import HeraldCore

/// RSS 2.0 of the same items as the Atom feed, for readers that only take RSS.
struct RSSFeed {
    let items: [FeedItem]
    let settings: StatusPageSettings
    let baseURL: String
    let language: Language

    func render() -> String {
        let zone = settings.timeZone
        let built = items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        let entries = items.prefix(50).map { item in
            """
            <item><title>\(HTML.escape(item.title))</title><link>\(HTML.escape(item.link))</link>
            <guid isPermaLink="true">\(HTML.escape(item.link))</guid><pubDate>\(PublicTime.rfc822(item.updated, zone))</pubDate>
            <category>\(item.isMaintenance ? "maintenance" : "incident")</category>
            <description>\(HTML.escape(item.html(zone)))</description></item>
            """
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
            <title>\(HTML.escape(settings.name(language)))</title><link>\(HTML.escape(baseURL))/</link>
            <description>\(HTML.escape(settings.name(language)))</description><language>\(language == .zhCN ? "zh-cn" : "en")</language>
            <lastBuildDate>\(PublicTime.rfc822(built, zone))</lastBuildDate>
            <atom:link href="\(HTML.escape(baseURL))/feed.rss" rel="self" type="application/rss+xml"/>
            \(entries)
            </channel></rss>
            """
    }
}
