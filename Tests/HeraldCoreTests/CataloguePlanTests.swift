import Foundation
import HeraldCore
import Testing

@Suite struct CataloguePlanTests {
    let epoch = Date(timeIntervalSince1970: 1_790_000_000)

    func stored(_ id: String, name: String, group: String? = nil, status: ComponentStatus = .operational,
                managedBy: CatalogueManager = .config) -> Component {
        Component(id: id, name: name, groupID: group, status: status, managedBy: managedBy, createdAt: epoch, updatedAt: epoch)
    }

    @Test func aDeclarationAgainstAnEmptyCatalogueCreatesEverything() {
        let declaration = CatalogueDeclaration(
            groups: [GroupSpec(id: "core", name: "核心服务")],
            components: [.init(spec: ComponentSpec(id: "api", name: "API", groupID: "core"))])
        let plan = CataloguePlan(declaration: declaration, groups: [], components: [])
        #expect(plan.groupsToCreate.map(\.id) == ["core"])
        #expect(plan.componentsToCreate.map(\.spec.id) == ["api"])
        #expect(!plan.isEmpty)
    }

    @Test func applyingTheSameDeclarationAgainPlansNothing() {
        let declaration = CatalogueDeclaration(components: [.init(spec: ComponentSpec(id: "api", name: "API"))])
        let plan = CataloguePlan(declaration: declaration, groups: [], components: [stored("api", name: "API")])
        #expect(plan.isEmpty)
    }

    @Test func aChangedNameIsAnUpdateAndAnAPIEntryIsAdopted() {
        let declaration = CatalogueDeclaration(components: [
            .init(spec: ComponentSpec(id: "api", name: "Public API")),
            .init(spec: ComponentSpec(id: "web", name: "Web")),
        ])
        let plan = CataloguePlan(
            declaration: declaration, groups: [],
            components: [stored("api", name: "API"), stored("web", name: "Web", managedBy: .api)])
        #expect(plan.componentsToUpdate.map(\.id) == ["api", "web"])
    }

    @Test func aPinnedStatusIsRestoredButAnUnpinnedOneIsLeftAlone() {
        let declaration = CatalogueDeclaration(components: [
            .init(spec: ComponentSpec(id: "api", name: "API"), status: .operational),
            .init(spec: ComponentSpec(id: "db", name: "DB")),
        ])
        let plan = CataloguePlan(
            declaration: declaration, groups: [],
            components: [stored("api", name: "API", status: .majorOutage), stored("db", name: "DB", status: .partialOutage)])
        #expect(plan.statusChanges == [.init(componentID: "api", from: .majorOutage, to: .operational)])
    }

    @Test func entriesTheFileNoLongerDeclaresAreReportedNotDeleted() {
        let plan = CataloguePlan(
            declaration: CatalogueDeclaration(), groups: [],
            components: [stored("old", name: "Old"), stored("manual", name: "Manual", managedBy: .api)])
        #expect(plan.undeclaredComponents == ["old"])
        #expect(plan.isEmpty)
    }

    @Test func validationNamesTheFieldPathInTheFile() {
        let declaration = CatalogueDeclaration(
            groups: [GroupSpec(id: "core", name: "Core")],
            components: [
                .init(spec: ComponentSpec(id: "api", name: "API", groupID: "core")),
                .init(spec: ComponentSpec(id: "api", name: " ", groupID: "missing")),
                .init(spec: ComponentSpec(name: "No id")),
            ])
        let fields = declaration.validate().map(\.field)
        #expect(fields.contains("catalogue.components[1].id"))
        #expect(fields.contains("catalogue.components[1].name"))
        #expect(fields.contains("catalogue.components[1].group_id"))
        #expect(fields.contains("catalogue.components[2].id"))
        #expect(!fields.contains { $0.hasPrefix("catalogue.components[0]") })
    }
}
