/// Who a notice is for. By default everyone who follows its components, as before audiences existed;
/// an operator narrows it to groups and roles (departments), keeps it from status-page subscribers,
/// or makes it internal: then it is sent only to staff and never shown on the public page or feeds.
public struct NoticeAudience: Sendable, Equatable, Codable {
    /// Public notices appear on the status page and reach subscribers; internal ones reach staff only.
    public enum Visibility: String, Sendable, Codable, CaseIterable {
        case `public`
        case `internal`
    }

    public var visibility: Visibility
    /// Contacts in any of these groups; with `roles` empty too, everyone following the components.
    public var groups: [String]
    /// Contacts with any of these roles or departments.
    public var roles: [String]
    /// Whether status-page subscribers of the components get it too (never for an internal notice).
    public var subscribers: Bool

    /// Subscribers who confirmed on the status page are contacts in this group.
    public static let subscriberGroup = "subscribers"

    public init(visibility: Visibility = .public, groups: [String] = [], roles: [String] = [], subscribers: Bool = true) {
        self.visibility = visibility
        self.groups = groups
        self.roles = roles
        self.subscribers = subscribers
    }

    /// Everyone who follows the components, subscribers included.
    public static let everyone = NoticeAudience()

    public var isInternal: Bool { visibility == .internal }

    /// Whether `contact` gets a notice about `components`.
    public func includes(_ contact: Contact, components: [String]) -> Bool {
        guard contact.consent == .granted, contact.follows(any: components) else { return false }
        if contact.groups.contains(Self.subscriberGroup) { return !isInternal && subscribers }
        if groups.isEmpty && roles.isEmpty { return true }
        return !Set(groups).isDisjoint(with: contact.groups) || !Set(roles).isDisjoint(with: contact.roles)
    }

    /// The groups and roles it names that no contact has: a typo sends the notice to fewer people.
    public func unknownNames(among contacts: [Contact]) -> (groups: [String], roles: [String]) {
        let groupsHeld = Set(contacts.flatMap(\.groups))
        let rolesHeld = Set(contacts.flatMap(\.roles))
        return (groups.filter { !groupsHeld.contains($0) }, roles.filter { !rolesHeld.contains($0) })
    }

    /// Reads `{"visibility": "internal", "groups": ["ops"], "roles": ["dba"], "subscribers": false}`; every key is optional.
    public static func read(_ value: JSONValue, into parent: inout ObjectReader) -> NoticeAudience {
        var reader = ObjectReader(value, prefix: "audience.")
        var audience = NoticeAudience()
        audience.visibility = reader.enumeration("visibility", as: Visibility.self) ?? .public
        func names(_ key: String) -> [String] {
            reader.array(key).enumerated().compactMap { index, item in
                guard case .string(let name) = item, !name.isEmpty else {
                    reader.add([FieldError("audience.\(key)[\(index)]", .problemMustBeName) { ["got": $0.text(item.typePhrase)] }])
                    return nil
                }
                return name
            }
        }
        audience.groups = names("groups")
        audience.roles = names("roles")
        if let subscribers = reader.bool("subscribers") {
            if subscribers && audience.isInternal {
                reader.add([FieldError("audience.subscribers", .problemInternalNoSubscribers)])
            }
            audience.subscribers = subscribers
        }
        if audience.isInternal { audience.subscribers = false }
        parent.add(reader.errorsIncludingUnknown())
        return audience
    }
}
