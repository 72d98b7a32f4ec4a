import Foundation

/// A service users depend on, as listed in the service catalogue.
public struct Component: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    /// The name and description in other languages; `name(in:)` picks the reader's.
    public var translations: CatalogueTranslations
    public var groupID: String?
    public var position: Int
    public var runbookURL: String?
    public var ownerTeam: String?
    /// Internal components (a mail relay, a build farm) are for staff: never on the status page, its
    /// feeds or documents, still usable in internal notices and incidents.
    public var isInternal: Bool
    public var status: ComponentStatus
    /// Who owns this component's definition: the config file or the admin API.
    public var managedBy: CatalogueManager
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, description: String? = nil, groupID: String? = nil, position: Int = 0,
        runbookURL: String? = nil, ownerTeam: String? = nil, isInternal: Bool = false, status: ComponentStatus = .operational,
        managedBy: CatalogueManager = .api, translations: CatalogueTranslations = [:], createdAt: Date, updatedAt: Date
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
        self.status = status
        self.managedBy = managedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A named set of components shown together, such as "Payments" or "支付服务".
public struct ComponentGroup: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var translations: CatalogueTranslations
    public var position: Int
    public var managedBy: CatalogueManager
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, description: String? = nil, position: Int = 0,
        managedBy: CatalogueManager = .api, translations: CatalogueTranslations = [:], createdAt: Date, updatedAt: Date
    ) {
        self.translations = translations
        self.id = id
        self.name = name
        self.description = description
        self.position = position
        self.managedBy = managedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Where a catalogue entry is defined; entries from the config file are edited in the file, not the API.
public enum CatalogueManager: String, Codable, Sendable {
    case config
    case api
}

extension Component {
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case description
        case translations
        case groupID = "group_id"
        case position
        case runbookURL = "runbook_url"
        case ownerTeam = "owner_team"
        case isInternal = "internal"
        case status
        case managedBy = "managed_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Absent values are written as null, so every field is always present for API clients.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(translations.json, forKey: .translations)
        try container.encode(groupID, forKey: .groupID)
        try container.encode(position, forKey: .position)
        try container.encode(runbookURL, forKey: .runbookURL)
        try container.encode(ownerTeam, forKey: .ownerTeam)
        try container.encode(isInternal, forKey: .isInternal)
        try container.encode(status, forKey: .status)
        try container.encode(managedBy, forKey: .managedBy)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}

extension ComponentGroup {
    enum CodingKeys: String, CodingKey {
        case id
        case name
        case description
        case translations
        case position
        case managedBy = "managed_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Absent values are written as null, so every field is always present for API clients.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(translations.json, forKey: .translations)
        try container.encode(position, forKey: .position)
        try container.encode(managedBy, forKey: .managedBy)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
