extension Language {
    /// A Statuspage status of an incident or a maintenance ("investigating", "in_progress", …) in the
    /// reader's words; a status Herald does not know is shown as written, capitalised.
    public func statusLabel(_ status: String) -> String {
        let phrase: Phrase? =
            switch status {
            case "investigating": .statusInvestigating
            case "identified": .statusIdentified
            case "monitoring": .statusMonitoring
            case "resolved": .statusResolved
            case "scheduled": .statusScheduled
            case "in_progress": .statusInProgress
            case "completed": .statusCompleted
            case "postmortem": .statusPostmortem
            default: nil
            }
        return phrase.map { text($0) } ?? status.prefix(1).uppercased() + status.dropFirst()
    }
}
