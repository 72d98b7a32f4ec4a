import Foundation
import HeraldCore
import SQLKit

extension Store {
    public func createContact(_ contact: Contact) async throws -> Contact {
        try await transaction { database in
            if try await database.select().column("id").from("contacts").where("id", .equal, contact.id).first() != nil {
                throw StoreError.conflict(FieldError("id", .problemContactExists, values: ["id": contact.id]))
            }
            let json = { (value: any Encodable) in String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
            try await Self.recordingChange(database, table: "contacts", id: contact.id, kind: "contact", personal: true, at: self.timestamp()) {
            try await database.insert(into: "contacts")
                .columns(
                    "id", "name", "language", "time_zone", "groups_json", "roles_json", "addresses_json", "preferences_json",
                    "subscriptions_json", "quiet_hours", "consent", "created_at", "unsubscribe_token")
                .values(
                    SQLBind(contact.id), SQLBind(contact.name), SQLBind(contact.language.rawValue), SQLBind(contact.timeZone),
                    SQLBind(try json(contact.groups)), SQLBind(try json(contact.roles)),
                    SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.addresses.map { ($0.key.rawValue, $0.value) }))),
                    SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.preferences.map { ($0.key.rawValue, $0.value.map(\.rawValue)) }))),
                    SQLBind(try json(contact.subscriptions)), SQLBind(contact.quietHours?.text),
                    SQLBind(contact.consent.rawValue), SQLBind(self.timestamp()),
                    SQLBind(contact.unsubscribeToken ?? Self.newUnsubscribeToken()))
                .run()
            }
            return try await Self.contact(database, id: contact.id)
        }
    }

    public func contacts() async throws -> [Contact] {
        try await read { database in
            try await database.select().column("*").from("contacts").orderBy("name").orderBy("id").all().map { try $0.contact() }
        }
    }

    public func contact(id: String) async throws -> Contact {
        try await read { database in try await Self.contact(database, id: id) }
    }

    /// Who a notice about `components` reaches: consenting contacts following any of them.
    public func recipients(following components: [String]) async throws -> [Contact] {
        try await contacts().filter { $0.consent == .granted && $0.follows(any: components) }
    }

    /// The consenting members of a group, e.g. a test audience.
    public func members(ofGroup group: String) async throws -> [Contact] {
        try await contacts().filter { $0.consent == .granted && $0.groups.contains(group) }
    }

    static func contact(_ database: any SQLDatabase, id: String) async throws -> Contact {
        guard let row = try await database.select().column("*").from("contacts").where("id", .equal, id).first() else {
            throw StoreError.notFound(kind: "contact", id: id)
        }
        return try row.contact()
    }
}

extension SQLRow {
    func contact() throws -> Contact {
        let decode = { (column: String) in Data(try self.text(column).utf8) }
        let addresses = try JSONDecoder().decode([String: String].self, from: decode("addresses_json"))
        let preferences = try JSONDecoder().decode([String: [String]].self, from: decode("preferences_json"))
        return Contact(
            id: try text("id"), name: try text("name"), language: try enumeration("language", as: Language.self),
            timeZone: try text("time_zone"), groups: try JSONDecoder().decode([String].self, from: decode("groups_json")),
            roles: try JSONDecoder().decode([String].self, from: decode("roles_json")),
            addresses: Dictionary(uniqueKeysWithValues: addresses.compactMap { key, value in ChannelKind(rawValue: key).map { ($0, value) } }),
            preferences: Dictionary(uniqueKeysWithValues: preferences.compactMap { key, value in
                Severity(rawValue: key).map { ($0, value.compactMap(ChannelKind.init(rawValue:))) }
            }),
            subscriptions: try JSONDecoder().decode([String].self, from: decode("subscriptions_json")),
            quietHours: try optionalText("quiet_hours").flatMap(QuietHours.init),
            consent: try enumeration("consent", as: Consent.self), createdAt: try date("created_at"),
            unsubscribeToken: try optionalText("unsubscribe_token"))
    }
}

extension Store {
    /// Adds or replaces contacts by id, in one transaction; returns how many were new. A replaced
    /// contact keeps the time it was first added.
    @discardableResult
    public func saveContacts(_ contacts: [Contact]) async throws -> Int {
        guard !contacts.isEmpty else { return 0 }
        return try await transaction { database in
            let ids = contacts.map(\.id)
            let existing = try await database.select().column("id").from("contacts").where("id", .in, SQLBind.group(ids)).all()
                .map { try $0.decode(column: "id", as: String.self) }
            let json = { (value: any Encodable) in String(decoding: try JSONEncoder().encode(value), as: UTF8.self) }
            let now = self.timestamp()
            var insert = database.insert(into: "contacts")
                .columns(
                    "id", "name", "language", "time_zone", "groups_json", "roles_json", "addresses_json", "preferences_json",
                    "subscriptions_json", "quiet_hours", "consent", "created_at", "unsubscribe_token")
            for contact in contacts {
                insert = insert.values(
                    SQLBind(contact.id), SQLBind(contact.name), SQLBind(contact.language.rawValue), SQLBind(contact.timeZone),
                    SQLBind(try json(contact.groups)), SQLBind(try json(contact.roles)),
                    SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.addresses.map { ($0.key.rawValue, $0.value) }))),
                    SQLBind(try json(Dictionary(uniqueKeysWithValues: contact.preferences.map { ($0.key.rawValue, $0.value.map(\.rawValue)) }))),
                    SQLBind(try json(contact.subscriptions)), SQLBind(contact.quietHours?.text),
                    SQLBind(contact.consent.rawValue), SQLBind(now), SQLBind(contact.unsubscribeToken ?? Self.newUnsubscribeToken()))
            }
            try await insert.onConflict(with: ["id"]) { update in
                update.set(excludedValueOf: "name").set(excludedValueOf: "language").set(excludedValueOf: "time_zone")
                    .set(excludedValueOf: "groups_json").set(excludedValueOf: "roles_json").set(excludedValueOf: "addresses_json")
                    .set(excludedValueOf: "preferences_json").set(excludedValueOf: "subscriptions_json")
                    .set(excludedValueOf: "quiet_hours").set(excludedValueOf: "consent")
            }.run()
            // One entry per contact, without their values (personal data), appended as one batch.
            let known = Set(existing)
            try await Self.audit(
                database, batch: contacts.map { (action: known.contains($0.id) ? "updated" : "created", kind: "contact", id: $0.id) },
                detail: "saved \(contacts.count) contacts in one import", at: now)
            return contacts.count - Set(existing).count
        }
    }
}

extension Store {
    /// 128 random bits: an unsubscribe link cannot be guessed.
    static func newUnsubscribeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexadecimal
    }

    /// Withdraws the consent of the contact whose unsubscribe link this is; nil when no contact has it.
    /// Unsubscribing twice changes nothing.
    public func unsubscribe(token: String) async throws -> Contact? {
        try await transaction { database in
            guard let row = try await database.select().column("id").from("contacts").where("unsubscribe_token", .equal, token).first()
            else { return nil }
            let id = try row.decode(column: "id", as: String.self)
            try await database.update("contacts").set("consent", to: SQLBind(Consent.withdrawn.rawValue)).where("id", .equal, id).run()
            // A subscriber leaving from an email's one-click link leaves every way they subscribed.
            try await database.update("subscriptions").set("state", to: SQLBind(Subscription.State.unsubscribed.rawValue))
                .where("contact_id", .equal, id).run()
            return try await Self.contact(database, id: id)
        }
    }

    /// The contact an unsubscribe link belongs to.
    public func contact(unsubscribeToken token: String) async throws -> Contact? {
        try await read { database in
            try await database.select().column("*").from("contacts").where("unsubscribe_token", .equal, token).first()?.contact()
        }
    }
}
