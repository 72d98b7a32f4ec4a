import Foundation

/// A reporting regime as data: its steps, each with a window after awareness (or after an earlier
/// step), so an operator can add one without code. Herald tracks the clocks; it files nothing.
/// A step may be filed more than once (GDPR Art. 33(4) phases, the CAC's supplementary reports):
/// the first filing is the one its deadline judges, the later ones are its further entries.
public struct RegulatoryRegime: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var steps: [Step]
    /// Whether classifying an incident under it says personal data was breached, which puts the
    /// incident in the breach register (GDPR Art. 33(5)).
    public var personalData: Bool

    public init(id: String, name: String, steps: [Step], personalData: Bool = false) {
        self.id = id
        self.name = name
        self.steps = steps
        self.personalData = personalData
    }

    /// One report the regime asks for.
    public struct Step: Sendable, Equatable, Identifiable {
        public var id: String
        public var name: String
        /// What the window counts from.
        public var from: Anchor
        /// How long it is; nil for "without undue delay", which has no instant to miss.
        public var window: Window?

        public init(id: String, name: String, from: Anchor = .awareness, window: Window?) {
            self.id = id
            self.name = name
            self.from = from
            self.window = window
        }
    }

    /// Where a step's window starts.
    public enum Anchor: Sendable, Equatable {
        /// The recorded awareness time.
        case awareness
        /// When the named earlier step was filed, or while it is not, its deadline.
        case step(String)
    }

    /// A window's length: elapsed hours (the same instant whatever the clocks on the wall do), or
    /// calendar months in the organisation's zone (the same wall-clock time a month later, the day
    /// clamped to the month's last).
    public enum Window: Sendable, Equatable {
        case hours(Int)
        case months(Int)
    }
}

extension RegulatoryRegime {
    /// The regimes Herald ships (facts in /work/shared/protocols/regulations.md).
    public static let shipped: [RegulatoryRegime] = [
        RegulatoryRegime(
            id: "gdpr", name: "GDPR (EU 2016/679)",
            steps: [
                Step(id: "art33-authority", name: "Art. 33: notify the supervisory authority", window: .hours(72)),
                Step(id: "art34-subjects", name: "Art. 34: tell the data subjects (high risk)", window: nil),
            ], personalData: true),
        RegulatoryRegime(
            id: "cac-cii", name: "国家网络安全事件报告管理办法: critical information infrastructure operator",
            steps: [Step(id: "initial", name: "Report to the protection department and public security", window: .hours(1))]),
        RegulatoryRegime(
            id: "cac-state", name: "国家网络安全事件报告管理办法: central or state body",
            steps: [Step(id: "initial", name: "Report to the body's cyberspace office", window: .hours(2))]),
        RegulatoryRegime(
            id: "cac-other", name: "国家网络安全事件报告管理办法: other network operator",
            steps: [Step(id: "initial", name: "Report to the provincial cyberspace office", window: .hours(4))]),
        RegulatoryRegime(
            id: "pipl", name: "PIPL Art. 57",
            steps: [Step(id: "notify", name: "Notify the authority and the individuals", window: nil)], personalData: true),
        RegulatoryRegime(
            id: "nis2", name: "NIS2 (EU 2022/2555) Art. 23",
            steps: [
                Step(id: "early-warning", name: "Early warning", window: .hours(24)),
                Step(id: "notification", name: "Incident notification", window: .hours(72)),
                Step(id: "final-report", name: "Final report", from: .step("notification"), window: .months(1)),
            ]),
    ]
}
