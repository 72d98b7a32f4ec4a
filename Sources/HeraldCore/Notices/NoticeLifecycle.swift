import Foundation

/// Decides which timed steps of a notice are due, and whether each is sent, sent late, or skipped.
///
/// The rules for steps that come due while Herald was down (documented in the README):
/// - a reminder is sent late while the downtime has not started; after the start it is skipped;
///   a reminder whose time had already passed when the notice was published is skipped;
/// - the start notice is sent late while the downtime is still on; if its planned end has also
///   passed, it is skipped (the components still switch, and the recovery notice follows);
/// - the recovery notice is always sent, late if need be.
public struct NoticeLifecycle: Sendable {
    /// A step sent within this long after its time counts as on time.
    public var grace: TimeInterval

    public init(grace: TimeInterval = 120) {
        self.grace = grace
    }

    public struct Due: Sendable, Equatable {
        public var step: NoticeStep
        public var decision: StepDecision
    }

    /// The timed steps due at `now`, in the order they must be applied; `done` holds the keys of
    /// steps already sent or skipped.
    public func due(_ notice: Notice, done: Set<String>, now: Date) -> [Due] {
        let content = notice.content
        var result: [Due] = []
        switch notice.state {
        case .scheduled:
            for minutes in content.reminderMinutes.sorted(by: >) {
                let step = NoticeStep.reminder(minutesBefore: minutes)
                let time = content.plannedStart.addingTimeInterval(-Double(minutes) * 60)
                guard now >= time, !done.contains(step.key) else { continue }
                if let published = notice.publishedAt, published >= time {
                    result.append(Due(step: step, decision: .skip(reason: "its time had passed when the notice was published")))
                } else if now >= content.plannedStart {
                    result.append(Due(step: step, decision: .skip(reason: "the downtime had already started")))
                } else {
                    result.append(Due(step: step, decision: .send(late: now > time.addingTimeInterval(grace))))
                }
            }
            if now >= content.plannedStart, !done.contains(NoticeStep.start.key) {
                if let end = content.plannedEnd, now >= end {
                    result.append(Due(step: .start, decision: .skip(reason: "the downtime window had already ended")))
                } else {
                    result.append(Due(step: .start, decision: .send(late: now > content.plannedStart.addingTimeInterval(grace))))
                }
                if let end = content.plannedEnd, now >= end, !done.contains(NoticeStep.completion.key) {
                    result.append(Due(step: .completion, decision: .send(late: now > end.addingTimeInterval(grace))))
                }
            }
        case .inProgress:
            if let end = content.plannedEnd, now >= end, !done.contains(NoticeStep.completion.key) {
                result.append(Due(step: .completion, decision: .send(late: now > end.addingTimeInterval(grace))))
            }
        case .draft, .completed, .cancelled:
            break
        }
        return result
    }
}
