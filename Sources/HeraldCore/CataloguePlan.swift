/// The writes that bring the stored catalogue in line with a declaration; empty when they already agree,
/// which is what makes reloading the config file idempotent.
public struct CataloguePlan: Sendable, Equatable {
    public var groupsToCreate: [GroupSpec] = []
    public var groupsToUpdate: [GroupSpec] = []
    public var componentsToCreate: [CatalogueDeclaration.DeclaredComponent] = []
    public var componentsToUpdate: [ComponentSpec] = []
    public var statusChanges: [StatusChange] = []
    /// Entries the file used to declare and no longer does. They are kept, since incidents and history
    /// refer to them, and reported so the operator can delete them on purpose.
    public var undeclaredGroups: [String] = []
    public var undeclaredComponents: [String] = []

    /// A status the file pins that differs from the stored one.
    public struct StatusChange: Sendable, Equatable {
        public var componentID: String
        public var from: ComponentStatus
        public var to: ComponentStatus

        public init(componentID: String, from: ComponentStatus, to: ComponentStatus) {
            self.componentID = componentID
            self.from = from
            self.to = to
        }
    }

    public var isEmpty: Bool {
        groupsToCreate.isEmpty && groupsToUpdate.isEmpty && componentsToCreate.isEmpty
            && componentsToUpdate.isEmpty && statusChanges.isEmpty
    }

    /// Compares a validated declaration with what is stored.
    public init(declaration: CatalogueDeclaration, groups: [ComponentGroup], components: [Component]) {
        let storedGroups = Dictionary(groups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let storedComponents = Dictionary(components.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        for group in declaration.groups {
            guard let id = group.id else { continue }
            if let stored = storedGroups[id] {
                // An entry first made through the API is adopted by the file.
                if !group.matches(stored) || stored.managedBy != .config { groupsToUpdate.append(group) }
            } else {
                groupsToCreate.append(group)
            }
        }
        for declared in declaration.components {
            guard let id = declared.spec.id else { continue }
            if let stored = storedComponents[id] {
                if !declared.spec.matches(stored) || stored.managedBy != .config {
                    componentsToUpdate.append(declared.spec)
                }
                if let pinned = declared.status, pinned != stored.status {
                    statusChanges.append(StatusChange(componentID: id, from: stored.status, to: pinned))
                }
            } else {
                componentsToCreate.append(declared)
            }
        }
        let declaredGroups = Set(declaration.groups.compactMap(\.id))
        let declaredComponents = Set(declaration.components.compactMap(\.spec.id))
        undeclaredGroups = groups.filter { $0.managedBy == .config && !declaredGroups.contains($0.id) }.map(\.id)
        undeclaredComponents = components.filter { $0.managedBy == .config && !declaredComponents.contains($0.id) }
            .map(\.id)
    }
}
