import Foundation
import HeraldCore
import Testing

/// Daily uptime as the status page's bars show it, and the page's one-line state.
@Suite struct UptimeTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-11-22 00:00 in Shanghai.
    let midnight = Date(timeIntervalSince1970: 1_795_276_800)

    func change(_ from: ComponentStatus, _ to: ComponentStatus, hours: Double) -> ComponentStatusChange {
        ComponentStatusChange(
            id: 0, componentID: "pay", oldStatus: from, newStatus: to, source: .alert, actor: "a", reason: nil,
            changedAt: midnight.addingTimeInterval(hours * 3600))
    }

    @Test func outagesCountByTheirWeightAndMaintenanceDoesNot() {
        let created = midnight.addingTimeInterval(-10 * 86400)
        let changes = [
            change(.operational, .majorOutage, hours: 6), change(.majorOutage, .partialOutage, hours: 12),
            change(.partialOutage, .underMaintenance, hours: 18), change(.underMaintenance, .operational, hours: 20),
        ]
        let days = Uptime.days(
            changes: changes, current: .operational, createdAt: created, now: midnight.addingTimeInterval(86400), days: 3, zone: zone)
        #expect(days.count == 3)
        #expect(days.map(\.start) == [midnight.addingTimeInterval(-86400), midnight, midnight.addingTimeInterval(86400)])
        #expect(days[0].uptime == 1 && days[0].worst == .operational)
        // Six hours fully down, six hours 30 % down: 1 - (6 + 1.8) / 24.
        #expect(abs((days[1].uptime ?? 0) - (1 - 7.8 / 24)) < 1e-9)
        #expect(days[1].worst == .majorOutage)
        #expect(days[2].uptime == nil, "the day that has not begun has no data")
    }

    @Test func daysBeforeAComponentExistedHaveNoData() {
        let created = midnight.addingTimeInterval(12 * 3600)
        let days = Uptime.days(changes: [], current: .degradedPerformance, createdAt: created, now: midnight.addingTimeInterval(18 * 3600), days: 2, zone: zone)
        #expect(days[0].worst == nil && days[0].uptime == nil)
        #expect(days[1].worst == .degradedPerformance && days[1].uptime == 1, "degraded is slow, not down")
        #expect(Uptime.overall(days) == 1)
    }

    @Test func thePageStateIsTheWorstOfComponentsAndIncidentsOrMaintenance() {
        func component(_ status: ComponentStatus) -> Component {
            Component(id: UUID().uuidString, name: "c", status: status, createdAt: midnight, updatedAt: midnight)
        }
        func snapshot(_ statuses: [ComponentStatus], incident: Severity? = nil) -> PublicSnapshot {
            let incidents = incident.map {
                [PublicIncident(incident: Incident(id: "i", title: "t", status: .investigating, severity: $0, createdAt: midnight), updates: [])]
            } ?? []
            return PublicSnapshot(
                generatedAt: midnight, components: statuses.map(component), groups: [], incidents: incidents, maintenances: [], history: [:])
        }
        #expect(snapshot([.operational]).overall.indicator == .none)
        #expect(snapshot([.operational, .degradedPerformance]).overall.indicator == .minor)
        #expect(snapshot([.partialOutage, .underMaintenance]).overall.indicator == .major)
        #expect(snapshot([.operational, .underMaintenance]).overall.indicator == .maintenance)
        #expect(snapshot([.operational], incident: .high).overall.indicator == .critical, "an open incident counts even before components move")
        #expect(snapshot([.majorOutage]).overall.description(.zhCN) == "重大系统中断")
    }
}

/// Uptime counts only the time there is data for.
@Suite struct UptimeWeightingTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    // 2026-11-22 10:00 in Shanghai.
    static let now = Date(timeIntervalSince1970: 1_795_312_800)

    static func change(_ seconds: Double, _ old: ComponentStatus, _ new: ComponentStatus) -> ComponentStatusChange {
        ComponentStatusChange(id: Int64(seconds), componentID: "c", oldStatus: old, newStatus: new, source: .manual, actor: "t", reason: nil, changedAt: now.addingTimeInterval(seconds))
    }

    @Test func aComponentCreatedMinutesAgoIsJudgedOnThoseMinutes() {
        // Created 20 minutes ago, down for the first two of them.
        let days = Uptime.days(
            changes: [Self.change(-1080, .majorOutage, .operational)], current: .operational, createdAt: Self.now.addingTimeInterval(-1200),
            now: Self.now, days: 90, zone: Self.zone)
        #expect(days.filter { $0.uptime == nil }.count == 89, "the days before it existed have no data")
        let overall = try! #require(Uptime.overall(days))
        #expect(abs(overall - 0.9) < 0.0001, "2 minutes down of 20: \(overall)")
    }

    @Test func todaysHoursWeighAsHoursNotAsADay() {
        // Existed for years; yesterday all up; today down for one hour of the ten so far.
        let days = Uptime.days(
            changes: [Self.change(-7200, .operational, .majorOutage), Self.change(-3600, .majorOutage, .operational)], current: .operational,
            createdAt: Self.now.addingTimeInterval(-400 * 86400), now: Self.now, days: 2, zone: Self.zone)
        let overall = try! #require(Uptime.overall(days))
        #expect(abs(overall - (1 - 3600.0 / (86400 + 36000))) < 0.0001, "\(overall)")
    }
}

/// The public snapshot holds nothing internal.
@Suite struct PublicVisibilityTests {
    @Test func internalComponentsAndNoticesStayOut() {
        let at = Date(timeIntervalSince1970: 1_796_000_000)
        let components = [
            Component(id: "web", name: "官网", groupID: "front", createdAt: at, updatedAt: at),
            Component(id: "relay", name: "邮件中继", groupID: "back", isInternal: true, createdAt: at, updatedAt: at),
        ]
        let groups = [ComponentGroup(id: "front", name: "前台", createdAt: at, updatedAt: at), ComponentGroup(id: "back", name: "后台", createdAt: at, updatedAt: at)]
        let incident = Incident(id: "i", title: "故障", status: .investigating, severity: .high, components: ["web", "relay"], createdAt: at)
        let text = LocalizedText(zhCN: "维护")
        func notice(_ id: String, _ audience: NoticeAudience) -> PublicMaintenance {
            let content = NoticeContent(
                title: text, reason: text, impact: text, signature: text, contact: nil, components: ["web", "relay"], timeZone: "Asia/Shanghai",
                plannedStart: at, plannedEnd: nil, audience: audience)
            return PublicMaintenance(notice: Notice(id: id, state: .scheduled, content: content, createdBy: "t", createdAt: at, updatedAt: at), updates: [])
        }
        let change = ComponentStatusChange(id: 1, componentID: "relay", oldStatus: .operational, newStatus: .majorOutage, source: .manual, actor: "t", reason: nil, changedAt: at)
        let snapshot = PublicSnapshot.visible(
            generatedAt: at, components: components, groups: groups, incidents: [PublicIncident(incident: incident, updates: [])],
            maintenances: [notice("public", .everyone), notice("staff", NoticeAudience(visibility: .internal))], history: ["relay": [change]])
        #expect(snapshot.components.map(\.id) == ["web"])
        #expect(snapshot.groups.map(\.id) == ["front"], "a group of internal components only is not shown")
        #expect(snapshot.incidents.first?.incident.components == ["web"])
        #expect(snapshot.maintenances.map(\.notice.id) == ["public"] && snapshot.maintenances.first?.notice.content.components == ["web"])
        #expect(snapshot.history.isEmpty)
    }
}
