import HeraldCore
import Testing

@Suite struct RoleAndStatusTests {
    @Test func eachRoleIncludesTheOnesBelowIt() {
        #expect(Role.admin.permits(.responder) && Role.admin.permits(.viewer))
        #expect(Role.responder.permits(.viewer) && !Role.responder.permits(.admin))
        #expect(!Role.viewer.permits(.responder))
    }

    @Test func theWorstStatusWinsAndMaintenanceIsNotAnOutage() {
        let statuses: [ComponentStatus] = [.operational, .underMaintenance, .degradedPerformance]
        #expect(statuses.max() == .degradedPerformance)
        #expect(ComponentStatus.underMaintenance < .partialOutage)
        #expect(ComponentStatus.operational < .underMaintenance)
    }

    @Test func statusesUseStatuspageSpellingsAndBothLanguages() {
        #expect(ComponentStatus.allCases.map(\.rawValue) == [
            "operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance",
        ])
        #expect(ComponentStatus.underMaintenance.label(.zhCN) == "维护中")
        #expect(ComponentStatus.majorOutage.label(.en) == "Major outage")
    }

    @Test func aPatchCanKeepClearOrSetEachField() {
        let component = Component(
            id: "api", name: "API", description: "old", runbookURL: "https://r.example/api",
            createdAt: .init(timeIntervalSince1970: 0), updatedAt: .init(timeIntervalSince1970: 0))
        var patch = ComponentPatch()
        patch.description = .clear
        patch.ownerTeam = .set("platform")
        let spec = patch.applied(to: component)
        #expect(spec.description == nil)
        #expect(spec.ownerTeam == "platform")
        #expect(spec.runbookURL == "https://r.example/api")
        #expect(spec.name == "API")
    }
}
