/// The service catalogue as a config file declares it (config as code).
public struct CatalogueDeclaration: Sendable, Equatable {
    /// Groups in the order the file lists them; every id is set.
    public var groups: [GroupSpec]
    /// Components in the order the file lists them; every id is set.
    public var components: [DeclaredComponent]

    public init(groups: [GroupSpec] = [], components: [DeclaredComponent] = []) {
        self.groups = groups
        self.components = components
    }

    /// A component in the file, optionally pinning its status.
    public struct DeclaredComponent: Sendable, Equatable {
        public var spec: ComponentSpec
        /// When set, the file owns the status too and every apply restores it; usually left out.
        public var status: ComponentStatus?

        public init(spec: ComponentSpec, status: ComponentStatus? = nil) {
            self.spec = spec
            self.status = status
        }
    }

    /// Errors name fields as paths into the file (`catalogue.components[1].group_id`).
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        var groupIDs = Set<String>()
        for (index, group) in groups.enumerated() {
            let prefix = "catalogue.groups[\(index)]."
            if group.id == nil { errors.append(FieldError(prefix + "id", "is required in the config file")) }
            errors += group.validate(prefix: prefix)
            if let id = group.id, !groupIDs.insert(id).inserted {
                errors.append(FieldError(prefix + "id", "'\(id)' is declared twice"))
            }
        }
        var componentIDs = Set<String>()
        for (index, declared) in components.enumerated() {
            let prefix = "catalogue.components[\(index)]."
            let spec = declared.spec
            if spec.id == nil { errors.append(FieldError(prefix + "id", "is required in the config file")) }
            errors += spec.validate(prefix: prefix)
            if let id = spec.id, !componentIDs.insert(id).inserted {
                errors.append(FieldError(prefix + "id", "'\(id)' is declared twice"))
            }
            if let group = spec.groupID, !groupIDs.contains(group) {
                errors.append(FieldError(prefix + "group_id", "'\(group)' is not a group declared in this file"))
            }
        }
        return errors
    }
}
