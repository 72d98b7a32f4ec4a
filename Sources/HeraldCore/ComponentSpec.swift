/// What an operator says about a component: everything but its runtime status and timestamps.
public struct ComponentSpec: Sendable, Equatable, Codable {
    public var id: String?
    public var name: String
    public var description: String?
    public var translations: CatalogueTranslations
    public var groupID: String?
    public var position: Int
    public var runbookURL: String?
    public var ownerTeam: String?
    /// Hidden from the public side (`internal` on the wire).
    public var isInternal: Bool

    public init(
        id: String? = nil, name: String, description: String? = nil, groupID: String? = nil, position: Int = 0,
        runbookURL: String? = nil, ownerTeam: String? = nil, isInternal: Bool = false, translations: CatalogueTranslations = [:]
    ) {
        self.translations = translations
        self.isInternal = isInternal
        self.id = id
        self.name = name
        self.description = description
        self.groupID = groupID
        self.position = position
        self.runbookURL = runbookURL
        self.ownerTeam = ownerTeam
    }

    /// Field names are the wire names (`group_id`, `runbook_url`), prefixed for nested input.
    public func validate(prefix: String = "", groupField: String = "group_id") -> [FieldError] {
        var errors: [FieldError] = []
        if let id { errors += Validate.identifier(id, field: prefix + "id") }
        errors += Validate.text(name, field: prefix + "name", maximum: 255)
        if let description { errors += Validate.text(description, field: prefix + "description", maximum: 2000, multiline: true) }
        errors += translations.validate(prefix: prefix)
        if let groupID { errors += Validate.identifier(groupID, field: prefix + groupField) }
        errors += Validate.position(position, field: prefix + "position")
        if let runbookURL { errors += Validate.webURL(runbookURL, field: prefix + "runbook_url") }
        if let ownerTeam { errors += Validate.text(ownerTeam, field: prefix + "owner_team", maximum: 100) }
        return errors
    }

    /// Whether `component` already says exactly this, so applying the spec again changes nothing.
    public func matches(_ component: Component) -> Bool {
        (id == nil || id == component.id) && name == component.name && description == component.description
            && translations == component.translations
            && groupID == component.groupID && position == component.position
            && runbookURL == component.runbookURL && ownerTeam == component.ownerTeam
    }
}

/// What an operator says about a component group.
public struct GroupSpec: Sendable, Equatable, Codable {
    public var id: String?
    public var name: String
    public var description: String?
    public var translations: CatalogueTranslations
    public var position: Int

    public init(id: String? = nil, name: String, description: String? = nil, position: Int = 0, translations: CatalogueTranslations = [:]) {
        self.translations = translations
        self.id = id
        self.name = name
        self.description = description
        self.position = position
    }

    public func validate(prefix: String = "") -> [FieldError] {
        var errors: [FieldError] = []
        if let id { errors += Validate.identifier(id, field: prefix + "id") }
        errors += Validate.text(name, field: prefix + "name", maximum: 255)
        if let description { errors += Validate.text(description, field: prefix + "description", maximum: 2000, multiline: true) }
        errors += translations.validate(prefix: prefix)
        errors += Validate.position(position, field: prefix + "position")
        return errors
    }

    public func matches(_ group: ComponentGroup) -> Bool {
        (id == nil || id == group.id) && name == group.name && description == group.description
            && translations == group.translations
            && position == group.position
    }
}
