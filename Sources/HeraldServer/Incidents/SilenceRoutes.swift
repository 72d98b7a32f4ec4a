import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Hand-made silences: alerts they match are recorded on the timeline and page nobody.
    mutating func addSilenceRoutes(store: Store) {
        let body = self.body
        on(.get, "/silences", role: .viewer) { request, _ in
            JSONResponse(ListPage("silences", try await store.silences(at: store.now(), page: try request.pageRequest()).map(SilenceDocument.init)))
        }
        on(.post, "/silences", role: .responder) { request, context in
            let silence = try Self.silence(try await body.read(request), actor: context.actor, now: store.now())
            return JSONResponse(SilenceDocument(try await store.createSilence(silence)), status: .created)
        }
        on(.delete, "/silences/{id}", role: .responder) { _, context in
            JSONResponse(SilenceDocument(try await store.expireSilence(id: try context.id())))
        }
    }

    /// `{"matchers":[{"name":"alertname","value":"DiskFull"},{"name":"instance","value":"db-.*","is_regex":true}],
    ///   "ends_at":"2026-11-22T12:00:00+08:00","comment":"扩容中"}`; `starts_at` defaults to now.
    static func silence(_ value: JSONValue, actor: String, now: Date) throws -> Silence {
        var reader = ObjectReader(value)
        var matchers: [LabelMatcher] = []
        if !reader.contains("matchers") { reader.add([FieldError("matchers", "is required")]) }
        for (index, item) in reader.array("matchers").enumerated() {
            if let matcher = labelMatcher(item, field: "matchers[\(index)]", into: &reader) { matchers.append(matcher) }
        }
        if reader.contains("matchers"), matchers.isEmpty, !reader.reported("matchers") {
            reader.add([FieldError("matchers", "needs at least one matcher; a silence of everything would hide every alert")])
        }
        let startsAt = reader.time("starts_at", required: false) ?? now
        let endsAt = reader.time("ends_at", required: true)
        if let endsAt, endsAt <= startsAt { reader.add([FieldError("ends_at", "must be after starts_at")]) }
        let comment = reader.requiredString("comment")
        if let comment { reader.add(Validate.text(comment, field: "comment", maximum: 500)) }
        try reader.finish()
        return Silence(
            id: Identifier.make(), matchers: matchers, startsAt: startsAt, endsAt: endsAt ?? now, createdBy: actor, comment: comment ?? "")
    }
}

struct SilenceDocument: Encodable, Sendable {
    struct Matcher: Encodable, Sendable {
        var name: String
        var value: String
        var is_regex: Bool
        var is_equal: Bool
    }

    var id: String
    var matchers: [Matcher]
    var starts_at: Date
    var ends_at: Date
    var created_by: String
    var comment: String

    init(_ silence: Silence) {
        id = silence.id
        matchers = silence.matchers.map { Matcher(name: $0.name, value: $0.value, is_regex: $0.isRegex, is_equal: $0.isEqual) }
        starts_at = silence.startsAt
        ends_at = silence.endsAt
        created_by = silence.createdBy
        comment = silence.comment
    }
}

