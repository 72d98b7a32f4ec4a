import HeraldCore

/// What the background services tell about the work they do, for `/metrics` and `/healthz`.
///
/// Counts of things that happened (attempts, pages sent, notice steps) are recorded here, where the
/// work happens; what can be read from the database (queue depth, open incidents) is read when it is
/// asked for, so that several nodes report the same truth. `HeraldMetrics` is the recorder in use;
/// `NoWorkRecorder` keeps nothing.
public protocol WorkRecorder: Sendable {
    /// One attempt at a delivery came to `outcome`; `latency` is nil when no channel was asked
    /// (a budget refusal, a channel that is not configured).
    func attempted(_ delivery: Delivery, outcome: SendOutcome, latency: Duration?)
    /// An attempt made the delivery a dead letter.
    func deadLettered(_ delivery: Delivery)
    /// The notice scheduler applied a step.
    func noticeStep(_ step: NoticeStep, decision: StepDecision)
    /// The notice scheduler started (true) or stopped (false) on this node.
    func schedulerRunning(_ running: Bool)
    /// The notice scheduler finished a pass.
    func schedulerTicked()
}

public struct NoWorkRecorder: WorkRecorder {
    public init() {}
    public func attempted(_ delivery: Delivery, outcome: SendOutcome, latency: Duration?) {}
    public func deadLettered(_ delivery: Delivery) {}
    public func noticeStep(_ step: NoticeStep, decision: StepDecision) {}
    public func schedulerRunning(_ running: Bool) {}
    public func schedulerTicked() {}
}
