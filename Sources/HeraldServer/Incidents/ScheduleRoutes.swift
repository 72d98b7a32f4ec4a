import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// On-call schedules: who is paged when an escalation step names the schedule.
    mutating func addScheduleRoutes(store: Store) {
        let body = self.body
        on(.get, "/schedules", role: .viewer) { _, _ in
            let now = store.now()
            return JSONResponse(ScheduleList(schedules: try await store.schedules().map { ScheduleDocument($0, now: now) }))
        }
        on(.get, "/schedules/{id}", role: .viewer) { _, context in
            JSONResponse(ScheduleDocument(try await store.schedule(id: try context.id()), now: store.now()))
        }
        on(.post, "/schedules", role: .admin) { request, _ in
            var reader = ObjectReader(try await body.read(request))
            let id = reader.requiredString("id")
            if let id { reader.add(Validate.identifier(id, field: "id")) }
            let name = reader.requiredString("name")
            let zone = reader.string("time_zone") ?? "Asia/Shanghai"
            reader.add(Validate.timeZone(zone))
            let members = ContactBody.strings(&reader, "members")
            if reader.errors.isEmpty, members.isEmpty { reader.add([FieldError("members", "needs at least one contact id")]) }
            let start = reader.time("start", required: true)
            let days = reader.integer("rotation_days") ?? 7
            if !(1...90).contains(days) { reader.add([FieldError("rotation_days", "must be from 1 to 90")]) }
            try reader.finish()
            for (index, member) in members.enumerated() {
                guard (try? await store.contact(id: member)) != nil else {
                    throw Problem.invalid([FieldError("members[\(index)]", "no contact with id '\(member)'")])
                }
            }
            let schedule = OnCallSchedule(
                id: id ?? "", name: name ?? "", timeZone: zone, members: members, start: start ?? store.now(), rotationDays: days)
            return JSONResponse(ScheduleDocument(try await store.createSchedule(schedule), now: store.now()), status: .created)
        }
        on(.post, "/schedules/{id}/overrides", role: .responder) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let contact = reader.requiredString("contact")
            let start = reader.time("start", required: true)
            let end = reader.time("end", required: true)
            if let start, let end, end <= start { reader.add([FieldError("end", "must be after start")]) }
            try reader.finish()
            guard let contact, let start, let end else { throw ValidationFailure(reader.errors) }
            guard (try? await store.contact(id: contact)) != nil else {
                throw Problem.invalid([FieldError("contact", "no contact with id '\(contact)'")])
            }
            let schedule = try await store.addOverride(scheduleID: try context.id(), .init(contact: contact, start: start, end: end))
            return JSONResponse(ScheduleDocument(schedule, now: store.now()), status: .created)
        }
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

struct ScheduleList: Encodable, Sendable { var schedules: [ScheduleDocument] }
