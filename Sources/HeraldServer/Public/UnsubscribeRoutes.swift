import Foundation
import HeraldCore
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
            return PublicPage.html(request) { language in
                """
                <h1>\(language.text(.unsubscribeTitle))</h1><p>\(language.text(.unsubscribeExplained))</p>
                <form method="post"><button type="submit">\(language.text(.unsubscribeButton))</button></form>
                """
            }
        }
        router.post("/unsubscribe/{token}") { request, context in
            let token = try context.parameters.require("token")
            guard let contact = try await store.unsubscribe(token: token) else { return PublicPage.notFound(request) }
            context.logger.info("contact unsubscribed", metadata: ["contact": "\(contact.id)"])
            return PublicPage.html(request) { language in
                "<h1>\(language.text(.unsubscribed))</h1><p>\(language.text(.unsubscribedDone))</p>"
            }
        }
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

    /// The reader's language: zh-CN unless the browser prefers English.
    static func language(_ request: Request) -> Language { prefersEnglish(request) ? .en : .zhCN }

    /// A page whose body `body` writes in the reader's language.
    static func html(_ request: Request, status: HTTPResponse.Status = .ok, body: (Language) -> String) -> Response {
        let language = language(request)
        let page = """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Herald</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6}
            button{font-size:1rem;padding:.5rem 1.25rem}</style></head>
            <body><main>\(body(language))</main></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func expired(_ request: Request) -> Response {
        html(request, status: .forbidden) { "<h1>\($0.text(.respondLinkExpired))</h1><p>\($0.text(.respondLinkExpiredHelp))</p>" }
    }

    static func notFound(_ request: Request) -> Response {
        html(request, status: .notFound) { "<h1>\($0.text(.linkNotFound))</h1><p>\($0.text(.linkInvalid))</p>" }
    }
}
