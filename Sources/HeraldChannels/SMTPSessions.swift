import Foundation
import Synchronization

/// Keeps a few SMTP sessions open between messages, so a burst of email (a notice to thousands)
/// does not pay for a TCP connection, a TLS handshake and AUTH per message.
///
/// Each session is a task that owns its connection. Between messages it waits, parked, for the next
/// one; it says QUIT after `idleTimeout` without work, or when enough sessions are already parked.
/// A parked session the server has closed meanwhile fails its RSET, and the message goes out on a
/// fresh session instead.
final class SMTPSessions: Sendable {
    let settings: SMTPSettings
    let maximumIdle: Int
    let idleTimeout: Duration
    private let parked = Mutex<(next: Int, waiting: [(id: Int, resume: CheckedContinuation<Job?, Never>)])>((0, []))
    /// How many sessions were opened, for tests and logs.
    private let opened = Atomic<Int>(0)

    struct Job: Sendable {
        let recipient: String
        let data: String
        let done: CheckedContinuation<Void, any Error>
    }

    /// A kept-open session that turned out to be closed; the message was not sent on it.
    struct Stale: Error {}

    init(settings: SMTPSettings, maximumIdle: Int = 4, idleTimeout: Duration = .seconds(30)) {
        self.settings = settings
        self.maximumIdle = maximumIdle
        self.idleTimeout = idleTimeout
    }

    var sessionsOpened: Int { opened.load(ordering: .relaxed) }

    func send(to recipient: String, data: String) async throws {
        do {
            try await hand(recipient: recipient, data: data, reuse: true)
        } catch is Stale {
            try await hand(recipient: recipient, data: data, reuse: false)
        }
    }

    private func hand(recipient: String, data: String, reuse: Bool) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let job = Job(recipient: recipient, data: data, done: done)
            if reuse, let session = parked.withLock({ $0.waiting.popLast() }) {
                session.resume.resume(returning: job)
            } else {
                opened.add(1, ordering: .relaxed)
                Task { await self.run(first: job) }
            }
        }
    }

    /// One session: its first message, then whatever it is handed while parked.
    private func run(first: Job) async {
        var unanswered: Job? = first
        do {
            try await SMTPConversation.session(settings) { exchange in
                var job = first
                var reused = false
                while true {
                    if reused {
                        do { try await exchange.reset() } catch {
                            unanswered = nil
                            job.done.resume(throwing: Stale())
                            throw error
                        }
                    }
                    do {
                        try await exchange.transaction(to: job.recipient, data: job.data)
                        unanswered = nil
                    } catch {
                        // After a failed transaction the session's state is uncertain: close it.
                        unanswered = nil
                        job.done.resume(throwing: error)
                        throw error
                    }
                    guard let next = await park(answering: job) else { return }
                    job = next
                    unanswered = next
                    reused = true
                }
            }
        } catch {
            unanswered?.done.resume(throwing: error)
        }
    }

    /// Tells the sender of `finished` it went out, and waits for the next message; nil when idle too
    /// long or when enough sessions are parked. The session is parked before its sender hears back,
    /// so the sender's next message finds it.
    private func park(answering finished: Job) async -> Job? {
        await withCheckedContinuation { (resume: CheckedContinuation<Job?, Never>) in
            let id: Int? = parked.withLock { state in
                guard state.waiting.count < maximumIdle else { return nil }
                state.next += 1
                state.waiting.append((state.next, resume))
                return state.next
            }
            finished.done.resume()
            guard let id else { return resume.resume(returning: nil) }
            Task {
                try? await Task.sleep(for: idleTimeout)
                let expired = parked.withLock { state in
                    state.waiting.firstIndex { $0.id == id }.map { state.waiting.remove(at: $0).resume }
                }
                expired?.resume(returning: nil)
            }
        }
    }
}
