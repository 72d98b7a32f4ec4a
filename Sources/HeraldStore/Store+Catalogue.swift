import HeraldCore
import SQLKit

extension Store {
    /// Brings the stored catalogue in line with the config file, in one transaction.
    /// Applying the same declaration twice writes nothing the second time. Nodes that start
    /// together on one PostgreSQL apply it one after another, so the second finds it applied.
    @discardableResult
    public func applyCatalogue(_ declaration: CatalogueDeclaration) async throws -> CataloguePlan {
        try ValidationFailure.check(declaration.validate())
        return try await transaction { database in
            if self.dialect == .postgres {
                try await database.raw("SELECT pg_advisory_xact_lock(hashtext('catalogue'))").run()
            }
            let plan = CataloguePlan(
                declaration: declaration,
                groups: try await Self.componentGroups(database),
                components: try await Self.components(database))
            let now = self.timestamp()
            for group in plan.groupsToCreate {
                _ = try await Self.insertGroup(database, spec: group, managedBy: .config, at: now)
            }
            for group in plan.groupsToUpdate {
                _ = try await Self.writeGroup(database, spec: group, managedBy: .config, at: now)
            }
            for declared in plan.componentsToCreate {
                _ = try await Self.insertComponent(
                    database, spec: declared.spec, status: declared.status ?? .operational, managedBy: .config, at: now)
            }
            for spec in plan.componentsToUpdate {
                _ = try await Self.writeComponent(database, spec: spec, managedBy: .config, at: now)
            }
            for change in plan.statusChanges {
                _ = try await Self.setStatus(
                    database, dialect: self.dialect, componentID: change.componentID, to: change.to, source: .config,
                    actor: "config", reason: "status pinned in the config file", at: now)
            }
            return plan
        }
    }
}
