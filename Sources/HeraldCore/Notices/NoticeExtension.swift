import Foundation

/// Moving a notice's planned end later: before the work began it is a rescheduling, during it an
/// extension — different messages in every format, since work that has not begun does not "need more time".
public enum NoticeExtension {
    /// Why a notice's end cannot be moved to the time asked.
    public enum Refusal: Error, Sendable, Equatable {
        /// Only a scheduled or in-progress notice can be moved.
        case notActive(NoticeState)
        /// The new end must be later than the current one.
        case notLater(than: Date)
    }

    /// The step that moving `notice`'s end to `end` sends, numbered after its earlier moves.
    public static func step(_ notice: Notice, until end: Date) -> Result<NoticeStep, Refusal> {
        let number = notice.extensions + 1
        switch notice.state {
        case .scheduled, .inProgress:
            let current = notice.content.plannedEnd ?? notice.content.plannedStart
            guard end > current else { return .failure(.notLater(than: current)) }
            return .success(notice.state == .scheduled ? .rescheduled(number: number) : .extended(number: number))
        case .draft, .completed, .cancelled:
            return .failure(.notActive(notice.state))
        }
    }
}
