import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

/// The link in every page: the person paged acknowledges, resolves, adds a note or escalates from the
/// message, without an account. The link is signed for that incident and person and expires; GET only
/// shows the page, so a link preview or a mail scanner changes nothing; POST acts.
enum RespondRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, links: IncidentLinkSource, pipeline: AlertPipeline, zone: TimeZone) {
        router.get("/respond/{token}") { request, context in
            guard let (grant, incident) = try await verified(context, store: store, links: links) else { return PublicPage.expired(request) }
            return try await page(incident, grant: grant, request: request, store: store, zone: zone).html()
        }
        // A drill's page links its runbook through here, so its scorecard knows the runbook was
        // opened from a page; then on to the runbook. (A link preview that fetches it counts too.)
        router.get("/respond/{token}/runbook") { request, context in
            guard let (grant, incident) = try await verified(context, store: store, links: links), let runbook = incident.runbookURL
            else { return PublicPage.expired(request) }
            try await store.recordIncidentEvent(
                incidentID: incident.id, kind: .runbookOpened, actor: "contact:\(grant.contactID) (link)", detail: runbook)
            return Response(status: .seeOther, headers: [.location: runbook, .cacheControl: "no-store"])
        }
        router.post("/respond/{token}") { request, context in
            guard let (grant, incident) = try await verified(context, store: store, links: links) else { return PublicPage.expired(request) }
            var request = request
            let fields = try FormFields.parse(try await request.collectBody(upTo: 16384))
            let actor = "contact:\(grant.contactID) (link)"
            let language = self.language(request)
            func done(_ title: Phrase, _ text: String, status: HTTPResponse.Status = .ok, error: Bool = false, note: String = "") async throws
                -> Response
            {
                var shown = try await page(try await store.incident(id: incident.id), grant: grant, request: request, store: store, zone: zone)
                shown.banner = RespondPage.Banner(title: language.text(title), text: text, isError: error)
                shown.typedNote = note
                return shown.html(status: status)
            }
            switch fields["action"] {
            case "acknowledge":
                _ = try await store.acknowledgeIncident(id: grant.incidentID, actor: actor)
                return try await done(.respondAcknowledged, language.text(.respondAcknowledgedDone))
            case "resolve":
                if incident.resolvedAt != nil { return try await done(.respondResolved, language.text(.respondIsResolved)) }
                _ = try await store.postIncidentUpdate(
                    id: grant.incidentID, status: .resolved, message: "resolved from the page's link", isPublic: false, actor: actor, acknowledging: true)
                return try await done(.respondResolved, language.text(.respondResolvedDone))
            case "note":
                let typed = fields["note"] ?? ""
                let note = typed.trimmingCharacters(in: .whitespacesAndNewlines)
                // Checked before anything is written: a refused note stores nothing, and is shown again.
                if note.isEmpty {
                    return try await done(.respondBadRequest, language.text(.respondNoteMissing), status: .badRequest, error: true, note: typed)
                }
                if note.count > RespondPage.maximumNote {
                    return try await done(
                        .respondBadRequest, language.text(.respondNoteTooLong, ["maximum": String(RespondPage.maximumNote)]), status: .badRequest,
                        error: true, note: typed)
                }
                if !Validate.text(note, field: "note", maximum: RespondPage.maximumNote, multiline: true).isEmpty {
                    return try await done(.respondBadRequest, language.text(.respondNoteInvalid), status: .badRequest, error: true, note: typed)
                }
                _ = try await store.postIncidentUpdate(id: grant.incidentID, status: nil, message: note, isPublic: false, actor: actor)
                return try await done(.respondNoted, language.text(.respondNotedDone))
            case "escalate":
                switch try await pipeline.escalateNow(incidentID: grant.incidentID, actor: actor) {
                case .paged(let step, let queued):
                    context.logger.notice("incident escalated by hand", metadata: ["incident": "\(grant.incidentID)", "step": "\(step + 1)"])
                    return try await done(.respondEscalated, language.text(.respondEscalatedDone, ["step": String(step + 1), "count": String(queued)]))
                case .refused(let reason):
                    let why: Phrase =
                        switch reason {
                        case .resolved: .respondIsResolved
                        case .noPolicy: .respondNoPolicy
                        case .noFurtherStep, .page: .respondNoFurtherStep
                        }
                    return try await done(.respondNotEscalated, language.text(why), status: .conflict, error: true)
                }
            default:
                return try await done(.respondBadRequest, language.text(.respondUnknownAction), status: .badRequest, error: true)
            }
        }
    }

    /// The reader's language: `?lang=` wins, then the browser's preference (zh-CN unless English comes first).
    static func language(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters.get("lang"), let language = Language(rawValue: asked) { return language }
        return PublicPage.language(request)
    }

    /// The page as it stands, with times in the contact's zone (else the status page's).
    static func page(_ incident: Incident, grant: IncidentLinks.Grant, request: Request, store: Store, zone: TimeZone) async throws -> RespondPage {
        let contactZone = (try? await store.contact(id: grant.contactID)).flatMap { TimeZone(identifier: $0.timeZone) }
        return RespondPage(
            incident: incident, alerts: try await store.alerts(incidentID: incident.id), events: try await store.incidentEvents(incidentID: incident.id),
            zone: contactZone ?? zone, language: language(request))
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
