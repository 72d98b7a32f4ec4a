import HeraldApp
import Foundation
import HTTPTypes
import HeraldCore
import Hummingbird
import NIOCore

/// The public side: the status page, Statuspage-compatible JSON, and the feeds. No token needed.
enum StatusPageRoutes {
    static func add(to router: Router<HeraldRequestContext>, site: PublicSite) {
        router.get("/") { request, _ in
            let language = language(request, site.settings)
            return try await cached(request, site: site, key: "home.\(language.rawValue)", type: "text/html; charset=utf-8") { snapshot in
                StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language).home()
            }
        }
        router.get("/history") { request, _ in
            let language = language(request, site.settings)
            return try await cached(request, site: site, key: "history.\(language.rawValue)", type: "text/html; charset=utf-8") { snapshot in
                StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language).history()
            }
        }
        router.get("/incidents/{id}") { request, context in
            try await detail(request, context: context, site: site) { snapshot, id, page in
                snapshot.incidents.first { $0.incident.id == id }.map(page.incidentPage)
            }
        }
        router.get("/maintenance/{id}") { request, context in
            try await detail(request, context: context, site: site) { snapshot, id, page in
                snapshot.maintenances.first { $0.notice.id == id }.map(page.maintenancePage)
            }
        }
        for path in StatuspageJSON.paths {
            router.get(RouterPath("/api/v2/" + path)) { request, _ in
                let base = site.baseURL(request)
                return try await cached(request, site: site, key: "json:\(path)@\(base)", type: "application/json; charset=utf-8") { snapshot in
                    try StatuspageJSON(snapshot: snapshot, settings: site.settings, baseURL: base).render(path) ?? "{}"
                }
            }
        }
        router.get("/feed.atom") { request, _ in
            let base = site.baseURL(request)
            let language = site.settings.language
            return try await cached(request, site: site, key: "atom@\(base)", type: "application/atom+xml; charset=utf-8") { snapshot in
                AtomFeed(items: FeedItem.all(snapshot, language: language, baseURL: base), settings: site.settings, baseURL: base, language: language)
                    .render()
            }
        }
        router.get("/feed.rss") { request, _ in
            let base = site.baseURL(request)
            let language = site.settings.language
            return try await cached(request, site: site, key: "rss@\(base)", type: "application/rss+xml; charset=utf-8") { snapshot in
                RSSFeed(items: FeedItem.all(snapshot, language: language, baseURL: base), settings: site.settings, baseURL: base, language: language)
                    .render()
            }
        }
        router.get("/maintenance.ics") { request, _ in
            let base = site.baseURL(request)
            let filter = request.uri.queryParameters.get("components").map {
                Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            let key = "ics@\(base)?" + (filter.map { $0.sorted().joined(separator: ",") } ?? "*")
            let language = language(request, site.settings)
            return try await cached(request, site: site, key: key + language.rawValue, type: "text/calendar; charset=utf-8") { snapshot in
                MaintenanceCalendar(
                    maintenances: MaintenanceCalendar.filter(snapshot.maintenances, components: filter), settings: site.settings, baseURL: base,
                    language: language, now: snapshot.generatedAt
                ).render()
            }
        }
        router.get("/cap.atom") { request, _ in
            let base = site.baseURL(request)
            return try await cached(request, site: site, key: "cap.atom@\(base)", type: "application/atom+xml; charset=utf-8") { snapshot in
                CAPAlerts(snapshot: snapshot, settings: site.settings, baseURL: base).atom()
            }
        }
        router.get("/cap.xml") { request, _ in
            try await capMessage(request, site: site, identifier: nil)
        }
        router.get("/cap/{file}") { request, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".xml") else { throw HTTPError(.notFound) }
            return try await capMessage(request, site: site, identifier: String(file.dropLast(4)))
        }
    }

    /// The page of one incident or maintenance, which `render` finds in the snapshot by id; 404 when
    /// the public cannot see it.
    static func detail(
        _ request: Request, context: HeraldRequestContext, site: PublicSite,
        render: (PublicSnapshot, String, StatusPageHTML) -> String?
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        let language = language(request, site.settings)
        let (snapshot, version) = try await site.snapshot()
        let page = StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language)
        guard let html = render(snapshot, id, page) else {
            return respond(request, body: ByteBuffer(string: page.notFound()), version: nil, type: "text/html; charset=utf-8", status: .notFound)
        }
        return respond(request, body: ByteBuffer(string: html), version: version + language.rawValue + id, type: "text/html; charset=utf-8")
    }

    /// One CAP message: the newest (`/cap.xml`) or the one with `identifier`.
    static func capMessage(_ request: Request, site: PublicSite, identifier: String?) async throws -> Response {
        let base = site.baseURL(request)
        let (snapshot, version) = try await site.snapshot()
        let alerts = CAPAlerts(snapshot: snapshot, settings: site.settings, baseURL: base)
        let messages = alerts.messages
        guard let message = identifier.map({ id in messages.first { $0.identifier == id } }) ?? messages.first else {
            throw Problem(.notFound, title: "No such alert", detail: identifier == nil ? "Nothing has been announced yet." : "No CAP message with that identifier.")
        }
        return respond(request, body: ByteBuffer(string: alerts.xml(message)), version: version + message.identifier, type: "application/cap+xml; charset=utf-8")
    }

    /// The reader's language: `?lang=` wins, then the browser's preference, then the page's default.
    static func language(_ request: Request, _ settings: StatusPageSettings) -> Language {
        if let asked = request.uri.queryParameters.get("lang"), let language = Language(rawValue: asked) { return language }
        guard let accepted = request.headers[.acceptLanguage], !accepted.isEmpty else { return settings.language }
        return PublicPage.prefersEnglish(request) ? .en : (accepted.lowercased().contains("zh") ? .zhCN : settings.language)
    }

    static func cached(
        _ request: Request, site: PublicSite, key: String, type: String, make: @escaping @Sendable (PublicSnapshot) throws -> String
    ) async throws -> Response {
        let (body, version) = try await site.body(key, make: make)
        return respond(request, body: body, version: version + key, type: type)
    }

    /// Answers with `body`, or 304 when the reader already has this version.
    static func respond(
        _ request: Request, body: ByteBuffer, version: String?, type: String, status: HTTPResponse.Status = .ok
    ) -> Response {
        var headers: HTTPFields = [
            .contentType: type, .cacheControl: "public, max-age=30", .accessControlAllowOrigin: "*", .vary: "Accept-Language",
        ]
        if let version {
            let tag = "\"" + ETag.fingerprint(version) + "\""
            headers[.eTag] = tag
            if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag }) == true {
                return Response(status: .notModified, headers: headers)
            }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

extension PublicSite {
    /// Links point at `server.public_url`, else at the host the reader used.
    nonisolated func baseURL(_ request: Request) -> String {
        if let publicURL { return publicURL }
        let host = request.head.authority ?? "localhost"
        return "http://\(host)"
    }
}

/// ETags for the public side.
enum ETag {
    /// A short, stable fingerprint of a version (FNV-1a): it only has to change when the version does.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
