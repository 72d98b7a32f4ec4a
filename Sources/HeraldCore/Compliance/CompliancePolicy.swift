import Foundation

/// What the config file's `compliance` section says: the regimes an incident can be classified
/// under (Herald's shipped ones, then the operator's), when reminders fall, who else is paged.
public struct CompliancePolicy: Sendable, Equatable {
    public var regimes: [RegulatoryRegime]
    /// Fractions of each step's window at which a reminder is sent (1.0 is the deadline).
    public var reminderPoints: [Double]
    /// The contact group paged beside the incident's team (the DPO, legal); nil pages the team only.
    public var group: String?
    /// The contact point every pre-filled report names (`compliance.contact`).
    public var contact: String?
    /// The organisation's zone: calendar-month windows count in it, and the timeline shows times in it.
    public var zone: TimeZone

    public init(
        regimes: [RegulatoryRegime] = RegulatoryRegime.shipped, reminderPoints: [Double] = ReportingClock.defaultReminderPoints,
        group: String? = nil, contact: String? = nil, zone: TimeZone = .gmt
    ) {
        self.contact = contact
        self.regimes = regimes
        self.reminderPoints = reminderPoints
        self.group = group
        self.zone = zone
    }

    public func regime(_ id: String) -> RegulatoryRegime? { regimes.first { $0.id == id } }
}

/// RFC 3339 with the offset the zone had at that instant: `2026-03-31T11:00:00+02:00`.
public enum ComplianceTime {
    public static func rfc3339(_ date: Date, _ zone: TimeZone) -> String {
        let civil = CivilTime(date, in: zone)
        return civil.dateText + "T" + civil.secondText + civil.offsetText()
    }
}
