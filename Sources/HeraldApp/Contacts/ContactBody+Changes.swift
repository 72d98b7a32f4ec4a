import Foundation
import HeraldCore

extension ContactBody {
    /// A contact as the body that would create it: what a PATCH is merged into.
    public static func document(_ contact: Contact) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(contact.id), "name": .string(contact.name), "language": .string(contact.language.rawValue),
            "time_zone": .string(contact.timeZone), "groups": .array(contact.groups.map(JSONValue.string)),
            "roles": .array(contact.roles.map(JSONValue.string)), "subscriptions": .array(contact.subscriptions.map(JSONValue.string)),
            "addresses": .object(Dictionary(uniqueKeysWithValues: contact.addresses.map { ($0.key.rawValue, JSONValue.string($0.value)) })),
            "consent": .string(contact.consent.rawValue),
        ]
        if !contact.preferences.isEmpty {
            object["preferences"] = .object(Dictionary(uniqueKeysWithValues: contact.preferences.map {
                ($0.key.rawValue, JSONValue.array($0.value.map { .string($0.rawValue) }))
            }))
        }
        if let quiet = contact.quietHours { object["quiet_hours"] = .string(quiet.text) }
        return .object(object)
    }

    /// A JSON Merge Patch (RFC 7396) applied to `current`, checked as a new contact would be: every
    /// problem at once, and the id cannot change.
    public static func patched(_ current: Contact, with patch: JSONValue) throws -> Contact {
        var errors: [FieldError] = []
        if case .object(let members) = patch {
            if let id = members["id"], id != .string(current.id) { errors.append(FieldError("id", .problemCannotChange)) }
        } else {
            errors.append(FieldError("body", .problemMustBeObject) { ["got": $0.text(patch.typePhrase)] })
        }
        try ValidationFailure.check(errors)
        var contact = try contact(document(current).merged(with: patch), now: current.createdAt)
        contact.unsubscribeToken = current.unsubscribeToken
        return contact
    }
}

/// Reads an on-call schedule from JSON: for POST /api/v1/schedules, and merged with a PATCH.
public enum ScheduleBody {
    /// `{"id":"primary","name":"一线","time_zone":"Asia/Shanghai","members":["li","wang"],"start":"…","rotation_days":7}`,
    /// and `overrides` as `[{"contact":"li","start":"…","end":"…"}]`.
    public static func schedule(_ value: JSONValue, now: Date) throws -> OnCallSchedule {
        var reader = ObjectReader(value)
        let id = reader.requiredString("id")
        if let id { reader.add(Validate.identifier(id, field: "id")) }
        let name = reader.requiredString("name")
        if let name { reader.add(Validate.text(name, field: "name", maximum: 100)) }
        let zone = reader.string("time_zone") ?? "Asia/Shanghai"
        reader.add(Validate.timeZone(zone))
        let members = ContactBody.strings(&reader, "members")
        if members.isEmpty, !reader.reported("members") {
            reader.add([FieldError("members", .problemMembersRequired)])
        }
        let start = reader.time("start", required: true)
        let days = reader.integer("rotation_days") ?? 7
        if !(1...90).contains(days) { reader.add([FieldError("rotation_days", .problemRotationDays)]) }
        var overrides: [OnCallSchedule.Override] = []
        for (index, item) in reader.array("overrides").enumerated() {
            var entry = ObjectReader(item, prefix: "overrides[\(index)].")
            let contact = entry.requiredString("contact")
            let from = entry.time("start", required: true)
            let until = entry.time("end", required: true)
            if let from, let until, until <= from { entry.add([FieldError("overrides[\(index)].end", .problemEndAfterStart)]) }
            reader.add(entry.errorsIncludingUnknown())
            if let contact, let from, let until { overrides.append(.init(contact: contact, start: from, end: until)) }
        }
        try reader.finish()
        return OnCallSchedule(
            id: id ?? "", name: name ?? "", timeZone: zone, members: members, start: start ?? now, rotationDays: days, overrides: overrides)
    }

    public static func document(_ schedule: OnCallSchedule) -> JSONValue {
        .object([
            "id": .string(schedule.id), "name": .string(schedule.name), "time_zone": .string(schedule.timeZone),
            "members": .array(schedule.members.map(JSONValue.string)), "start": .string(RFC3339.write(schedule.start)),
            "rotation_days": .integer(Int64(schedule.rotationDays)),
            "overrides": .array(schedule.overrides.map {
                .object(["contact": .string($0.contact), "start": .string(RFC3339.write($0.start)), "end": .string(RFC3339.write($0.end))])
            }),
        ])
    }

    public static func patched(_ current: OnCallSchedule, with patch: JSONValue, now: Date) throws -> OnCallSchedule {
        if case .object(let members) = patch, let id = members["id"], id != .string(current.id) {
            throw ValidationFailure([FieldError("id", .problemCannotChange)])
        }
        return try schedule(document(current).merged(with: patch), now: now)
    }
}
