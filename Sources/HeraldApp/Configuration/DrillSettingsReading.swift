import Foundation
import HeraldCore

/// Reads `drills`: `acknowledge_target_minutes` (the scorecard's target, 5 by default) and `teams`,
/// a target per team id: `{payments: 3}`.
func readDrills(_ value: JSONValue, into parent: inout ObjectReader) -> DrillSettings {
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
    parent.add(section.errorsIncludingUnknown())
    return settings
}
