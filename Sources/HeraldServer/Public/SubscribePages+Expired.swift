import HeraldCore

extension SubscribePages {
    /// A confirmation link opened after its lifetime (`SubscriptionConfirmation`): nothing was
    /// confirmed, and subscribing again sends a new link.
    func expiredLink(days: Int) -> String {
        html.document(title: text(.linkExpiredTitle), body: """
            <h1>\(text(.linkExpired))</h1>
            <p>\(text(.confirmationLinkLifetime, ["days": String(days)]))
            <a href="/subscribe?\(html.lang)">\(text(.subscribeAgain))</a></p>
            """)
    }
}
