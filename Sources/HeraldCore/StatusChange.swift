import Foundation

/// What caused a component's status to change.
public enum StatusChangeSource: String, Codable, Sendable, CaseIterable {
    case manual
    case config
    case alert
    case maintenance
}

/// One recorded change of a component's status: the history operators and auditors read.
public struct ComponentStatusChange: Codable, Sendable, Equatable {
    public var id: Int64
    public var componentID: String
    public var oldStatus: ComponentStatus
    public var newStatus: ComponentStatus
    public var source: StatusChangeSource
    /// Who made the change: a token's name, "config", or the alert or notice that caused it.
    public var actor: String
    public var reason: String?
    public var changedAt: Date

    public init(
        id: Int64, componentID: String, oldStatus: ComponentStatus, newStatus: ComponentStatus,
        source: StatusChangeSource, actor: String, reason: String?, changedAt: Date
    ) {
        self.id = id
        self.componentID = componentID
        self.oldStatus = oldStatus
        self.newStatus = newStatus
        self.source = source
        self.actor = actor
        self.reason = reason
        self.changedAt = changedAt
    }
}

extension ComponentStatusChange {
    enum CodingKeys: String, CodingKey {
        case id
        case componentID = "component_id"
        case oldStatus = "old_status"
        case newStatus = "new_status"
        case source
        case actor
        case reason
        case changedAt = "changed_at"
    }

    /// Absent values are written as null, so every field is always present for API clients.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(componentID, forKey: .componentID)
        try container.encode(oldStatus, forKey: .oldStatus)
        try container.encode(newStatus, forKey: .newStatus)
        try container.encode(source, forKey: .source)
        try container.encode(actor, forKey: .actor)
        try container.encode(reason, forKey: .reason)
        try container.encode(changedAt, forKey: .changedAt)
    }
}
