import Foundation
import HeraldCore

/// The subscriber pages, in the status page's look and the reader's language.
struct SubscribePages {
    let html: StatusPageHTML

    func t(_ zh: String, _ en: String) -> String { html.t(zh, en) }
    func h(_ text: String) -> String { html.h(text) }

    func componentBoxes(_ chosen: [String]) -> String {
        html.snapshot.components.map { component in
            "<label><input type=\"checkbox\" name=\"components\" value=\"\(h(component.id))\"\(chosen.contains(component.id) ? " checked" : "")> \(h(component.name))</label><br>"
        }.joined()
    }

    func languageChoice(_ chosen: Language) -> String {
        "<label>\(t("语言", "Language")) <select name=\"language\">"
            + [(Language.zhCN, "中文"), (Language.en, "English")].map { language, name in
                "<option value=\"\(language.rawValue)\"\(language == chosen ? " selected" : "")>\(name)</option>"
            }.joined() + "</select></label>"
    }

    func form(errors: [FieldError]) -> String {
        let problems = errors.isEmpty ? "" : "<ul role=\"alert\">" + errors.map { "<li>\(h($0.field)): \(h($0.reason))</li>" }.joined() + "</ul>"
        let body = """
            <h1>\(t("订阅通知", "Subscribe to updates"))</h1>\(problems)
            <form method="post" action="/subscribe?\(html.lang)">
            <p><label>\(t("邮箱", "Email")) <input type="email" name="email" required autocomplete="email"></label></p>
            <p><label>\(t("Webhook 地址（可选，接收 Statuspage 格式的 JSON）", "Webhook URL (optional; receives Statuspage-style JSON)"))
            <input type="url" name="webhook_url" placeholder="https://"></label></p>
            <fieldset><legend>\(t("关注的服务（不选即全部）", "Services (none chosen: all)"))</legend>\(componentBoxes([]))</fieldset>
            <p>\(languageChoice(html.language))</p>
            <p><button type="submit">\(t("订阅", "Subscribe"))</button></p></form>
            <p class="meta">\(t("我们会先发送一封确认邮件；确认之前不会发送任何通知。", "We send one confirmation email first; nothing else is sent until you confirm."))</p>
            """
        return html.document(title: t("订阅通知", "Subscribe"), body: body)
    }

    func checkYourEmail(_ email: String) -> String {
        html.document(title: t("请查收邮件", "Check your email"), body: """
            <h1>\(t("请查收邮件", "Check your email"))</h1>
            <p>\(t("确认邮件已发送至 ", "We sent a confirmation link to "))\(h(email))\(t("。点击邮件中的链接完成订阅。", ". Open it to finish subscribing."))</p>
            """)
    }

    func confirm(token: String) -> String {
        html.document(title: t("确认订阅", "Confirm subscription"), body: """
            <h1>\(t("确认订阅", "Confirm your subscription"))</h1>
            <form method="post" action="/subscribe/confirm/\(h(token))?\(html.lang)"><button type="submit">\(t("确认订阅", "Confirm"))</button></form>
            """)
    }

    func confirmed(manageURL: String) -> String {
        html.document(title: t("订阅成功", "Subscribed"), body: """
            <h1>\(t("订阅成功", "You are subscribed"))</h1>
            <p>\(t("随时可以在这里修改或退订：", "Change or end it any time here: "))<a href="\(h(manageURL))">\(h(manageURL))</a></p>
            """)
    }

    func manage(_ subscription: Subscription, saved: Bool = false) -> String {
        guard subscription.state != .unsubscribed else { return unsubscribed() }
        let target = subscription.webhookURL ?? subscription.email
        let body = """
            <h1>\(t("管理订阅", "Manage your subscription"))</h1>\(saved ? "<p role=\"status\">\(t("已保存。", "Saved."))</p>" : "")
            <p>\(h(target))\(subscription.state == .pending ? " — " + t("尚未确认", "not confirmed yet") : "")</p>
            <form method="post"><fieldset><legend>\(t("关注的服务（不选即全部）", "Services (none chosen: all)"))</legend>
            \(componentBoxes(subscription.components))</fieldset><p>\(languageChoice(subscription.language))</p>
            <p><button type="submit" name="action" value="update">\(t("保存", "Save"))</button></p></form>
            <form method="post"><button type="submit" name="action" value="unsubscribe">\(t("退订", "Unsubscribe"))</button></form>
            """
        return html.document(title: t("管理订阅", "Manage subscription"), body: body)
    }

    func unsubscribed() -> String {
        html.document(title: t("已退订", "Unsubscribed"), body: "<h1>\(t("已退订", "Unsubscribed"))</h1><p>\(t("我们不会再向您发送通知。", "We will send you nothing more."))</p>")
    }

    func unknownLink() -> String {
        html.document(title: t("链接无效", "Link not found"), body: "<h1>\(t("链接无效", "Link not found"))</h1><p>\(t("此链接不存在或已失效。", "This link does not exist or is no longer valid."))</p>")
    }
}
