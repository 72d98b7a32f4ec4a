import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

/// The link in every page: the person paged acknowledges or resolves the incident from the message,
/// without an account. The link is signed for that incident and person and expires; GET only shows
/// the buttons, so a link preview or a mail scanner changes nothing.
enum RespondRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, links: IncidentLinkSource) {
        router.get("/respond/{token}") { request, context in
            guard let (_, incident) = try await verified(context, store: store, links: links) else { return PublicPage.expired(request) }
            let english = PublicPage.prefersEnglish(request)
            let title = HTML.escape(incident.title)
            let state = incident.resolvedAt != nil
                ? (english ? "Resolved." : "已解决。")
                : incident.acknowledgedAt != nil
                    ? (english ? "Acknowledged by \(HTML.escape(incident.acknowledgedBy ?? "")). " : "已由 \(HTML.escape(incident.acknowledgedBy ?? "")) 确认。")
                    : (english ? "Nobody has acknowledged it yet." : "尚无人确认。")
            let buttons = """
                <form method="post"><input type="hidden" name="action" value="acknowledge"><button type="submit">\(english ? "Acknowledge" : "确认处理")</button></form>
                <form method="post"><input type="hidden" name="action" value="resolve"><button type="submit">\(english ? "Resolve" : "标记为已解决")</button></form>
                """
            return PublicPage.html(
                request, zh: "<h1>\(title)</h1><p>事件 \(HTML.escape(incident.id))，\(incident.severity.rawValue) 级。\(state)</p>\(buttons)",
                en: "<h1>\(title)</h1><p>Incident \(HTML.escape(incident.id)), \(incident.severity.rawValue) severity. \(state)</p>\(buttons)")
        }
        router.post("/respond/{token}") { request, context in
            guard let (grant, _) = try await verified(context, store: store, links: links) else { return PublicPage.expired(request) }
            var request = request
            let fields = try FormFields.parse(try await request.collectBody(upTo: 4096))
            let actor = "contact:\(grant.contactID) (link)"
            switch fields["action"] {
            case "acknowledge":
                _ = try await store.acknowledgeIncident(id: grant.incidentID, actor: actor)
                return PublicPage.html(request, zh: "<h1>已确认</h1><p>事件已记录为由您处理。</p>", en: "<h1>Acknowledged</h1><p>The incident is yours.</p>")
            case "resolve":
                _ = try await store.postIncidentUpdate(
                    id: grant.incidentID, status: .resolved, message: "resolved from the page's link", isPublic: false, actor: actor, acknowledging: true)
                return PublicPage.html(request, zh: "<h1>已解决</h1><p>事件已标记为已解决。</p>", en: "<h1>Resolved</h1><p>The incident is resolved.</p>")
            default:
                throw Problem.invalid([FieldError("action", "must be acknowledge or resolve")])
            }
        }
    }

    static func verified(_ context: HeraldRequestContext, store: Store, links source: IncidentLinkSource) async throws
        -> (IncidentLinks.Grant, Incident)?
    {
        guard let links = try await source.links(), let token = context.parameters.get("token"),
            let grant = links.verify(token, now: store.now())
        else { return nil }
        guard let incident = try? await store.incident(id: grant.incidentID) else { return nil }
        return (grant, incident)
    }
}
