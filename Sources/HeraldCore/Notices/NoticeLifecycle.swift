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
                let time = Self.reminderTime(minutes, content)
                guard now >= time, !done.contains(step.key) else { continue }
                if let published = notice.publishedAt, published >= time {
                    result.append(Due(step: step, decision: .skip(reason: SkipReason.passedAtPublishing.rawValue)))
                } else if now >= content.plannedStart {
                    result.append(Due(step: step, decision: .skip(reason: SkipReason.downtimeStarted.rawValue)))
                } else {
                    result.append(Due(step: step, decision: .send(late: now > time.addingTimeInterval(grace))))
                }
            }
            if now >= content.plannedStart, !done.contains(NoticeStep.start.key) {
                if let end = content.plannedEnd, now >= end {
                    result.append(Due(step: .start, decision: .skip(reason: SkipReason.windowEnded.rawValue)))
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

    /// When the reminder `minutes` before the start goes out.
    public static func reminderTime(_ minutes: Int, _ content: NoticeContent) -> Date {
        content.plannedStart.addingTimeInterval(-Double(minutes) * 60)
    }

    /// One message of a notice's send schedule: when it goes out, or that it will not.
    public struct Planned: Sendable, Equatable {
        public var step: NoticeStep
        public var at: Date
        /// Its time had passed when the notice was published, so `due` skips it.
        public var skipped: Bool

        public init(step: NoticeStep, at: Date, skipped: Bool = false) {
            self.step = step
            self.at = at
            self.skipped = skipped
        }
    }

    /// The whole send schedule of `content` published at `publishedAt`, in the order it goes out: the
    /// announcement then, each reminder (skipped when its time had passed by then, as `due` skips
    /// it), the start, and the recovery notice at the planned end when there is one. The times are
    /// those `due` sends the steps at.
    public func schedule(_ content: NoticeContent, publishedAt: Date) -> [Planned] {
        var planned = [Planned(step: .announcement, at: publishedAt)]
        for minutes in content.reminderMinutes.sorted(by: >) {
            let time = Self.reminderTime(minutes, content)
            planned.append(Planned(step: .reminder(minutesBefore: minutes), at: time, skipped: publishedAt >= time))
        }
        planned.append(Planned(step: .start, at: content.plannedStart))
        if let end = content.plannedEnd { planned.append(Planned(step: .completion, at: end)) }
        return planned
    }
}
