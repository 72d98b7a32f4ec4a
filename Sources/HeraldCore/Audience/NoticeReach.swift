import Foundation

/// How many people a notice reaches and on which channels, as the check reports it before publishing.
public struct NoticeReach: Sendable, Equatable {
    public var people: Int
    /// Messages per channel for one step.
    public var channels: [ChannelKind: Int]

    public init(people: Int, channels: [ChannelKind: Int]) {
        self.people = people
        self.channels = channels
    }

    /// Who among `contacts` gets `content`'s messages, and on which channels the planner sends them.
    public static func of(_ content: NoticeContent, contacts: [Contact], planner: ChannelPlanner, now: Date) -> NoticeReach {
        let readers = contacts.filter { content.readers.includes($0, components: content.components) }
        var channels: [ChannelKind: Int] = [:]
        for contact in readers {
            for planned in planner.plan(contact, severity: content.severity, now: now) { channels[planned.channel, default: 0] += 1 }
        }
        return NoticeReach(people: readers.count, channels: channels)
    }

    /// Advice about the audience: names nobody holds (likely typos), and a notice that reaches no one.
    public func warnings(for audience: NoticeAudience, among contacts: [Contact]) -> [NoticeWarning] {
        var warnings: [NoticeWarning] = []
        let unknown = audience.unknownNames(among: contacts)
        for group in unknown.groups {
            warnings.append(NoticeWarning(.unknownAudience, field: "audience.groups", .checkUnknownGroup) { _ in ["group": group] })
        }
        for role in unknown.roles {
            warnings.append(NoticeWarning(.unknownAudience, field: "audience.roles", .checkUnknownRole) { _ in ["role": role] })
        }
        if people == 0 {
            warnings.append(NoticeWarning(.noAudience, field: "audience", .checkNoAudience) { _ in [:] })
        }
        return warnings
    }
}
