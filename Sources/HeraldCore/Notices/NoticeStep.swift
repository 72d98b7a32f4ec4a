/// One message in a notice's life. Each is sent at most once; its key is the idempotency marker.
public enum NoticeStep: Sendable, Hashable {
    case announcement
    case reminder(minutesBefore: Int)
    case start
    /// The `number`th time the end was moved later, while the work was under way.
    case extended(number: Int)
    /// The `number`th time the end was moved later before the work began: a new schedule, not a delay.
    case rescheduled(number: Int)
    case completion
    case cancellation
    /// A rehearsal sent only to a test audience before publishing.
    case test(number: Int)

    /// Stable text for the store and for idempotency keys: `reminder-1440`, `extension-2`.
    public var key: String {
        switch self {
        case .announcement: "announcement"
        case .reminder(let minutes): "reminder-\(minutes)"
        case .start: "start"
        case .extended(let number): "extension-\(number)"
        case .rescheduled(let number): "reschedule-\(number)"
        case .completion: "completion"
        case .cancellation: "cancellation"
        case .test(let number): "test-\(number)"
        }
    }

    public init?(key: String) {
        let parts = key.split(separator: "-", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count == 2 ? Int(parts[1]) : nil) {
        case ("announcement", nil): self = .announcement
        case ("reminder", let minutes?): self = .reminder(minutesBefore: minutes)
        case ("start", nil): self = .start
        case ("extension", let number?): self = .extended(number: number)
        case ("reschedule", let number?): self = .rescheduled(number: number)
        case ("completion", nil): self = .completion
        case ("cancellation", nil): self = .cancellation
        case ("test", let number?): self = .test(number: number)
        default: return nil
        }
    }
}

/// What to do about a step whose time has come.
public enum StepDecision: Sendable, Equatable {
    /// Send it; `late` when Herald was down at its time and sends it afterwards.
    case send(late: Bool)
    /// Do not send it, because it no longer makes sense; the reason is recorded.
    case skip(reason: String)
}

/// Why a step was skipped, as `notice_steps` records it (the raw value, in English, as the API shows it).
public enum SkipReason: String, Sendable, CaseIterable {
    case passedAtPublishing = "its time had passed when the notice was published"
    case downtimeStarted = "the downtime had already started"
    case windowEnded = "the downtime window had already ended"

    /// The reason in a reader's words.
    public var phrase: Phrase {
        switch self {
        case .passedAtPublishing: .skipPassedAtPublishing
        case .downtimeStarted: .skipDowntimeStarted
        case .windowEnded: .skipWindowEnded
        }
    }

    /// A recorded reason in `language`; one Herald did not write stays as recorded.
    public static func text(_ recorded: String, in language: Language) -> String {
        SkipReason(rawValue: recorded).map { language.text($0.phrase) } ?? recorded
    }
}
