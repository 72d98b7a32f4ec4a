import Foundation

/// MTTA, MTTR, MTTD and time to mitigate per team, severity, integration or component, and per week or month: the figures
/// an operations team reports on, with the number of incidents behind each.
public enum ResponseAnalytics {
    /// What the incidents are grouped by.
    public enum Dimension: String, Sendable, CaseIterable, Codable {
        case team, severity, integration, component, all
    }

    /// The calendar period each row covers, in the reader's zone.
    public enum Period: String, Sendable, CaseIterable, Codable {
        case week, month, all
    }

    /// One row: the incidents of one group in one period, and their response times.
    public struct Row: Sendable, Equatable {
        /// The group's value: a team id, a severity, an integration id, a component id; "none" when the incident has none.
        public var group: String
        /// The period's first day, `YYYY-MM-DD` in the zone asked for; nil for `.all`.
        public var period: String?
        public var incidents: Int
        public var figures: [ResponseMetric: DurationSummary]
    }

    /// Groups `incidents` and summarises each group's response times, measured between their
    /// milestones (Herald's, with what responders set in `milestones`, by incident id). An incident
    /// with several components counts in each of their rows. Rows come sorted by period, then group.
    public static func summarise(
        _ incidents: [Incident], milestones: [String: [MilestoneRecord]] = [:], by dimension: Dimension, period: Period, zone: TimeZone
    ) -> [Row] {
        var groups: [Key: [Incident]] = [:]
        for incident in incidents {
            let start = periodStart(incident.createdAt, period, zone)
            for group in values(of: incident, dimension) {
                groups[Key(group: group, period: start), default: []].append(incident)
            }
        }
        return groups.map { key, members in
            Row(
                group: key.group, period: key.period, incidents: members.count,
                figures: Dictionary(uniqueKeysWithValues: ResponseMetric.allCases.map { metric in
                    (metric, DurationSummary(members.compactMap { metric.seconds(IncidentMilestones($0, set: milestones[$0.id] ?? [])) }))
                }))
        }
        .sorted { ($0.period ?? "", $0.group) < ($1.period ?? "", $1.group) }
    }

    private struct Key: Hashable {
        var group: String
        var period: String?
    }

    static func values(of incident: Incident, _ dimension: Dimension) -> [String] {
        switch dimension {
        case .team: [incident.teamID ?? "none"]
        case .severity: [incident.severity.rawValue]
        case .integration: [incident.integrationID ?? "none"]
        case .component: incident.components.isEmpty ? ["none"] : Array(Set(incident.components)).sorted()
        case .all: ["all"]
        }
    }

    /// The first day of the week (Monday, ISO 8601) or month that holds `date` in `zone`.
    static func periodStart(_ date: Date, _ period: Period, _ zone: TimeZone) -> String? {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        let start: Date?
        switch period {
        case .all: return nil
        case .week: start = calendar.dateInterval(of: .weekOfYear, for: date)?.start
        case .month: start = calendar.dateInterval(of: .month, for: date)?.start
        }
        guard let start else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
