extension Catalogue {
    /// 简体中文：控制台的审计日志页面。
    static let consoleAuditZhCN: [Phrase: String] = [
        .navAudit: "审计日志",
        .auditSequence: "序号",
        .auditActor: "操作者",
        .auditActorHelp: "与列表中的写法完全一致，例如 user:li@example.com、token:ci、cli:root、herald:scheduler。",
        .auditClient: "客户端地址",
        .auditAction: "操作",
        .auditTarget: "对象",
        .auditTargetKind: "对象类型",
        .auditTargetID: "对象 ID",
        .auditChange: "变更",
        .auditFrom: "起始日期",
        .auditUntil: "截止日期（含当天）",
        .auditFilter: "筛选",
        .auditNone: "没有符合条件的记录。",
        .auditBadDay: "请按 YYYY-MM-DD 填写日期。",
        .auditVerifyNote: "每条记录都与前一条相链接，检查点经过签名；在服务器上运行 herald audit verify 可确认没有记录被修改、删除或插入。",
    ]
}
