extension Catalogue {
    /// English: the console's audit log screen.
    static let consoleAuditEN: [Phrase: String] = [
        .navAudit: "Audit log",
        .auditSequence: "No.",
        .auditActor: "Actor",
        .auditActorHelp: "Exactly as listed, e.g. user:li@example.com, token:ci, cli:root, herald:scheduler.",
        .auditClient: "Client address",
        .auditAction: "Action",
        .auditTarget: "Target",
        .auditTargetKind: "Target kind",
        .auditTargetID: "Target ID",
        .auditChange: "Change",
        .auditFrom: "From (day)",
        .auditUntil: "Until (day, included)",
        .auditFilter: "Filter",
        .auditNone: "No entries match.",
        .auditBadDay: "Enter a day as YYYY-MM-DD.",
        .auditVerifyNote: "Every entry is chained to the one before it and checkpoints are signed; run herald audit verify on the server to check that none was edited, deleted or inserted.",
    ]
}
