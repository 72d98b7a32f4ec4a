/// Who is paged, and when the next ones are, until someone acknowledges.
///
/// Step 0 is paged when the incident opens. If nobody acknowledges within its wait, the next step
/// is paged, and so on; after the last step the policy starts over, `repeats` more times.
public struct EscalationPolicy: Sendable, Equatable, Codable {
    public var steps: [EscalationStep]
    public var repeats: Int

    public init(steps: [EscalationStep], repeats: Int = 0) {
        self.steps = steps
        self.repeats = repeats
    }

    /// The step paged at position `index` of the whole run (steps × (repeats + 1)), if any.
    public func step(at index: Int) -> EscalationStep? {
        guard !steps.isEmpty, index >= 0, index < steps.count * (repeats + 1) else { return nil }
        return steps[index % steps.count]
    }
}

/// One step: page a contact group or one contact, then wait before the next step.
public struct EscalationStep: Sendable, Equatable, Codable {
    public enum Target: Sendable, Equatable, Codable {
        case group(String)
        case contact(String)
        /// Whoever the on-call schedule names at the time of the page.
        case schedule(String)
    }

    public var target: Target
    public var waitMinutes: Int

    public init(target: Target, waitMinutes: Int) {
        self.target = target
        self.waitMinutes = waitMinutes
    }
}
