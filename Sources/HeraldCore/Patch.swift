/// A change to one optional field in a PATCH request: leave it, clear it, or set it.
public enum Patch<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    case clear
    case set(Value)

    public func applied(to current: Value?) -> Value? {
        switch self {
        case .keep: current
        case .clear: nil
        case .set(let value): value
        }
    }
}

/// The fields a PATCH of a component may change; status has its own operation so every change is recorded.
public struct ComponentPatch: Sendable, Equatable {
    public var name: String?
    public var description: Patch<String> = .keep
    public var groupID: Patch<String> = .keep
    public var position: Int?
    public var runbookURL: Patch<String> = .keep
    public var ownerTeam: Patch<String> = .keep
    public var isInternal: Bool?
    /// Replaces all of them (a merge patch of the object is read whole); nil keeps them.
    public var translations: CatalogueTranslations?

    public init() {}

    public func applied(to component: Component) -> ComponentSpec {
        ComponentSpec(
            id: component.id,
            name: name ?? component.name,
            description: description.applied(to: component.description),
            groupID: groupID.applied(to: component.groupID),
            position: position ?? component.position,
            runbookURL: runbookURL.applied(to: component.runbookURL),
            ownerTeam: ownerTeam.applied(to: component.ownerTeam),
            isInternal: isInternal ?? component.isInternal,
            translations: translations ?? component.translations
        )
    }
}

/// The fields a PATCH of a component group may change.
public struct GroupPatch: Sendable, Equatable {
    public var name: String?
    public var description: Patch<String> = .keep
    public var position: Int?
    public var translations: CatalogueTranslations?

    public init() {}

    public func applied(to group: ComponentGroup) -> GroupSpec {
        GroupSpec(
            id: group.id, name: name ?? group.name, description: description.applied(to: group.description),
            position: position ?? group.position, translations: translations ?? group.translations)
    }
}
