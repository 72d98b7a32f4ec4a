extension Catalogue {
    /// English: postmortems published on the status page, and the console's words for publishing one.
    static let publicPostmortemsEN: [Phrase: String] = [
        .statusPostmortem: "Postmortem",
        .incidentEventPostmortem: "Postmortem published on the status page",
        .postmortemPublicOnlyPublishing: "Only publishing puts a postmortem on the status page.",
        .postmortemPublicSummaryRequired: "Write the public summary first: it is what customers read on the status page.",
        .postmortemPublicSummary: "Public summary",
        .postmortemPublicSummaryHelp: "What customers read on the status page, in their feeds and in subscribers' email once you publish it there: what happened, its impact, and what you are changing. Leave out names and internals.",
        .postmortemPublicSummaryChinese: "Public summary (Chinese)",
        .postmortemPublicSummaryEnglish: "Public summary (English)",
        .postmortemPublishPublicly: "Publish, and on the status page",
        .postmortemOnStatusPage: "Also on the status page.",
        .postmortemInsideOnly: "Only inside Herald: not on the status page.",
        .publicPostmortemHeading: "Postmortem",
        .publicPostmortemPublished: "Published {at}",
    ]
}
