import HeraldCore
import HeraldEngine
import Prometheus

/// The work done on this node, counted where it happens: delivery attempts and their latency, pages
/// sent, dead letters, notice steps. Each node counts its own; Prometheus sums them.
extension HeraldMetrics: WorkRecorder {
    static var attempts: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "delivery", metricName: "attempts", unitName: "total",
            helpText: "Delivery attempts on this node, by channel and outcome (sent, retryable, permanent).")
    }
    static var latency: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "delivery", metricName: "duration", unitName: "seconds",
            helpText: "Time a channel took to accept or refuse a delivery, by channel.")
    }
    static var deadLetters: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "delivery", metricName: "dead_letters", unitName: "total",
            helpText: "Deliveries that became dead letters on this node, by channel.")
    }
    static var pagesSent: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", metricName: "pages_sent", unitName: "total",
            helpText: "Pages to on-call people a channel accepted, by channel.")
    }
    static var noticeSteps: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "herald", subsystem: "notice", metricName: "steps", unitName: "total",
            helpText: "Notice steps applied by this node's scheduler, by step and decision (sent, late, skipped).")
    }

    static let latencyBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30),
    ]

    public func attempted(_ delivery: Delivery, outcome: SendOutcome, latency: Duration?) {
        let channel = delivery.channel.rawValue
        let name =
            switch outcome {
            case .sent: "sent"
            case .retryable: "retryable"
            case .permanent: "permanent"
            }
        registry.makeCounter(descriptor: Self.attempts, labels: [("channel", channel), ("outcome", name)]).increment()
        if let latency {
            registry.makeDurationHistogram(descriptor: Self.latency, labels: [("channel", channel)], buckets: Self.latencyBuckets).record(latency)
        }
        if case .sent = outcome, delivery.kind == .page {
            registry.makeCounter(descriptor: Self.pagesSent, labels: [("channel", channel)]).increment()
        }
    }

    public func deadLettered(_ delivery: Delivery) {
        registry.makeCounter(descriptor: Self.deadLetters, labels: [("channel", delivery.channel.rawValue)]).increment()
    }

    public func noticeStep(_ step: NoticeStep, decision: StepDecision) {
        // The step's kind, not its key: `reminder-1440` and `extension-2` would make a series per notice setting.
        let kind = String(step.key.prefix { $0 != "-" && $0 != ":" })
        let decided =
            switch decision {
            case .send(late: false): "sent"
            case .send(late: true): "late"
            case .skip: "skipped"
            }
        registry.makeCounter(descriptor: Self.noticeSteps, labels: [("step", kind), ("decision", decided)]).increment()
    }

    public func schedulerRunning(_ running: Bool) { scheduler.set(running: running) }
    public func schedulerTicked() { scheduler.ticked() }
}
