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
            let title = HTML.escape(incident.title)
            return PublicPage.html(request) { language in
                let state =
                    incident.resolvedAt != nil
                    ? language.text(.respondStateResolved)
                    : incident.acknowledgedAt != nil
                        ? language.text(.respondStateAcknowledged, ["who": HTML.escape(incident.acknowledgedBy ?? "")])
                        : language.text(.respondStateOpen)
                let facts = language.text(.respondFacts, ["id": HTML.escape(incident.id), "severity": incident.severity.label(language), "state": state])
                return """
                    <h1>\(title)</h1><p>\(facts)</p>
                    <form method="post"><input type="hidden" name="action" value="acknowledge"><button type="submit">\(language.text(.respondAcknowledge))</button></form>
                    <form method="post"><input type="hidden" name="action" value="resolve"><button type="submit">\(language.text(.respondResolve))</button></form>
                    """
            }
        }
        router.post("/respond/{token}") { request, context in
            guard let (grant, _) = try await verified(context, store: store, links: links) else { return PublicPage.expired(request) }
            var request = request
            let fields = try FormFields.parse(try await request.collectBody(upTo: 4096))
            let actor = "contact:\(grant.contactID) (link)"
            switch fields["action"] {
            case "acknowledge":
                _ = try await store.acknowledgeIncident(id: grant.incidentID, actor: actor)
                return PublicPage.html(request) { "<h1>\($0.text(.respondAcknowledged))</h1><p>\($0.text(.respondAcknowledgedDone))</p>" }
            case "resolve":
                _ = try await store.postIncidentUpdate(
                    id: grant.incidentID, status: .resolved, message: "resolved from the page's link", isPublic: false, actor: actor, acknowledging: true)
                return PublicPage.html(request) { "<h1>\($0.text(.respondResolved))</h1><p>\($0.text(.respondResolvedDone))</p>" }
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
