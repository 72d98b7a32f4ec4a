/// Whether an operator's "complete" or "cancel" applies to a notice as it stands. Doing either a
/// second time changes nothing and says so, instead of answering as if it had just been done.
public enum NoticeClosing {
    /// Why the operation does not apply.
    public enum Refusal: Error, Sendable, Equatable {
        case alreadyCompleted
        case alreadyCancelled
        /// Only work under way can be completed; a scheduled one is cancelled instead.
        case notInProgress(NoticeState)
    }

    /// How a cancellation is carried out.
    public enum Cancellation: Sendable, Equatable {
        /// A draft nobody was told about is simply dropped.
        case drop
        /// A published notice sends its cancellation, and its messages still waiting are withdrawn.
        case announce
    }

    public static func complete(from state: NoticeState) -> Result<Void, Refusal> {
        switch state {
        case .inProgress: .success(())
        case .completed: .failure(.alreadyCompleted)
        case .cancelled: .failure(.alreadyCancelled)
        case .draft, .scheduled: .failure(.notInProgress(state))
        }
    }

    public static func cancel(from state: NoticeState) -> Result<Cancellation, Refusal> {
        switch state {
        case .draft: .success(.drop)
        case .scheduled, .inProgress: .success(.announce)
        case .completed: .failure(.alreadyCompleted)
        case .cancelled: .failure(.alreadyCancelled)
        }
    }
}
