import Foundation
import HeraldCore
import HeraldStore

/// Reads a heartbeat monitor from JSON: the API's body, the console's form and the CLI's flags all
/// become this, so they refuse the same things in the same words, every problem at once.
///
/// `{"name":"nightly-backup","period_seconds":86400,"grace_seconds":1800,"team":"sre",
///   "labels":{"component":"backup"},"severity":"high"}`
public enum HeartbeatBody {
    /// The shortest period: the checker looks every few seconds, and a job beating more often than
    /// every minute is better watched by a probe.
    public static let shortestPeriod = 60
    public static let longestPeriod = 31 * 86400

    public static func read(_ value: JSONValue, teams: Set<String>) throws(ValidationFailure) -> NewHeartbeat {
        var reader = ObjectReader(value)
        let name = reader.requiredString("name")
        if let name { reader.add(Validate.identifier(name, field: "name")) }
        let period = reader.integer("period_seconds")
        if !reader.contains("period_seconds") { reader.add([FieldError("period_seconds", .problemRequired)]) }
        if let period, period < shortestPeriod || period > longestPeriod {
            reader.add([FieldError("period_seconds", .problemHeartbeatPeriod, values: ["shortest": String(shortestPeriod), "longest": String(longestPeriod)])])
        }
        let grace = reader.integer("grace_seconds") ?? 60
        if grace < 0 || grace > 7 * 86400 { reader.add([FieldError("grace_seconds", .problemHeartbeatGrace)]) }
        let team = reader.string("team")
        if let team, !teams.contains(team) { reader.add([FieldError("team", .problemNotATeam, values: ["team": team])]) }
        var labels: [String: String] = [:]
        if let object = reader.object("labels"), case .object(let entries) = object {
            for (label, value) in entries {
                if case .string(let text) = value, !label.isEmpty { labels[label] = text } else { reader.add([FieldError("labels.\(label)", .problemMustBeStringPlain)]) }
            }
        }
        if labels["heartbeat"] != nil { reader.add([FieldError("labels.heartbeat", .problemHeartbeatLabelReserved)]) }
        if team == nil, labels.isEmpty, !reader.reported("team") {
            reader.add([FieldError("team", .problemHeartbeatTeamOrLabels)])
        }
        let severity = reader.enumeration("severity", as: Severity.self) ?? .high
        try reader.finish()
        return NewHeartbeat(
            name: name ?? "", period: TimeInterval(period ?? 0), grace: TimeInterval(grace), teamID: team, labels: labels, severity: severity)
    }
}
