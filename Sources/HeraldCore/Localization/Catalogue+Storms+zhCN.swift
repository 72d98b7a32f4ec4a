extension Catalogue {
    /// 简体中文：告警风暴——开始时的通知、摘要和结束。
    static let stormsZhCN: [Phrase: String] = [
        .incidentEventStorm: "告警风暴",
        .stormNoTeam: "（未分配团队）",
        .stormPageSubject: "【告警风暴】团队 {team} {minutes} 分钟内新增 {count} 个事件，后续告警并入事件 {id}",
        .stormPageBody: "团队 {team} 已进入告警风暴模式：不再逐个事件呼叫，只发这一条，之后每 {digest} 分钟发一次摘要。{minutes} 分钟内告警少于 {threshold} 条时自动结束。",
        .stormDigestSubject: "【告警风暴摘要】过去 {minutes} 分钟又有 {count} 条告警并入事件 {id}",
        .stormEndedSubject: "【告警风暴结束】团队 {team} 恢复逐事件通知，共 {total} 条告警并入事件 {id}",
        .stormEndedBody: "过去 {minutes} 分钟告警少于 {threshold} 条。新告警重新各自开事件；事件 {id} 在其告警全部恢复前保持打开。",
        .stormBySource: "按来源：",
        .stormByComponent: "按组件：",
        .stormTopSummaries: "最常见：",
        .stormTallyItem: "- {name}：{count}",
    ]
}
