import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// An incident's postmortem: started once it is resolved, its sections written (a merge of the
    /// fields given), moved draft → in review → published, and read as JSON (with what Herald
    /// recorded, read again) or exported as Markdown in a language and zone.
    mutating func addPostmortemRoutes(store: Store) {
        let body = self.body
        on(.post, "/incidents/{id}/postmortem", role: .responder) { _, context in
            let id = try context.id()
            let made = try await store.createPostmortem(incidentID: id, actor: context.actor)
            return JSONResponse(PostmortemDocument(made, facts: try await store.postmortemFacts(incidentID: id)), status: .created)
        }
        on(.get, "/incidents/{id}/postmortem", role: .viewer) { _, context in
            let id = try context.id()
            let postmortem = try await Self.existingPostmortem(store, id)
            return JSONResponse(PostmortemDocument(postmortem, facts: try await store.postmortemFacts(incidentID: id)))
        }
        on(.patch, "/incidents/{id}/postmortem", role: .responder) { request, context in
            let id = try context.id()
            let current = try await Self.existingPostmortem(store, id)
            var reader = ObjectReader(try await body.read(request))
            var sections = current.sections
            func text(_ key: String) -> String? {
                guard reader.contains(key) else { return nil }
                if reader.raw(key) == .null { return "" }
                return reader.string(key)
            }
            sections.rootCause = text("root_cause") ?? sections.rootCause
            sections.wentWell = text("went_well") ?? sections.wentWell
            sections.wentWrong = text("went_wrong") ?? sections.wentWrong
            if reader.contains("public_summary") {
                // Replaced whole, as the action items are: the languages given, null for none.
                var summary = LocalizedText.empty
                for (language, written) in reader.languageTexts("public_summary", maximum: PostmortemRules.maximumText) { summary[language] = written }
                sections.publicSummary = summary
            }
            if reader.contains("action_items") {
                var items: [ActionItem] = []
                for (index, value) in reader.array("action_items").enumerated() {
                    var item = ObjectReader(value, prefix: "action_items[\(index)].")
                    let title = item.requiredString("title"), owner = item.requiredString("owner"), due = item.requiredString("due")
                    let done = item.bool("done") ?? false
                    reader.add(item.errorsIncludingUnknown())
                    items.append(ActionItem(title: title ?? "", owner: owner ?? "", due: due ?? "", done: done))
                }
                sections.actionItems = items
            }
            // The rules' problems with the fields read well, in the same answer as the reader's.
            if current.state != .published {
                let problems = PostmortemRules.edit(current, to: sections)
                reader.addUnreported(problems)
            }
            try reader.finish()
            let updated = try await store.updatePostmortem(incidentID: id, sections: sections)
            return JSONResponse(PostmortemDocument(updated, facts: try await store.postmortemFacts(incidentID: id)))
        }
        on(.post, "/incidents/{id}/postmortem/state", role: .responder) { request, context in
            let id = try context.id()
            _ = try await Self.existingPostmortem(store, id)
            var reader = ObjectReader(try await body.read(request))
            if !reader.contains("state") { reader.add([FieldError("state", .problemRequired)]) }
            let state = reader.enumeration("state", as: PostmortemState.self)
            let isPublic = reader.bool("public") ?? false
            try reader.finish()
            guard let state else { throw ValidationFailure(reader.errors) }
            let changed = try await store.changePostmortemState(incidentID: id, to: state, isPublic: isPublic)
            return JSONResponse(PostmortemDocument(changed, facts: try await store.postmortemFacts(incidentID: id)))
        }
        on(.get, "/incidents/{id}/postmortem/markdown", role: .viewer) { request, context in
            let id = try context.id()
            var errors: [FieldError] = []
            let parameters = request.uri.queryParameters
            let query = DocumentQuery(parameters, defaultZone: TimeZone(identifier: "UTC")!, errors: &errors)
            let (language, zone) = (query.language, query.zone)
            if !errors.isEmpty { throw Problem.invalid(errors) }
            let postmortem = try await Self.existingPostmortem(store, id)
            let markdown = PostmortemMarkdown.render(postmortem, facts: try await store.postmortemFacts(incidentID: id), language: language, zone: zone)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/markdown; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"postmortem-\(id.filter { $0.isLetter || $0.isNumber || $0 == "-" }).md\"",
                ],
                body: .init(byteBuffer: .init(string: markdown)))
        }
    }

    static func existingPostmortem(_ store: Store, _ id: String) async throws -> Postmortem {
        _ = try await store.incident(id: id)
        guard let postmortem = try await store.postmortem(incidentID: id) else { throw StoreError.notFound(kind: "postmortem", id: id) }
        return postmortem
    }
}

/// A postmortem as the API writes it: state, the written sections, and what Herald recorded.
struct PostmortemDocument: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var title: String
        var owner: String
        var due: String
        var done: Bool
    }
    struct Component: Encodable, Sendable {
        var id: String
        var name: String
    }
    struct Page: Encodable, Sendable {
        @Nullable var contact_id: String?
        @Nullable var contact_name: String?
        var channel: String
        var state: String
        var queued_at: Date
        @Nullable var sent_at: Date?
        var fallback: Bool
    }
    struct Impact: Encodable, Sendable {
        var components: [Component]
        @Nullable var seconds: Double?
        @Nullable var from: String?
        @Nullable var to: String?
    }
    var incident_id: String
    var title: String
    var severity: String
    @Nullable var impact_level: String?
    var state: String
    var created_by: String
    var created_at: Date
    var updated_at: Date
    @Nullable var published_at: Date?
    var `public`: Bool
    var public_summary: [String: String]
    var root_cause: String
    var went_well: String
    var went_wrong: String
    var action_items: [Item]
    var impact: Impact
    var milestones: MilestonesDocument
    var timeline: [IncidentEventDocument]
    var alerts: [AlertDocument]
    var pages: [Page]
    var public_updates: [IncidentEventDocument]

    init(_ postmortem: Postmortem, facts: PostmortemFacts) {
        incident_id = postmortem.incidentID
        title = facts.incident.title
        severity = facts.incident.severity.rawValue
        impact_level = facts.incident.impact?.rawValue
        state = postmortem.state.rawValue
        created_by = postmortem.createdBy
        created_at = postmortem.createdAt
        updated_at = postmortem.updatedAt
        published_at = postmortem.publishedAt
        `public` = postmortem.isPublic
        public_summary = Dictionary(Language.allCases.compactMap { language in postmortem.sections.publicSummary[language].map { (language.rawValue, $0) } }) { first, _ in first }
        root_cause = postmortem.sections.rootCause
        went_well = postmortem.sections.wentWell
        went_wrong = postmortem.sections.wentWrong
        action_items = postmortem.sections.actionItems.map { Item(title: $0.title, owner: $0.owner, due: $0.due, done: $0.done) }
        let span = facts.impactSpan
        impact = Impact(
            components: Array(Set(facts.incident.components)).sorted().map { Component(id: $0, name: facts.componentNames[$0] ?? $0) },
            seconds: span?.seconds, from: span?.from.rawValue, to: span?.to.rawValue)
        milestones = MilestonesDocument(facts.milestones)
        timeline = facts.keyEvents.map(IncidentEventDocument.init)
        alerts = facts.alerts.map(AlertDocument.init)
        pages = facts.pages.map { page in
            Page(
                contact_id: page.contactID, contact_name: page.contactID.flatMap { facts.contactNames[$0] }, channel: page.channel.rawValue,
                state: page.state.rawValue, queued_at: page.createdAt, sent_at: page.sentAt, fallback: page.fallbackFrom != nil)
        }
        public_updates = facts.publicUpdates.map(IncidentEventDocument.init)
    }
}
