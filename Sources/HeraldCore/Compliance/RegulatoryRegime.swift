import Foundation

/// A reporting regime as data: its steps, each with a window after awareness (or after an earlier
/// step), so an operator can add one without code. Herald tracks the clocks; it files nothing.
/// A step may be filed more than once (GDPR Art. 33(4) phases, the CAC's supplementary reports):
/// the first filing is the one its deadline judges, the later ones are its further entries.
public struct RegulatoryRegime: Sendable, Equatable, Identifiable {
    public var id: String
    /// Its name in each language (a reader's language, else the other).
    public var name: LocalizedText
    public var steps: [Step]
    /// Whether classifying an incident under it says personal data was breached, which puts the
    /// incident in the breach register (GDPR Art. 33(5)).
    public var personalData: Bool

    public init(id: String, name: LocalizedText, steps: [Step], personalData: Bool = false) {
        self.id = id
        self.name = name
        self.steps = steps
        self.personalData = personalData
    }

    /// Its name for a reader of `language`.
    public func name(_ language: Language) -> String { name.text(for: language) ?? id }

    /// One report the regime asks for.
    public struct Step: Sendable, Equatable, Identifiable {
        public var id: String
        public var name: LocalizedText
        /// What the window counts from.
        public var from: Anchor
        /// How long it is; nil for "without undue delay", which has no instant to miss.
        public var window: Window?
        /// What its report must say, in order.
        public var fields: [ReportField]

        public init(id: String, name: LocalizedText, from: Anchor = .awareness, window: Window?, fields: [ReportField] = []) {
            self.id = id
            self.name = name
            self.from = from
            self.window = window
            self.fields = fields
        }

        /// Its name for a reader of `language`.
        public func name(_ language: Language) -> String { name.text(for: language) ?? id }
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
    /// The regimes Herald ships (facts in /work/shared/protocols/regulations.md), each step with the
    /// fields its article lists.
    public static let shipped: [RegulatoryRegime] = [
        RegulatoryRegime(
            id: "gdpr", name: LocalizedText(zhCN: "GDPR（欧盟第 2016/679 号条例）", en: "GDPR (EU 2016/679)"),
            steps: [
                Step(
                    id: "art33-authority", name: LocalizedText(zhCN: "第 33 条：通知监管机构", en: "Art. 33: notify the supervisory authority"),
                    window: .hours(72),
                    fields: fields(.nature, .occurred, .awareness, .subjects, .records, .contact, .consequences, .measures, .delayReason)),
                Step(
                    id: "art34-subjects", name: LocalizedText(zhCN: "第 34 条：告知数据主体（高风险时）", en: "Art. 34: tell the data subjects (high risk)"),
                    window: nil, fields: fields(.nature, .contact, .consequences, .measures, .advice)),
            ], personalData: true),
        cac(
            "cac-cii", zhCN: "关键信息基础设施运营者", en: "critical information infrastructure operator",
            step: LocalizedText(zhCN: "向保护工作部门和公安机关报告", en: "Report to the protection department and public security"), hours: 1),
        cac(
            "cac-state", zhCN: "中央和国家机关", en: "central or state body",
            step: LocalizedText(zhCN: "向本单位网信部门报告", en: "Report to the body's cyberspace office"), hours: 2),
        cac(
            "cac-other", zhCN: "其他网络运营者", en: "other network operator",
            step: LocalizedText(zhCN: "向属地省级网信部门报告", en: "Report to the provincial cyberspace office"), hours: 4),
        RegulatoryRegime(
            id: "pipl", name: LocalizedText(zhCN: "《个人信息保护法》第五十七条", en: "PIPL Art. 57"),
            steps: [
                Step(
                    id: "notify", name: LocalizedText(zhCN: "通知履行个人信息保护职责的部门和个人", en: "Notify the authority and the individuals"),
                    window: nil, fields: fields(.dataCategories, .cause, .consequences, .measures, .advice, .contact))
            ], personalData: true),
        RegulatoryRegime(
            id: "nis2", name: LocalizedText(zhCN: "NIS2 指令（欧盟第 2022/2555 号指令）第 23 条", en: "NIS2 (EU 2022/2555) Art. 23"),
            steps: [
                Step(
                    id: "early-warning", name: LocalizedText(zhCN: "早期预警", en: "Early warning"), window: .hours(24),
                    fields: fields(.nature, .awareness, .malicious, .crossBorder)),
                Step(
                    id: "notification", name: LocalizedText(zhCN: "事件通报", en: "Incident notification"), window: .hours(72),
                    fields: fields(.nature, .awareness, .level, .consequences, .indicators)),
                Step(
                    id: "final-report", name: LocalizedText(zhCN: "最终报告", en: "Final report"), from: .step("notification"), window: .months(1),
                    fields: fields(.nature, .level, .consequences, .cause, .measures, .crossBorder, .timeline)),
            ]),
    ]

    static func fields(_ kinds: ReportFieldKind...) -> [ReportField] { kinds.map(ReportField.init) }

    /// One of the CAC's three regimes: the same report, to a different office within a different time.
    static func cac(_ id: String, zhCN: String, en: String, step: LocalizedText, hours: Int) -> RegulatoryRegime {
        RegulatoryRegime(
            id: id,
            name: LocalizedText(zhCN: "国家网络安全事件报告管理办法：\(zhCN)", en: "国家网络安全事件报告管理办法 (China's cybersecurity incident reporting measures): \(en)"),
            steps: [
                Step(
                    id: "initial", name: step, window: .hours(hours),
                    fields: fields(
                        .organisation, .occurred, .nature, .level, .components, .consequences, .measures, .outlook, .cause, .support, .contact, .timeline))
            ])
    }
}
