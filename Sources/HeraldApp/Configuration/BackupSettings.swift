import Foundation
import HeraldCore

/// Reads `backups`: `every_hours` (required; from 0.25 to 720), `directory` (relative to the config
/// file), `keep`, `max_age_days`, `verify`, `team`, `key_file`.
func readBackups(_ value: JSONValue, into parent: inout ObjectReader, relativeTo file: String) -> BackupSchedule? {
    var section = ObjectReader(value, prefix: "backups.")
    let base = URL(fileURLWithPath: file).deletingLastPathComponent()
    func path(_ text: String) -> String { text.hasPrefix("/") ? text : base.appendingPathComponent(text).path }
    var schedule = BackupSchedule(every: 86_400, directory: path("herald-backups"))
    let hours = section.number("every_hours")
    if let hours {
        if (0.25...720).contains(hours) { schedule.every = hours * 3600 } else {
            section.add([FieldError("backups.every_hours", "must be from 0.25 (15 minutes) to 720 (30 days)")])
        }
    } else if !section.contains("every_hours") {
        section.add([FieldError("backups.every_hours", "is required: how often to back up, e.g. 24")])
    }
    if let directory = section.string("directory") { schedule.directory = path(directory) }
    if let keep = section.integer("keep") {
        if keep >= 1 { schedule.keep = keep } else { section.add([FieldError("backups.keep", "must be 1 or more")]) }
    }
    if let days = section.number("max_age_days") {
        if days > 0 { schedule.maxAge = days * 86_400 } else { section.add([FieldError("backups.max_age_days", "must be more than 0")]) }
    }
    if let verify = section.bool("verify") { schedule.verify = verify }
    if let team = section.string("team") {
        section.add(Validate.identifier(team, field: "backups.team"))
        schedule.teamID = team
    }
    if let key = section.string("key_file") { schedule.keyFile = path(key) }
    let errors = section.errorsIncludingUnknown()
    parent.add(errors)
    return errors.isEmpty ? schedule : nil
}
