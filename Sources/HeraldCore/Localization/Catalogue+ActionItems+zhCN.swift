extension Catalogue {
    /// 中文：逾期改进项给负责人的提醒，以及未完成改进项的列表。
    static let actionItemsZhCN: [Phrase: String] = [
        .actionItemReminderSubject: "【改进项已逾期】{title}（截止 {due}）",
        .actionItemReminderBody: "事件“{incident}”复盘报告中的改进项“{title}”截止日期为 {due}，已逾期 {days} 天。\n在复盘报告中标记完成即可停止提醒；在此之前每天提醒一次。\n{link}",
        .actionItemNoLink: "（Herald 未配置 server.public_url，无法附上链接：请在控制台打开该事件的复盘报告。）",
        .actionItemsTitle: "未完成的改进项",
        .actionItemsHelp: "来自所有复盘报告，按团队列出，最早截止的在前。负责人若是联系人（其 ID、某个地址或姓名），过了截止日期后每天 09:00（其所在时区）起提醒一次。",
        .actionItemsNone: "没有未完成的改进项。",
        .actionItemsColumnItem: "改进项",
        .actionItemsColumnOwner: "负责人",
        .actionItemsColumnDue: "截止日期",
        .actionItemsColumnIncident: "事件",
        .actionItemsOverdue: "已逾期",
        .actionItemsNotAContact: "不是联系人：不会提醒",
        .actionItemsNoTeam: "无团队",
    ]
}
