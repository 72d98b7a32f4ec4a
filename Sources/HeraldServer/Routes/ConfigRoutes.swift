import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// Reloading the config file's catalogue without a restart (SIGHUP does the same).
    mutating func addConfigRoutes(reloader: CatalogueReloader?) {
        on(.post, "/config/reload", role: .admin) { _, _ in
            guard let reloader else {
                throw Problem(.conflict, detail: "Herald was started without --config, so there is no file to reload")
            }
            return JSONResponse(ReloadResult(try await reloader.reload()))
        }
    }
}

/// What a reload changed, by id; all lists are empty when the file and the database already agreed.
struct ReloadResult: Encodable, Sendable {
    var createdGroups: [String]
    var updatedGroups: [String]
    var createdComponents: [String]
    var updatedComponents: [String]
    var statusChanges: [String]
    var undeclaredGroups: [String]
    var undeclaredComponents: [String]

    enum CodingKeys: String, CodingKey {
        case createdGroups = "created_groups"
        case updatedGroups = "updated_groups"
        case createdComponents = "created_components"
        case updatedComponents = "updated_components"
        case statusChanges = "status_changes"
        case undeclaredGroups = "undeclared_groups"
        case undeclaredComponents = "undeclared_components"
    }

    init(_ plan: CataloguePlan) {
        createdGroups = plan.groupsToCreate.compactMap(\.id)
        updatedGroups = plan.groupsToUpdate.compactMap(\.id)
        createdComponents = plan.componentsToCreate.compactMap(\.spec.id)
        updatedComponents = plan.componentsToUpdate.compactMap(\.id)
        statusChanges = plan.statusChanges.map { "\($0.componentID): \($0.from.rawValue) → \($0.to.rawValue)" }
        undeclaredGroups = plan.undeclaredGroups
        undeclaredComponents = plan.undeclaredComponents
    }
}
