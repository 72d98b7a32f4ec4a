extension Catalogue {
    /// 中文：发布到状态页的复盘报告，以及控制台里发布它的用语。
    static let publicPostmortemsZhCN: [Phrase: String] = [
        .statusPostmortem: "事后复盘",
        .incidentEventPostmortem: "复盘报告已发布到状态页",
        .postmortemPublicOnlyPublishing: "只有发布时才能把复盘报告放到状态页。",
        .postmortemPublicSummaryRequired: "请先写对外摘要：这是客户在状态页上看到的内容。",
        .postmortemPublicSummary: "对外摘要",
        .postmortemPublicSummaryHelp: "发布到状态页后，客户会在状态页、订阅源和订阅邮件中看到：发生了什么、影响如何、我们将做哪些改进。不要写人名和内部细节。",
        .postmortemPublicSummaryChinese: "对外摘要（中文）",
        .postmortemPublicSummaryEnglish: "对外摘要（英文）",
        .postmortemPublishPublicly: "发布，并公开到状态页",
        .postmortemOnStatusPage: "同时公开在状态页上。",
        .postmortemInsideOnly: "仅在 Herald 内部可见，未公开到状态页。",
        .publicPostmortemHeading: "事后复盘",
        .publicPostmortemPublished: "发布于 {at}",
    ]
}
