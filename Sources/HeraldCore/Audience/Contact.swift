import Foundation

/// A person (or system) Herald sends messages to, with their addresses and how they want to be reached.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var name: String
    public var language: Language
    /// The IANA zone their quiet hours are in.
    public var timeZone: String
    public var groups: [String]
    public var roles: [String]
    /// One address per channel: an email address, an E.164 phone number, an IM user id, a URL.
    public var addresses: [ChannelKind: String]
    /// Channels they want per severity, replacing the defaults for that severity.
    public var preferences: [Severity: [ChannelKind]]
    /// Components they follow; empty means every component.
    public var subscriptions: [String]
    public var quietHours: QuietHours?
    public var consent: Consent
    public var createdAt: Date
    /// The secret in their one-click unsubscribe link; the store gives every contact one.
    public var unsubscribeToken: String?

    public init(
        id: String, name: String, language: Language = .zhCN, timeZone: String = "Asia/Shanghai", groups: [String] = [],
        roles: [String] = [], addresses: [ChannelKind: String], preferences: [Severity: [ChannelKind]] = [:],
        subscriptions: [String] = [], quietHours: QuietHours? = nil, consent: Consent = .granted, createdAt: Date,
        unsubscribeToken: String? = nil
    ) {
        self.unsubscribeToken = unsubscribeToken
        self.id = id
        self.name = name
        self.language = language
        self.timeZone = timeZone
        self.groups = groups
        self.roles = roles
        self.addresses = addresses
        self.preferences = preferences
        self.subscriptions = subscriptions
        self.quietHours = quietHours
        self.consent = consent
        self.createdAt = createdAt
    }

    /// Whether they follow any of `components`.
    public func follows(any components: [String]) -> Bool {
        subscriptions.isEmpty || !Set(subscriptions).isDisjoint(with: components)
    }
}

/// Whether a contact agreed to be sent messages.
public enum Consent: String, Sendable, Codable, CaseIterable {
    /// Nothing is sent until they confirm (double opt-in).
    case pending
    case granted
    /// They unsubscribed; nothing is sent.
    case withdrawn
}

/// A daily span, in the contact's zone, when only high-severity messages reach them at once.
public struct QuietHours: Sendable, Equatable, Codable {
    /// Minutes after midnight.
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Reads "22:00-07:30".
    public init?(_ text: String) {
        let parts = text.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && (0..<24).contains($0[0]) && (0..<60).contains($0[1]) })
        else { return nil }
        start = parts[0][0] * 60 + parts[0][1]
        end = parts[1][0] * 60 + parts[1][1]
    }

    public var text: String { String(format: "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60, end % 60) }

    /// When the quiet span around `date` ends, or nil if `date` is not inside one. Spans may cross midnight.
    public func end(after date: Date, in zone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let inside = start <= end ? (minute >= start && minute < end) : (minute >= start || minute < end)
        guard inside, start != end else { return nil }
        let dayStart = calendar.startOfDay(for: date)
        var endDate = dayStart.addingTimeInterval(Double(end) * 60)
        if endDate <= date { endDate = calendar.date(byAdding: .day, value: 1, to: endDate) ?? endDate }
        return endDate
    }
}
