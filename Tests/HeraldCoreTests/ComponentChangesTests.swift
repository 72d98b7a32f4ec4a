import Foundation
import HeraldCore
import Testing

/// Each public update records the change to its components made with it, from their history.
@Suite struct ComponentChangesTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)
    static func change(_ id: Int64, _ seconds: Double, _ old: ComponentStatus, _ new: ComponentStatus) -> ComponentStatusChange {
        ComponentStatusChange(
            id: id, componentID: "pay", oldStatus: old, newStatus: new, source: .alert, actor: "t", reason: nil, changedAt: t0.addingTimeInterval(seconds))
    }

    @Test func theStatusAtATimeComesFromTheHistory() {
        let changes = [Self.change(2, 600, .majorOutage, .degradedPerformance), Self.change(1, 0, .operational, .majorOutage)]
        #expect(ComponentChanges.status(at: Self.t0.addingTimeInterval(-1), changes: changes, current: .operational) == .operational)
        #expect(ComponentChanges.status(at: Self.t0, changes: changes, current: .operational) == .majorOutage)
        #expect(ComponentChanges.status(at: Self.t0.addingTimeInterval(599), changes: changes, current: .operational) == .majorOutage)
        #expect(ComponentChanges.status(at: Self.t0.addingTimeInterval(601), changes: changes, current: .operational) == .degradedPerformance)
        #expect(ComponentChanges.status(at: Self.t0, changes: [], current: .partialOutage) == .partialOutage, "no history: as it is now")
    }

    @Test func eachUpdateGetsTheChangeMadeBeforeIt() {
        // Opened at t0 with the outage; identified at +300; degraded at +600; resolved at +900 with operational at +900.
        let history = ["pay": [
            Self.change(1, 0, .operational, .majorOutage), Self.change(2, 600, .majorOutage, .degradedPerformance),
            Self.change(3, 900, .degradedPerformance, .operational),
        ]]
        let times = [300.0, 700, 900].map { Self.t0.addingTimeInterval($0) }
        let affected = ComponentChanges.perUpdate(
            times, began: Self.t0, components: ["pay", "gone"], history: history, current: ["pay": .operational])
        #expect(affected.map { $0.map(\.oldStatus) } == [[.operational], [.majorOutage], [.degradedPerformance]])
        #expect(affected.map { $0.map(\.newStatus) } == [[.majorOutage], [.degradedPerformance], [.operational]])
        #expect(affected.allSatisfy { $0.map(\.componentID) == ["pay"] }, "a component that no longer exists is left out")
    }
}
