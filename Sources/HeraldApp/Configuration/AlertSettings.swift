import Foundation
import HeraldCore

/// How alerts are taken in: the `alerts` section of the config file.
public struct AlertSettings: Sendable {
    public var severity = SeverityRules()
    /// Events per minute each integration may send before it gets 429.
    public var perMinute = 6000
    /// PagerDuty's limit on an event's size.
    public var maxBodyBytes = 512 * 1024
    /// Whether an incident resolves itself when its last alert resolves.
    public var autoResolve = true
    /// While a source alert is open, matching targets with equal labels page nobody.
    public var inhibitions: [InhibitRule] = []
    /// When an alert that keeps firing and clearing counts as flapping, and how long it must stay quiet.
    public var flapping = FlapPolicy()
    /// How far a signed request's timestamp may be from now (`signature_window_seconds`).
    public var signatureWindow = SignatureWindow.standard
    /// When a team goes into storm mode, per team (`storm`).
    public var storm = StormSettings()

    public init() {}
}

/// Reads `alerts`: `severity_map` (source word → high, medium or low), `rate_per_minute`, `auto_resolve`,
/// `inhibit`, `flapping` (`false`, or `threshold`, `window_minutes`, `quiet_minutes`), and `storm`
/// (`false`, or `threshold`, `window_minutes`, `digest_minutes` and `teams` with their own of those).
func readAlerts(_ value: JSONValue, into parent: inout ObjectReader) -> AlertSettings {
    var settings = AlertSettings()
    var section = ObjectReader(value, prefix: "alerts.")
    if let map = section.object("severity_map"), case .object(let entries) = map {
        for (word, grade) in entries {
            if case .string(let text) = grade, let severity = Severity(rawValue: text) {
                settings.severity.words[word.lowercased()] = severity
            } else {
                section.add([FieldError("alerts.severity_map.\(word)", "must be high, medium or low")])
            }
        }
    }
    if let rate = section.integer("rate_per_minute") {
        if rate >= 1 { settings.perMinute = rate } else { section.add([FieldError("alerts.rate_per_minute", "must be at least 1")]) }
    }
    for (index, item) in section.array("inhibit").enumerated() {
        var rule = ObjectReader(item, prefix: "alerts.inhibit[\(index)].")
        func matchers(_ key: String) -> [LabelMatcher] {
            guard let object = rule.object(key), case .object(let entries) = object else {
                rule.add([FieldError("alerts.inhibit[\(index)].\(key)", "is required: labels and the values they must have")])
                return []
            }
            return entries.sorted { $0.key < $1.key }.compactMap { name, value in
                if case .string(let text) = value { return LabelMatcher(name: name, value: text) }
                rule.add([FieldError("alerts.inhibit[\(index)].\(key).\(name)", "must be a string")])
                return nil
            }
        }
        let source = matchers("source")
        let target = matchers("target")
        let equal = rule.array("equal").compactMap { value -> String? in
            if case .string(let name) = value { return name }
            rule.add([FieldError("alerts.inhibit[\(index)].equal", "must list label names")])
            return nil
        }
        section.add(rule.errorsIncludingUnknown())
        settings.inhibitions.append(InhibitRule(source: source, target: target, equal: equal))
    }
    switch section.raw("flapping") {
    case nil, .null?: break
    case .bool(false)?: settings.flapping = .off
    case .bool(true)?: break
    case let value?:
        var flapping = ObjectReader(value, prefix: "alerts.flapping.")
        let threshold = flapping.integer("threshold") ?? settings.flapping.threshold
        let window = flapping.integer("window_minutes") ?? Int(settings.flapping.window / 60)
        let quiet = flapping.integer("quiet_minutes") ?? Int(settings.flapping.quiet / 60)
        if !(2...100).contains(threshold) { flapping.add([FieldError("alerts.flapping.threshold", "must be from 2 to 100 firings")]) }
        if !(1...1440).contains(window) { flapping.add([FieldError("alerts.flapping.window_minutes", "must be from 1 to 1440")]) }
        if !(1...1440).contains(quiet) { flapping.add([FieldError("alerts.flapping.quiet_minutes", "must be from 1 to 1440")]) }
        section.add(flapping.errorsIncludingUnknown())
        settings.flapping = FlapPolicy(threshold: threshold, window: TimeInterval(window * 60), quiet: TimeInterval(quiet * 60))
    }
    switch section.raw("storm") {
    case nil, .null?, .bool(true)?: break
    case .bool(false)?: settings.storm.enabled = false
    case let value?:
        var storm = ObjectReader(value, prefix: "alerts.storm.")
        settings.storm.standard = readStormPolicy(&storm, prefix: "alerts.storm.", base: StormPolicy())
        if let teams = storm.object("teams"), case .object(let entries) = teams {
            for (team, entry) in entries.sorted(by: { $0.key < $1.key }) {
                var own = ObjectReader(entry, prefix: "alerts.storm.teams.\(team).")
                settings.storm.teams[team] = readStormPolicy(&own, prefix: "alerts.storm.teams.\(team).", base: settings.storm.standard)
                storm.add(own.errorsIncludingUnknown())
            }
        }
        section.add(storm.errorsIncludingUnknown())
    }
    if let seconds = section.integer("signature_window_seconds") {
        if (10...3600).contains(seconds) { settings.signatureWindow = SignatureWindow(seconds: seconds) } else {
            section.add([FieldError("alerts.signature_window_seconds", "must be from 10 to 3600")])
        }
    }
    switch section.raw("auto_resolve") {
    case nil, .null?: break
    case .bool(let value)?: settings.autoResolve = value
    case let other?: section.add([FieldError("alerts.auto_resolve", "must be true or false, got \(other.typeName)")])
    }
    parent.add(section.errorsIncludingUnknown())
    return settings
}

/// One storm policy: each setting not given is `base`'s (a team's default is the section's own);
/// only the settings given are checked, so a bad default is reported once.
private func readStormPolicy(_ reader: inout ObjectReader, prefix: String, base: StormPolicy) -> StormPolicy {
    var policy = base
    if let threshold = reader.integer("threshold") {
        if (2...10_000).contains(threshold) { policy.threshold = threshold } else {
            reader.add([FieldError(prefix + "threshold", "must be from 2 to 10000 new incidents")])
        }
    }
    if let window = reader.integer("window_minutes") {
        if (1...1440).contains(window) { policy.window = TimeInterval(window * 60) } else {
            reader.add([FieldError(prefix + "window_minutes", "must be from 1 to 1440")])
        }
    }
    if let digest = reader.integer("digest_minutes") {
        if (1...1440).contains(digest) { policy.digestEvery = TimeInterval(digest * 60) } else {
            reader.add([FieldError(prefix + "digest_minutes", "must be from 1 to 1440")])
        }
    }
    return policy
}
