import Foundation
import HeraldStore
import Hummingbird

/// One-click unsubscribe (RFC 8058): the link in every email's `List-Unsubscribe` header.
///
/// GET only shows a button: mail scanners open links to check them, and must not unsubscribe anyone.
/// POST, from that button or from the mail client's own button (`List-Unsubscribe=One-Click`),
/// withdraws the contact's consent; doing it twice is harmless.
enum UnsubscribeRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store) {
        router.get("/unsubscribe/{token}") { request, context in
            let token = try context.parameters.require("token")
            guard try await store.contact(unsubscribeToken: token) != nil else { return PublicPage.notFound(request) }
            return PublicPage.html(request, zh: Page.confirmZH, en: Page.confirmEN)
        }
        router.post("/unsubscribe/{token}") { request, context in
            let token = try context.parameters.require("token")
            guard let contact = try await store.unsubscribe(token: token) else { return PublicPage.notFound(request) }
            context.logger.info("contact unsubscribed", metadata: ["contact": "\(contact.id)"])
            return PublicPage.html(request, zh: Page.doneZH, en: Page.doneEN)
        }
    }

    enum Page {
        static let confirmZH = """
            <h1>退订通知</h1><p>退订后，您将不再收到我们发送的维护与故障通知。</p>
            <form method="post"><button type="submit">确认退订</button></form>
            """
        static let confirmEN = """
            <h1>Unsubscribe</h1><p>You will no longer receive our maintenance and incident notices.</p>
            <form method="post"><button type="submit">Unsubscribe</button></form>
            """
        static let doneZH = "<h1>已退订</h1><p>您将不再收到我们发送的通知。如需恢复，请联系我们。</p>"
        static let doneEN = "<h1>Unsubscribed</h1><p>You will no longer receive our notices. Contact us to subscribe again.</p>"
    }
}

/// Small server-rendered pages for people rather than programs, in the reader's language.
enum PublicPage {
    /// zh-CN unless the reader's browser prefers English.
    static func prefersEnglish(_ request: Request) -> Bool {
        let accepted = request.headers[.acceptLanguage]?.lowercased() ?? ""
        guard let english = accepted.range(of: "en"), accepted.contains("zh") else { return accepted.hasPrefix("en") }
        return english.lowerBound < accepted.range(of: "zh")!.lowerBound
    }

    static func html(_ request: Request, zh: String, en: String, status: HTTPResponse.Status = .ok) -> Response {
        let english = prefersEnglish(request)
        let page = """
            <!doctype html>
            <html lang="\(english ? "en" : "zh-CN")"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Herald</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6}
            button{font-size:1rem;padding:.5rem 1.25rem}</style></head>
            <body><main>\(english ? en : zh)</main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func expired(_ request: Request) -> Response {
        html(
            request, zh: "<h1>链接无效或已过期</h1><p>请在管理界面或命令行中处理此事件。</p>",
            en: "<h1>This link is not valid or has expired</h1><p>Handle the incident from the API or the command line.</p>", status: .forbidden)
    }

    static func notFound(_ request: Request) -> Response {
        html(
            request, zh: "<h1>链接无效</h1><p>此链接不存在或已失效。</p>",
            en: "<h1>Link not found</h1><p>This link does not exist or is no longer valid.</p>", status: .notFound)
    }
}
