import Foundation

/// A hand-made mute, as Alertmanager defines silences: alerts whose labels match every matcher,
/// between its start and end, are recorded on their incident's timeline but page nobody.
public struct Silence: Sendable, Equatable {
    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String

    public init(id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, createdBy: String, comment: String) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    public func isActive(at time: Date) -> Bool { startsAt <= time && time < endsAt }

    /// Every matcher holds for `labels` (a missing label is the empty string, as in Alertmanager).
    public func matches(_ labels: [String: String]) -> Bool {
        !matchers.isEmpty && matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
    }
}

/// `name = value`, `name != value`, `name =~ regex` or `name !~ regex`; regular expressions are
/// anchored at both ends, as Alertmanager's are.
public struct LabelMatcher: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public var isRegex: Bool
    public var isEqual: Bool

    public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
        self.name = name
        self.value = value
        self.isRegex = isRegex
        self.isEqual = isEqual
    }

    /// Whether `value` is a usable pattern (for regex matchers).
    public var isValid: Bool {
        !isRegex || (try? NSRegularExpression(pattern: "^(?:\(value))$")) != nil
    }

    public func matches(_ candidate: String) -> Bool {
        let hit: Bool =
            if isRegex {
                candidate.range(of: "^(?:\(value))$", options: .regularExpression) != nil
            } else {
                candidate == value
            }
        return hit == isEqual
    }
}
