import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// On-call schedules: who is paged when an escalation step names the schedule.
    mutating func addScheduleRoutes(store: Store) {
        let body = self.body
        on(.get, "/schedules", role: .viewer) { request, _ in
            let now = store.now()
            return JSONResponse(ListPage("schedules", try await store.schedules(page: try request.pageRequest()).map { ScheduleDocument($0, now: now) }))
        }
        on(.get, "/schedules/{id}", role: .viewer) { _, context in
            JSONResponse(ScheduleDocument(try await store.schedule(id: try context.id()), now: store.now()))
        }
        on(.post, "/schedules", role: .admin) { request, _ in
            let value = try await body.read(request)
            // Every problem at once: the fields, the overrides that belong elsewhere, and each member
            // who is not a contact, so a client mends its body in one go.
            var problems: [FieldError] = []
            if value.members["overrides"] != nil {
                problems.append(FieldError("overrides", "are added with POST /api/v1/schedules/{id}/overrides once the schedule exists"))
            }
            if case .array(let members)? = value.members["members"] {
                for (index, member) in members.enumerated() {
                    if case .string(let id) = member, !id.isEmpty, (try? await store.contact(id: id)) == nil {
                        problems.append(FieldError("members[\(index)]", "no contact with id '\(id)'"))
                    }
                }
            }
            let schedule: OnCallSchedule
            do {
                schedule = try ScheduleBody.schedule(value, now: store.now())
            } catch let failure as ValidationFailure {
                throw ValidationFailure(failure.errors.filter { $0.field != "overrides" && !$0.field.hasPrefix("overrides[") } + problems)
            }
            if !problems.isEmpty { throw ValidationFailure(problems) }
            return JSONResponse(ScheduleDocument(try await store.createSchedule(schedule), now: store.now()), status: .created)
        }
        on(.post, "/schedules/{id}/overrides", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let contact = reader.requiredString("contact")
            let start = reader.time("start", required: true)
            let end = reader.time("end", required: true)
            if let start, let end, end <= start { reader.add([FieldError("end", "must be after start")]) }
            if let contact, (try? await store.contact(id: contact)) == nil {
                reader.add([FieldError("contact", "no contact with id '\(contact)'")])
            }
            try reader.finish()
            guard let contact, let start, let end else { throw ValidationFailure(reader.errors) }
            let schedule = try await Self.addOverride(store: store, scheduleID: try context.id(), contact: contact, start: start, end: end)
            return JSONResponse(ScheduleDocument(schedule, now: store.now()), status: .created)
        }
    }

    /// Adds an override once it holds together: the API's route and the console's on-call page call this.
    static func addOverride(store: Store, scheduleID: String, contact: String, start: Date, end: Date) async throws -> OnCallSchedule {
        var errors: [FieldError] = []
        if end <= start { errors.append(FieldError("end", "must be after start")) }
        if (try? await store.contact(id: contact)) == nil { errors.append(FieldError("contact", "no contact with id '\(contact)'")) }
        guard errors.isEmpty else { throw Problem.invalid(errors) }
        return try await store.addOverride(scheduleID: scheduleID, .init(contact: contact, start: start, end: end))
    }

}

struct ScheduleDocument: Encodable, Sendable {
    struct Override: Encodable, Sendable {
        var contact: String
        var start: Date
        var end: Date
    }

    var id: String
    var name: String
    var time_zone: String
    var members: [String]
    var start: Date
    var rotation_days: Int
    var overrides: [Override]
    @Nullable var on_call_now: String?

    init(_ schedule: OnCallSchedule, now: Date) {
        id = schedule.id
        name = schedule.name
        time_zone = schedule.timeZone
        members = schedule.members
        start = schedule.start
        rotation_days = schedule.rotationDays
        overrides = schedule.overrides.map { Override(contact: $0.contact, start: $0.start, end: $0.end) }
        on_call_now = schedule.onCall(at: now)
    }
}

