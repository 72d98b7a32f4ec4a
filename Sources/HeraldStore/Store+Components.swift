import HeraldCore
import SQLKit

extension Store {
    /// Every component, in display order.
    public func components() async throws -> [Component] {
        try await read { database in
            try await Self.components(database)
        }
    }

    public func component(id: String) async throws -> Component {
        try await read { database in
            try await Self.component(database, id: id)
        }
    }

    /// Adds a component; its id is generated unless the spec names one.
    public func createComponent(
        _ spec: ComponentSpec, status: ComponentStatus = .operational, managedBy: CatalogueManager = .api
    ) async throws -> Component {
        try ValidationFailure.check(spec.validate())
        return try await transaction { database in
            try await Self.insertComponent(database, spec: spec, status: status, managedBy: managedBy, at: self.timestamp())
        }
    }

    /// Changes a component's description fields through the API.
    public func updateComponent(id: String, _ patch: ComponentPatch) async throws -> Component {
        try await transaction { database in
            let current = try await Self.component(database, id: id, forUpdate: self.dialect)
            try Self.requireAPIManaged(current.managedBy, kind: "component", id: id)
            let spec = patch.applied(to: current)
            try ValidationFailure.check(spec.validate())
            return try await Self.writeComponent(database, spec: spec, managedBy: .api, at: self.timestamp())
        }
    }

    /// Removes a component and its status history.
    public func deleteComponent(id: String) async throws {
        try await transaction { database in
            let current = try await Self.component(database, id: id)
            try Self.requireAPIManaged(current.managedBy, kind: "component", id: id)
            try await Self.recordingChange(database, table: "components", id: id, kind: "component", at: self.timestamp()) {
                try await database.delete(from: "components").where("id", .equal, id).run()
            }
        }
    }

    /// Sets a component's status and records the change with its source and actor.
    /// Returns the change, or nil when the component already had that status.
    @discardableResult
    public func setStatus(
        componentID: String, to status: ComponentStatus, source: StatusChangeSource, actor: String,
        reason: String? = nil
    ) async throws -> ComponentStatusChange? {
        try await transaction { database in
            try await Self.setStatus(
                database, dialect: self.dialect, componentID: componentID, to: status, source: source, actor: actor,
                reason: reason, at: self.timestamp())
        }
    }

    /// A component's status history, newest first; `before` pages through older entries.
    public func statusChanges(componentID: String, before: Int64? = nil, limit: Int = 100) async throws
        -> [ComponentStatusChange]
    {
        try await read { database in
            _ = try await Self.component(database, id: componentID)
            var query = database.select().column("*").from("component_status_changes")
                .where("component_id", .equal, componentID)
            if let before { query = query.where("id", .lessThan, before) }
            return try await query.orderBy("id", .descending).limit(limit).all().map { try $0.statusChange() }
        }
    }

    // MARK: Statements shared with the catalogue loader

    static func components(_ database: any SQLDatabase) async throws -> [Component] {
        try await database.select().column("*").from("components")
            .orderBy("position").orderBy("name").orderBy("id")
            .all().map { try $0.component() }
    }

    static func component(_ database: any SQLDatabase, id: String, forUpdate dialect: StoreDialect? = nil)
        async throws -> Component
    {
        var query = database.select().column("*").from("components").where("id", .equal, id)
        if dialect == .postgres { query = query.for(.update) }
        guard let row = try await query.first() else { throw StoreError.notFound(kind: "component", id: id) }
        return try row.component()
    }

    static func insertComponent(
        _ database: any SQLDatabase, spec: ComponentSpec, status: ComponentStatus, managedBy: CatalogueManager,
        at now: Int64
    ) async throws -> Component {
        let made = try await insertComponentRow(database, spec: spec, status: status, managedBy: managedBy, at: now)
        try await audit(
            database, action: "created", kind: "component", id: made.id,
            change: AuditChange.between(nil, try await auditSnapshot(database, table: "components", id: made.id)), at: now)
        return made
    }

    /// Overwrites the described fields of an existing component (`spec.id` must be set).
    static func writeComponent(
        _ database: any SQLDatabase, spec: ComponentSpec, managedBy: CatalogueManager, at now: Int64
    ) async throws -> Component {
        guard let id = spec.id else { throw StoreError.invalid([FieldError("id", .problemRequired)]) }
        return try await recordingChange(database, table: "components", id: id, kind: "component", at: now) {
            try await writeComponentRow(database, spec: spec, managedBy: managedBy, at: now)
        }
    }

    static func setStatus(
        _ database: any SQLDatabase, dialect: StoreDialect, componentID: String, to status: ComponentStatus,
        source: StatusChangeSource, actor: String, reason: String?, at now: Int64
    ) async throws -> ComponentStatusChange? {
        try await recordingChange(database, table: "components", id: componentID, kind: "component", detail: reason, at: now) {
            try await setStatusRow(
                database, dialect: dialect, componentID: componentID, to: status, source: source, actor: actor, reason: reason, at: now)
        }
    }

    private static func insertComponentRow(
        _ database: any SQLDatabase, spec: ComponentSpec, status: ComponentStatus, managedBy: CatalogueManager,
        at now: Int64
    ) async throws -> Component {
        let id = spec.id ?? Identifier.make()
        if try await database.select().column("id").from("components").where("id", .equal, id).first() != nil {
            throw StoreError.conflict(FieldError("id", .problemComponentExists, values: ["id": id]))
        }
        try await requireGroup(database, id: spec.groupID, field: "group_id")
        try await database.insert(into: "components")
            .columns(
                "id", "name", "description", "group_id", "position", "runbook_url", "owner_team", "internal", "status",
                "managed_by", "created_at", "updated_at", "translations_json"
            )
            .values(
                SQLBind(id), SQLBind(spec.name), SQLBind(spec.description), SQLBind(spec.groupID),
                SQLBind(Int64(spec.position)), SQLBind(spec.runbookURL), SQLBind(spec.ownerTeam), SQLBind(Int64(spec.isInternal ? 1 : 0)),
                SQLBind(status.rawValue), SQLBind(managedBy.rawValue), SQLBind(now), SQLBind(now),
                SQLBind(try Self.translationsColumn(spec.translations))
            )
            .run()
        return try await component(database, id: id)
    }

    private static func writeComponentRow(
        _ database: any SQLDatabase, spec: ComponentSpec, managedBy: CatalogueManager, at now: Int64
    ) async throws -> Component {
        guard let id = spec.id else { throw StoreError.invalid([FieldError("id", .problemRequired)]) }
        try await requireGroup(database, id: spec.groupID, field: "group_id")
        try await database.update("components")
            .set("name", to: SQLBind(spec.name))
            .set("description", to: SQLBind(spec.description))
            .set("group_id", to: SQLBind(spec.groupID))
            .set("position", to: SQLBind(Int64(spec.position)))
            .set("runbook_url", to: SQLBind(spec.runbookURL))
            .set("owner_team", to: SQLBind(spec.ownerTeam))
            .set("internal", to: SQLBind(Int64(spec.isInternal ? 1 : 0)))
            .set("translations_json", to: SQLBind(try Self.translationsColumn(spec.translations)))
            .set("managed_by", to: SQLBind(managedBy.rawValue))
            .set("updated_at", to: SQLBind(now))
            .where("id", .equal, id)
            .run()
        return try await component(database, id: id)
    }

    private static func setStatusRow(
        _ database: any SQLDatabase, dialect: StoreDialect, componentID: String, to status: ComponentStatus,
        source: StatusChangeSource, actor: String, reason: String?, at now: Int64
    ) async throws -> ComponentStatusChange? {
        let current = try await component(database, id: componentID, forUpdate: dialect)
        guard current.status != status else { return nil }
        try await database.update("components")
            .set("status", to: SQLBind(status.rawValue))
            .set("updated_at", to: SQLBind(now))
            .where("id", .equal, componentID)
            .run()
        let row = try await database.insert(into: "component_status_changes")
            .columns("component_id", "old_status", "new_status", "source", "actor", "reason", "changed_at")
            .values(
                SQLBind(componentID), SQLBind(current.status.rawValue), SQLBind(status.rawValue),
                SQLBind(source.rawValue), SQLBind(actor), SQLBind(reason), SQLBind(now)
            )
            .returning("*")
            .first()
        guard let row else { throw StoreError.invalidDatabase("the status change was not returned after insert") }
        return try row.statusChange()
    }

    static func requireGroup(_ database: any SQLDatabase, id: String?, field: String) async throws {
        guard let id else { return }
        if try await database.select().column("id").from("component_groups").where("id", .equal, id).first() == nil {
            throw StoreError.invalid([FieldError(field, .problemNoSuchGroup, values: ["id": id])])
        }
    }

    static func requireAPIManaged(_ manager: CatalogueManager, kind: String, id: String) throws {
        if manager == .config {
            throw StoreError.conflict(
                FieldError("id", kind == "component" ? .problemComponentFromConfig : .problemGroupFromConfig, values: ["id": id]))
        }
    }
}

extension Store {
    /// Translations as stored: NULL when there are none, so an entry without them reads as before.
    static func translationsColumn(_ translations: CatalogueTranslations) throws -> String? {
        translations.isEmpty ? nil : try JSONColumn.text(translations)
    }
}
