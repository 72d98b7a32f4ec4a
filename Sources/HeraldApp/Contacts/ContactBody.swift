import Foundation
import HeraldChannels
import HeraldCore

/// Reads a contact from JSON, checking each address against its channel.
public enum ContactBody {
    public static func contact(_ value: JSONValue, now: Date) throws -> Contact {
        var reader = ObjectReader(value)
        let id = reader.string("id") ?? Identifier.make()
        reader.add(Validate.identifier(id, field: "id"))
        let name = reader.requiredString("name")
        if let name { reader.add(Validate.text(name, field: "name", maximum: 200)) }
        let language = reader.enumeration("language", as: Language.self) ?? .zhCN
        let timeZone = reader.string("time_zone") ?? "Asia/Shanghai"
        reader.add(Validate.timeZone(timeZone))
        let groups = strings(&reader, "groups")
        let roles = strings(&reader, "roles")
        let subscriptions = strings(&reader, "subscriptions")
        var addresses: [ChannelKind: String] = [:]
        if let object = reader.object("addresses"), case .object(let entries) = object {
            for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
                let field = "addresses.\(key)"
                let channel: ChannelKind
                switch Channels.catalogue.kind(named: key, field: field) {
                case .success(let kind): channel = kind
                case .failure(let error):
                    reader.add([error])
                    continue
                }
                guard case .string(let address) = value else {
                    reader.add([FieldError(field, .problemMustBeString) { ["got": $0.text(value.typePhrase)] }])
                    continue
                }
                reader.add(Channels.catalogue.problems(address: address, on: channel, field: field))
                addresses[channel] = address
            }
        }
        if addresses.isEmpty { reader.add([FieldError("addresses", .problemAddressRequired, values: ["example": #"{"email": "li@example.com"}"#])]) }
        var preferences: [Severity: [ChannelKind]] = [:]
        if let object = reader.object("preferences"), case .object(let entries) = object {
            for (key, value) in entries {
                guard let severity = Severity(rawValue: key), case .array(let list) = value else {
                    reader.add([FieldError("preferences.\(key)", .problemPreferencesShape)])
                    continue
                }
                preferences[severity] = list.compactMap { item in
                    guard case .string(let name) = item, case .success(let channel) = Channels.catalogue.kind(named: name, field: "") else {
                        reader.add([FieldError("preferences.\(key)", .problemPreferencesChannel)])
                        return nil
                    }
                    return channel
                }
            }
        }
        var quietHours: QuietHours?
        if let text = reader.string("quiet_hours") {
            quietHours = QuietHours(text)
            if quietHours == nil { reader.add([FieldError("quiet_hours", .problemQuietHours)]) }
        }
        let consent = reader.enumeration("consent", as: Consent.self) ?? .granted
        try reader.finish()
        return Contact(
            id: id, name: name ?? "", language: language, timeZone: timeZone, groups: groups, roles: roles, addresses: addresses,
            preferences: preferences, subscriptions: subscriptions, quietHours: quietHours, consent: consent, createdAt: now)
    }

    public static func strings(_ reader: inout ObjectReader, _ key: String) -> [String] {
        reader.array(key).enumerated().compactMap { index, value in
            if case .string(let text) = value, Validate.identifier(text, field: "").isEmpty { return text }
            reader.add([FieldError("\(key)[\(index)]", .problemIdentifierShort)])
            return nil
        }
    }
}
