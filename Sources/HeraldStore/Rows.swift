import Foundation
import HeraldCore
import SQLKit

/// Reading domain values out of rows, the same way for both engines.
extension SQLRow {
    func text(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalText(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func integer(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInteger(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func date(_ column: String) throws -> Date { Timestamp.date(try integer(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalInteger(column).map(Timestamp.date) }

    func enumeration<Value: RawRepresentable>(_ column: String, as type: Value.Type) throws -> Value
    where Value.RawValue == String {
        let raw = try text(column)
        guard let value = Value(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "unknown \(Value.self) '\(raw)' in column \(column)"))
        }
        return value
    }

    func component() throws -> Component {
        Component(
            id: try text("id"), name: try text("name"), description: try optionalText("description"),
            groupID: try optionalText("group_id"), position: Int(try integer("position")),
            runbookURL: try optionalText("runbook_url"), ownerTeam: try optionalText("owner_team"),
            isInternal: try integer("internal") != 0, status: try enumeration("status", as: ComponentStatus.self),
            managedBy: try enumeration("managed_by", as: CatalogueManager.self), translations: try translations(),
            createdAt: try date("created_at"), updatedAt: try date("updated_at"))
    }

    func translations() throws -> CatalogueTranslations {
        try optionalText("translations_json").map { try JSONColumn.value(CatalogueTranslations.self, from: $0) } ?? [:]
    }

    func incidentEvent(isPublic: Bool? = nil) throws -> IncidentEvent {
        IncidentEvent(
            id: try integer("id"), incidentID: try text("incident_id"), kind: try enumeration("kind", as: IncidentEventKind.self),
            actor: try text("actor"), detail: try optionalText("detail"), isPublic: try isPublic ?? (integer("public") == 1),
            at: try date("at"), position: try optionalInteger("position") ?? integer("id"),
            translations: try optionalText("detail_translations_json").map { try JSONColumn.value([Language: String].self, from: $0) } ?? [:])
    }

    func componentGroup() throws -> ComponentGroup {
        ComponentGroup(
            id: try text("id"), name: try text("name"), description: try optionalText("description"),
            position: Int(try integer("position")),
            managedBy: try enumeration("managed_by", as: CatalogueManager.self), translations: try translations(),
            createdAt: try date("created_at"), updatedAt: try date("updated_at"))
    }

    func statusChange() throws -> ComponentStatusChange {
        ComponentStatusChange(
            id: try integer("id"), componentID: try text("component_id"),
            oldStatus: try enumeration("old_status", as: ComponentStatus.self),
            newStatus: try enumeration("new_status", as: ComponentStatus.self),
            source: try enumeration("source", as: StatusChangeSource.self), actor: try text("actor"),
            reason: try optionalText("reason"), changedAt: try date("changed_at"))
    }
}
