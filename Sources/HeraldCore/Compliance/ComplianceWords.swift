import Foundation

/// The incident timeline's lines about its regulatory clocks, in every language, times in a named zone.
public enum ComplianceWords {
    public enum Event: Sendable, Equatable {
        case classified(regime: String, awareness: Date, by: String)
        case corrected(regime: String, from: Date, to: Date, reason: String)
        case filed(regime: String, step: String, at: Date, reference: String?, lateReason: String?, phase: Int)
        case notNotifying(regime: String, reason: String)
        case reminder(regime: String, step: String, deadline: Date, left: TimeInterval)
        case missed(regime: String, step: String, deadline: Date)
    }

    public static func timeline(_ event: Event, zone: TimeZone) -> [Language: String] {
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            let time = { (date: Date) in HeartbeatWords.time(date, zone) }
            switch event {
            case .classified(let regime, let awareness, let by):
                texts[language] = language.text(.complianceClassified, ["regime": regime, "awareness": time(awareness), "by": by])
            case .corrected(let regime, let from, let to, let reason):
                texts[language] = language.text(.complianceCorrected, ["regime": regime, "from": time(from), "to": time(to), "reason": reason])
            case .filed(let regime, let step, let at, let reference, let lateReason, let phase):
                var text = language.text(phase > 1 ? .complianceFiledPhase : .complianceFiled, [
                    "regime": regime, "step": step, "at": time(at), "phase": String(phase),
                    "reference": reference ?? language.text(.complianceNoReference),
                ])
                if let lateReason { text += " " + language.text(.complianceFiledLate, ["reason": lateReason]) }
                texts[language] = text
            case .notNotifying(let regime, let reason):
                texts[language] = language.text(.complianceNotNotifying, ["regime": regime, "reason": reason])
            case .reminder(let regime, let step, let deadline, let left):
                texts[language] = language.text(.complianceReminder, [
                    "regime": regime, "step": step, "deadline": time(deadline), "left": DurationText.format(left, language: language),
                ])
            case .missed(let regime, let step, let deadline):
                texts[language] = language.text(.complianceMissed, ["regime": regime, "step": step, "deadline": time(deadline)])
            }
        }
        return texts
    }
}
