import Foundation
import HeraldCore

/// Reads `drills`: `acknowledge_target_minutes` (the scorecard's target, 5 by default), `teams`, a
/// target per team id (`{payments: 3}`), and `schedule`, the drills Herald starts each month:
/// `[{team: payments, on: first tuesday, at: "10:00", zone: Asia/Shanghai, severity: high}]`
/// (`zone` by default the status page's).
func readDrills(_ value: JSONValue, into parent: inout ObjectReader, zone defaultZone: TimeZone) -> DrillSettings {
    var section = ObjectReader(value, prefix: "drills.")
    var settings = DrillSettings()
    func minutes(_ number: Double?, field: String) -> TimeInterval? {
        guard let number else { return nil }
        guard number > 0, number <= 24 * 60 else {
            section.add([FieldError(field, "must be more than 0 and at most 1440 (a day)")])
            return nil
        }
        return number * 60
    }
    if let target = minutes(section.number("acknowledge_target_minutes"), field: "drills.acknowledge_target_minutes") {
        settings.acknowledgeTarget = target
    }
    if let teams = section.object("teams") {
        if case .object(let members) = teams {
            for (team, value) in members.sorted(by: { $0.key < $1.key }) {
                let field = "drills.teams.\(team)"
                section.add(Validate.identifier(team, field: field))
                let number: Double? =
                    switch value {
                    case .integer(let whole): Double(whole)
                    case .number(let fraction): fraction
                    default: nil
                    }
                guard let number else {
                    section.add([FieldError(field, "must be a number of minutes")])
                    continue
                }
                if let target = minutes(number, field: field) { settings.teamTargets[team] = target }
            }
        }
    }
    for (index, entry) in section.array("schedule").enumerated() {
        let field = "drills.schedule[\(index)]"
        var item = ObjectReader(entry, prefix: field + ".")
        let team = item.requiredString("team"), on = item.requiredString("on"), at = item.requiredString("at")
        if let team { item.add(Validate.identifier(team, field: field + ".team")) }
        let severity = item.enumeration("severity", as: Severity.self) ?? .high
        var zone = defaultZone
        if let name = item.string("zone") {
            if let named = TimeZone(identifier: name) { zone = named } else { item.add([FieldError(field + ".zone", "must be an IANA time zone, e.g. Asia/Shanghai")]) }
        }
        if let team, let on, let at {
            switch DrillSchedule.parse(team: team, severity: severity, on: on, at: at, zone: zone, field: field) {
            case .success(let schedule): settings.schedules.append(schedule)
            case .failure(let failure): item.add(failure.errors)
            }
        }
        section.add(item.errorsIncludingUnknown())
    }
    parent.add(section.errorsIncludingUnknown())
    return settings
}
