import HeraldCore

extension SubscribePages {
    /// A confirmation link opened after its lifetime (`SubscriptionConfirmation`): nothing was
    /// confirmed, and subscribing again sends a new link.
    func expiredLink(days: Int) -> String {
        html.document(title: t("链接已过期", "Link expired"), body: """
            <h1>\(t("链接已过期", "This link has expired"))</h1>
            <p>\(t("确认链接在 \(days) 天内有效，此订阅未被确认。", "Confirmation links work for \(days) days; this subscription was not confirmed."))
            <a href="/subscribe?\(html.lang)">\(t("重新订阅", "Subscribe again"))</a></p>
            """)
    }
}
