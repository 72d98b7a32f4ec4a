import HeraldApp
import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Planned-downtime notices: compose, check, preview, test-send, publish, extend, complete, cancel.
    mutating func addNoticeRoutes(notices: NoticeService) {
        let body = self.body
        let store = notices.store
        on(.get, "/notices", role: .viewer) { request, _ in
            var states: [NoticeState] = []
            if let text = request.uri.queryParameters["state"] {
                for name in text.split(separator: ",") {
                    guard let state = NoticeState(rawValue: String(name)) else {
                        throw Problem.invalid([FieldError("state", "must be one of \(NoticeState.allCases.map(\.rawValue).joined(separator: ", "))")])
                    }
                    states.append(state)
                }
            }
            return JSONResponse(ListPage("notices", try await store.notices(states: states, page: try request.pageRequest()).map(NoticeDocument.init)))
        }
        on(.post, "/notices", role: .responder) { request, context in
            let content = try NoticeBody.draft(try await body.read(request))
            return JSONResponse(NoticeDocument(notice: try await store.createNotice(content, createdBy: context.actor)), status: .created)
        }
        on(.get, "/notices/{id}", role: .viewer) { _, context in
            JSONResponse(NoticeDocument(notice: try await store.notice(id: try context.id())))
        }
        on(.put, "/notices/{id}", role: .responder) { request, context in
            let content = try NoticeBody.draft(try await body.read(request))
            return JSONResponse(NoticeDocument(notice: try await store.updateNotice(id: try context.id(), content, actor: context.actor)))
        }
        on(.post, "/notices/{id}/check", role: .responder) { _, context in
            let notice = try await store.notice(id: try context.id())
            return JSONResponse(CheckDocument(try await notices.check(notice.content, id: notice.id)))
        }
        on(.get, "/notices/{id}/preview", role: .viewer) { request, context in
            let stepKey = request.uri.queryParameters["step"].map(String.init) ?? "announcement"
            guard let step = NoticeStep(key: stepKey) else {
                throw Problem.invalid([FieldError("step", "must be announcement, reminder-MINUTES, start, extension-N, completion, cancellation or test-N")])
            }
            let notice = try await store.notice(id: try context.id())
            return JSONResponse(PreviewDocument(step: step.key, messages: try await notices.preview(notice, step: step).messages))
        }
        on(.post, "/notices/{id}/test-send", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let audience = reader.requiredString("audience")
            try reader.finish()
            guard let audience else { throw ValidationFailure(reader.errors) }
            let sent = try await notices.testSend(id: try context.id(), audience: audience, actor: context.actor)
            return JSONResponse(AnnouncementDocument(announcement: sent), status: .created)
        }
        on(.post, "/notices/{id}/publish", role: .responder) { request, context in
            let reason = try await body.optionalText("short_notice_reason", in: request)
            do {
                return JSONResponse(NoticeDocument(notice: try await notices.publish(id: try context.id(), actor: context.actor, shortNoticeReason: reason)))
            } catch let refused as NoticeRefused {
                throw Problem(
                    .unprocessableContent, title: "The notice cannot be published",
                    detail: refused.report.errors.map(\.description).joined(separator: "; "), errors: refused.report.errors)
            }
        }
        on(.post, "/notices/{id}/extend", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let end = reader.time("planned_end", required: true)
            let reason = reader.string("reason")
            if let reason { reader.add(Validate.text(reason, field: "reason", maximum: 1000, multiline: true)) }
            try reader.finish()
            guard let end else { throw ValidationFailure(reader.errors) }
            return JSONResponse(NoticeDocument(notice: try await notices.extend(id: try context.id(), until: end, reason: reason, actor: context.actor)))
        }
        on(.post, "/notices/{id}/complete", role: .responder) { _, context in
            JSONResponse(NoticeDocument(notice: try await notices.complete(id: try context.id(), actor: context.actor)))
        }
        on(.post, "/notices/{id}/cancel", role: .responder) { request, context in
            let reason = try await body.optionalText("reason", in: request)
            return JSONResponse(NoticeDocument(notice: try await notices.cancel(id: try context.id(), reason: reason, actor: context.actor)))
        }
        on(.get, "/notices/{id}/timeline", role: .viewer) { _, context in
            JSONResponse(NoticeEventList(events: try await store.noticeEvents(noticeID: try context.id())))
        }
        on(.get, "/notices/{id}/announcements", role: .viewer) { _, context in
            JSONResponse(AnnouncementList(announcements: try await store.announcements(noticeID: try context.id()).map(AnnouncementDocument.init)))
        }
    }
}

struct PreviewDocument: Encodable, Sendable {
    var step: String
    var messages: [String: [String: RenderedMessage]]
}

extension JSONBody {
    /// For operations whose body is optional and holds at most one text field, such as a reason.
    func optionalText(_ field: String, in request: Request) async throws -> String? {
        guard let value = try await readIfPresent(request) else { return nil }
        var reader = ObjectReader(value)
        let text = reader.string(field)
        if let text { reader.add(Validate.text(text, field: field, maximum: 1000, multiline: true)) }
        try reader.finish()
        return text
    }
}
