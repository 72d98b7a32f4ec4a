import HeraldCore
import SQLKit

extension Store {
    /// Every component group, in display order.
    public func componentGroups() async throws -> [ComponentGroup] {
        try await read { database in
            try await Self.componentGroups(database)
        }
    }

    public func componentGroup(id: String) async throws -> ComponentGroup {
        try await read { database in
            try await Self.componentGroup(database, id: id)
        }
    }

    public func createComponentGroup(_ spec: GroupSpec, managedBy: CatalogueManager = .api) async throws
        -> ComponentGroup
    {
        try ValidationFailure.check(spec.validate())
        return try await transaction { database in
            try await Self.insertGroup(database, spec: spec, managedBy: managedBy, at: self.timestamp())
        }
    }

    public func updateComponentGroup(id: String, _ patch: GroupPatch) async throws -> ComponentGroup {
        try await transaction { database in
            let current = try await Self.componentGroup(database, id: id)
            try Self.requireAPIManaged(current.managedBy, kind: "component group", id: id)
            let spec = patch.applied(to: current)
            try ValidationFailure.check(spec.validate())
            return try await Self.writeGroup(database, spec: spec, managedBy: .api, at: self.timestamp())
        }
    }

    /// Removes a group; its components stay, ungrouped.
    public func deleteComponentGroup(id: String) async throws {
        try await transaction { database in
            let current = try await Self.componentGroup(database, id: id)
            try Self.requireAPIManaged(current.managedBy, kind: "component group", id: id)
            try await Self.recordingChange(database, table: "component_groups", id: id, kind: "component_group", at: self.timestamp()) {
                try await database.delete(from: "component_groups").where("id", .equal, id).run()
            }
        }
    }

    static func componentGroups(_ database: any SQLDatabase) async throws -> [ComponentGroup] {
        try await database.select().column("*").from("component_groups")
            .orderBy("position").orderBy("name").orderBy("id")
            .all().map { try $0.componentGroup() }
    }

    static func componentGroup(_ database: any SQLDatabase, id: String) async throws -> ComponentGroup {
        guard let row = try await database.select().column("*").from("component_groups").where("id", .equal, id).first()
        else { throw StoreError.notFound(kind: "component group", id: id) }
        return try row.componentGroup()
    }

    static func insertGroup(_ database: any SQLDatabase, spec: GroupSpec, managedBy: CatalogueManager, at now: Int64)
        async throws -> ComponentGroup
    {
        let id = spec.id ?? Identifier.make()
        if try await database.select().column("id").from("component_groups").where("id", .equal, id).first() != nil {
            throw StoreError.conflict(FieldError("id", .problemGroupExists, values: ["id": id]))
        }
        try await database.insert(into: "component_groups")
            .columns("id", "name", "description", "position", "managed_by", "created_at", "updated_at", "translations_json")
            .values(
                SQLBind(id), SQLBind(spec.name), SQLBind(spec.description), SQLBind(Int64(spec.position)),
                SQLBind(managedBy.rawValue), SQLBind(now), SQLBind(now), SQLBind(try Self.translationsColumn(spec.translations))
            )
            .run()
        try await audit(
            database, action: "created", kind: "component_group", id: id,
            change: AuditChange.between(nil, try await auditSnapshot(database, table: "component_groups", id: id)), at: now)
        return try await componentGroup(database, id: id)
    }

    static func writeGroup(_ database: any SQLDatabase, spec: GroupSpec, managedBy: CatalogueManager, at now: Int64)
        async throws -> ComponentGroup
    {
        guard let id = spec.id else { throw StoreError.invalid([FieldError("id", .problemRequired)]) }
        try await recordingChange(database, table: "component_groups", id: id, kind: "component_group", at: now) {
        try await database.update("component_groups")
            .set("name", to: SQLBind(spec.name))
            .set("description", to: SQLBind(spec.description))
            .set("position", to: SQLBind(Int64(spec.position)))
            .set("translations_json", to: SQLBind(try Self.translationsColumn(spec.translations)))
            .set("managed_by", to: SQLBind(managedBy.rawValue))
            .set("updated_at", to: SQLBind(now))
            .where("id", .equal, id)
            .run()
        }
        return try await componentGroup(database, id: id)
    }
}
