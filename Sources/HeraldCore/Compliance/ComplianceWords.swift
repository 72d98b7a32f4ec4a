import Foundation

/// The incident timeline's lines about its regulatory clocks, in every language (each with the
/// regime's and the step's names in it), times in a named zone.
public enum ComplianceWords {
    public enum Event: Sendable, Equatable {
        case classified(regime: LocalizedText, awareness: Date, by: String)
        case corrected(regime: LocalizedText, from: Date, to: Date, reason: String)
        case filed(regime: LocalizedText, step: LocalizedText, at: Date, reference: String?, lateReason: String?, phase: Int)
        case notNotifying(regime: LocalizedText, reason: String)
        case reminder(regime: LocalizedText, step: LocalizedText, deadline: Date, left: TimeInterval)
        case missed(regime: LocalizedText, step: LocalizedText, deadline: Date)
    }

    public static func timeline(_ event: Event, zone: TimeZone) -> [Language: String] {
        var texts: [Language: String] = [:]
        for language in Language.allCases {
            let time = { (date: Date) in HeartbeatWords.time(date, zone) }
            let name = { (text: LocalizedText) in text.text(for: language) ?? "" }
            switch event {
            case .classified(let regime, let awareness, let by):
                texts[language] = language.text(.complianceClassified, ["regime": name(regime), "awareness": time(awareness), "by": by])
            case .corrected(let regime, let from, let to, let reason):
                texts[language] = language.text(.complianceCorrected, ["regime": name(regime), "from": time(from), "to": time(to), "reason": reason])
            case .filed(let regime, let step, let at, let reference, let lateReason, let phase):
                var text = language.text(phase > 1 ? .complianceFiledPhase : .complianceFiled, [
                    "regime": name(regime), "step": name(step), "at": time(at), "phase": String(phase),
                    "reference": reference ?? language.text(.complianceNoReference),
                ])
                if let lateReason { text += " " + language.text(.complianceFiledLate, ["reason": lateReason]) }
                texts[language] = text
            case .notNotifying(let regime, let reason):
                texts[language] = language.text(.complianceNotNotifying, ["regime": name(regime), "reason": reason])
            case .reminder(let regime, let step, let deadline, let left):
                texts[language] = language.text(.complianceReminder, [
                    "regime": name(regime), "step": name(step), "deadline": time(deadline), "left": DurationText.format(left, language: language),
                ])
            case .missed(let regime, let step, let deadline):
                texts[language] = language.text(.complianceMissed, ["regime": name(regime), "step": name(step), "deadline": time(deadline)])
            }
        }
        return texts
    }
}
