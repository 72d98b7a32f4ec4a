import HeraldCore

/// The request bodies of the component and component group routes, read field by field.
enum ComponentBodies {
    static func create(_ value: JSONValue) throws -> (ComponentSpec, ComponentStatus) {
        var reader = ObjectReader(value)
        let name = reader.requiredString("name")
        let spec = ComponentSpec(
            id: reader.string("id"), name: name ?? "", description: reader.string("description"),
            groupID: reader.string("group_id"), position: reader.integer("position") ?? 0,
            runbookURL: reader.string("runbook_url"), ownerTeam: reader.string("owner_team"), isInternal: reader.bool("internal") ?? false,
            translations: reader.translations() ?? [:])
        let status = reader.enumeration("status", as: ComponentStatus.self) ?? .operational
        reader.addUnreported(spec.validate())
        try reader.finish()
        return (spec, status)
    }

    static func patch(_ value: JSONValue) throws -> ComponentPatch {
        var reader = ObjectReader(value)
        var patch = ComponentPatch()
        patch.name = reader.nonNullString("name")
        patch.description = reader.patchString("description")
        patch.groupID = reader.patchString("group_id")
        patch.position = reader.nonNullInteger("position")
        patch.runbookURL = reader.patchString("runbook_url")
        patch.ownerTeam = reader.patchString("owner_team")
        if reader.contains("internal"), reader.raw("internal") == .null { reader.add([FieldError("internal", .problemComponentInternalNull)]) }
        patch.isInternal = reader.bool("internal")
        patch.translations = reader.contains("translations") && reader.raw("translations") == .null ? [:] : reader.translations()
        if reader.contains("status") {
            reader.add([FieldError("status", .problemStatusByItsRoute)])
        }
        if reader.contains("id") { reader.add([FieldError("id", .problemCannotChange)]) }
        try reader.finish()
        return patch
    }

    static func status(_ value: JSONValue) throws -> (ComponentStatus, String?) {
        var reader = ObjectReader(value)
        if !reader.contains("status") { reader.add([FieldError("status", .problemRequired)]) }
        let status = reader.enumeration("status", as: ComponentStatus.self)
        let reason = reader.string("reason")
        if let reason { reader.add(Validate.text(reason, field: "reason", maximum: 2000, multiline: true)) }
        try reader.finish()
        guard let status else { throw ValidationFailure(reader.errors) }
        return (status, reason)
    }

    static func createGroup(_ value: JSONValue) throws -> GroupSpec {
        var reader = ObjectReader(value)
        let name = reader.requiredString("name")
        let spec = GroupSpec(
            id: reader.string("id"), name: name ?? "", description: reader.string("description"),
            position: reader.integer("position") ?? 0, translations: reader.translations() ?? [:])
        reader.addUnreported(spec.validate())
        try reader.finish()
        return spec
    }

    static func patchGroup(_ value: JSONValue) throws -> GroupPatch {
        var reader = ObjectReader(value)
        var patch = GroupPatch()
        patch.name = reader.nonNullString("name")
        patch.description = reader.patchString("description")
        patch.position = reader.nonNullInteger("position")
        patch.translations = reader.contains("translations") && reader.raw("translations") == .null ? [:] : reader.translations()
        if reader.contains("id") { reader.add([FieldError("id", .problemCannotChange)]) }
        try reader.finish()
        return patch
    }
}
