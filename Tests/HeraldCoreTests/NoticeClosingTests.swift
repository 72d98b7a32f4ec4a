import HeraldCore
import Testing

/// Completing and cancelling apply once; doing either again says it was done.
@Suite struct NoticeClosingTests {
    @Test(arguments: [
        (NoticeState.inProgress, nil as NoticeClosing.Refusal?),
        (.completed, .alreadyCompleted),
        (.cancelled, .alreadyCancelled),
        (.scheduled, .notInProgress(.scheduled)),
        (.draft, .notInProgress(.draft)),
    ])
    func complete(_ state: NoticeState, _ refusal: NoticeClosing.Refusal?) {
        switch NoticeClosing.complete(from: state) {
        case .success: #expect(refusal == nil)
        case .failure(let got): #expect(got == refusal)
        }
    }

    @Test(arguments: [
        (NoticeState.draft, Result<NoticeClosing.Cancellation, NoticeClosing.Refusal>.success(.drop)),
        (.scheduled, .success(.announce)),
        (.inProgress, .success(.announce)),
        (.completed, .failure(.alreadyCompleted)),
        (.cancelled, .failure(.alreadyCancelled)),
    ])
    func cancel(_ state: NoticeState, _ expected: Result<NoticeClosing.Cancellation, NoticeClosing.Refusal>) {
        #expect(NoticeClosing.cancel(from: state) == expected)
    }
}
