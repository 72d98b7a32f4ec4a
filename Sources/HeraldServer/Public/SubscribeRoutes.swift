import HeraldApp
import Foundation
import HeraldCore
import HeraldStore
import Hummingbird
import NIOCore
import struct HeraldChannels.OutboundClient

/// Subscriber self-service: subscribe by email or webhook to all or some components, in a
/// language; confirm from the email (double opt-in); change or end it from the manage link.
///
/// Links only show a button (GET); the button acts (POST), because mail scanners open links.
enum SubscribeRoutes {
    static func add(to router: Router<HeraldRequestContext>, store: Store, site: PublicSite, limits: ClientLimits, outbound: OutboundClient) {
        router.get("/subscribe") { request, _ in
            let language = StatusPageRoutes.language(request, site.settings)
            let (snapshot, _) = try await site.snapshot()
            let page = SubscribePages(html: StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language))
            return html(page.form(errors: []))
        }
        router.post("/subscribe") { request, context in
            var request = request
            let json = request.headers[.contentType]?.hasPrefix("application/json") == true
            let body = try await request.collectBody(upTo: 16 * 1024)
            let language = StatusPageRoutes.language(request, site.settings)
            let (snapshot, _) = try await site.snapshot()
            let page = SubscribePages(html: StatusPageHTML(snapshot: snapshot, settings: site.settings, language: language))
            var form = try SubscribeForm(body: body, json: json, known: Set(snapshot.components.map(\.id)), fallback: language)
            if let url = form.webhookURL, form.errors.isEmpty {
                form.errors += await SubscribeForm.reachability(of: url, outbound: outbound)
            }
            if !form.errors.isEmpty {
                if json { throw Problem.invalid(form.errors) }
                return html(page.form(errors: form.errors, typed: form), status: .badRequest)
            }
            guard limits.admit(context.clientAddress, now: store.now()) else {
                throw Problem(
                    .tooManyRequests, detail: "at most \(limits.limit) subscriptions an hour from one address; try again later",
                    headers: [.retryAfter: "3600"])
            }
            let base = site.baseURL(request)
            let subscription = Subscription(
                id: Identifier.make(), kind: form.webhookURL == nil ? .email : .webhook, email: form.email, webhookURL: form.webhookURL,
                components: form.components, language: form.language, createdAt: store.now())
            let mail = ConfirmationMail(subscription: subscription, siteName: site.settings.name(form.language), baseURL: base)
            _ = try await store.subscribe(subscription, client: context.clientAddress) { token in mail.delivery(token: token) }
            context.logger.info("subscription awaiting confirmation", metadata: ["subscription": "\(subscription.id)", "kind": "\(subscription.kind.rawValue)"])
            if json {
                return try JSONResponse(SubscriptionDocument(subscription), status: .accepted).response(from: request, context: context)
            }
            return html(page.checkYourEmail(subscription.email), status: .accepted)
        }
        router.get("/subscribe/confirm/{token}") { request, context in
            let pages = try await pages(request, site: site)
            let token = try context.parameters.require("token")
            return html(pages.confirm(token: token))
        }
        router.post("/subscribe/confirm/{token}") { request, context in
            let pages = try await pages(request, site: site)
            switch try await store.confirmSubscription(token: try context.parameters.require("token")) {
            case nil:
                return html(pages.unknownLink(), status: .notFound)
            case .expired(let subscription, _)?:
                context.logger.info("confirmation link expired", metadata: ["subscription": "\(subscription.id)"])
                return html(pages.expiredLink(days: SubscriptionConfirmation.days()), status: .gone)
            case .confirmed(let subscription, let manageToken)?:
                context.logger.info("subscription confirmed", metadata: ["subscription": "\(subscription.id)"])
                return html(pages.confirmed(manageURL: site.baseURL(request) + "/subscription/" + manageToken))
            }
        }
        router.get("/subscription/{token}") { request, context in
            let pages = try await pages(request, site: site)
            guard let subscription = try await store.subscription(manageToken: try context.parameters.require("token")) else {
                return html(pages.unknownLink(), status: .notFound)
            }
            return html(pages.manage(subscription))
        }
        router.post("/subscription/{token}") { request, context in
            var request = request
            let token = try context.parameters.require("token")
            let body = try await request.collectBody(upTo: 16 * 1024)
            let pages = try await pages(request, site: site)
            let fields = try FormFields.pairs(body)
            if fields.contains(where: { $0 == ("action", "unsubscribe") }) {
                guard try await store.unsubscribeSubscription(manageToken: token) != nil else { return html(pages.unknownLink(), status: .notFound) }
                return html(pages.unsubscribed())
            }
            let known = Set(pages.html.snapshot.components.map(\.id))
            let components = fields.filter { $0.0 == "components" }.map(\.1).filter(known.contains)
            let language = fields.first { $0.0 == "language" }.flatMap { Language(rawValue: $0.1) } ?? pages.html.language
            guard let subscription = try await store.updateSubscription(manageToken: token, components: components, language: language) else {
                return html(pages.unknownLink(), status: .notFound)
            }
            return html(pages.manage(subscription, saved: true))
        }
    }

    static func pages(_ request: Request, site: PublicSite) async throws -> SubscribePages {
        let (snapshot, _) = try await site.snapshot()
        return SubscribePages(html: StatusPageHTML(snapshot: snapshot, settings: site.settings, language: StatusPageRoutes.language(request, site.settings)))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}

/// What a subscriber asked for, from the page's form or as JSON; `errors` names each bad field.
struct SubscribeForm {
    /// How a webhook URL Herald may not call is refused; `FormProblems` tells them apart by these.
    static let notPublic = "must reach a public internet address"
    static let notOnPort = "must use one of the ports"
    static let notFound = "names a host that could not be found"

    /// Whether a subscriber's webhook may be called at all, checked as a delivery would be (the
    /// name is resolved, every address must be public): a private address is refused now, in
    /// words, rather than failing at every send. The check is repeated at each send, on the
    /// address connected to, since a name may resolve elsewhere later.
    static func reachability(of url: String, outbound: OutboundClient) async -> [FieldError] {
        switch await outbound.check(url, audience: .publicSubscriber) {
        case .allowed:
            return []
        case .refused(.port(_, let allowed)):
            return [FieldError("webhook_url", "\(notOnPort) \(allowed.sorted().map(String.init).joined(separator: ", "))")]
        case .refused(.notWebURL):
            return [FieldError("webhook_url", "must be an absolute http:// or https:// URL of at most 2048 characters")]
        case .refused(let refusal):
            return [FieldError("webhook_url", "\(notPublic): \(refusal.publicReason)")]
        case .unresolved(let host, _):
            return [FieldError("webhook_url", "\(notFound): \(host)")]
        }
    }

    var email = ""
    var webhookURL: String?
    var components: [String] = []
    var language: Language
    var errors: [FieldError] = []

    init(body: ByteBuffer, json: Bool, known: Set<String>, fallback: Language) throws {
        language = fallback
        var fields: [(String, String)] = []
        if json {
            var reader = ObjectReader(try JSONBody.parse(body))
            fields = [("email", reader.requiredString("email") ?? "")]
            if let url = reader.string("webhook_url") { fields.append(("webhook_url", url)) }
            if let language = reader.string("language") { fields.append(("language", language)) }
            fields += ContactBody.strings(&reader, "components").map { ("components", $0) }
            errors = reader.errorsIncludingUnknown()
        } else {
            do {
                fields = try FormEncoding.pairs(body.readableBytesView)
            } catch {
                errors = error.errors
                return
            }
        }
        email = fields.first { $0.0 == "email" }?.1.trimmingCharacters(in: .whitespaces) ?? ""
        if email.isEmpty {
            if !errors.contains(where: { $0.field == "email" }) { errors.append(FieldError("email", "is required")) }
        } else {
            errors += Validate.emailAddress(email, field: "email")
        }
        if let url = fields.first(where: { $0.0 == "webhook_url" })?.1.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            webhookURL = url
            errors += Validate.webURL(url, field: "webhook_url")
        }
        if let text = fields.first(where: { $0.0 == "language" })?.1 {
            if let parsed = Language(rawValue: text) { language = parsed } else { errors.append(FieldError("language", "must be zh-CN or en")) }
        }
        for (index, id) in fields.filter({ $0.0 == "components" }).map(\.1).enumerated() {
            if known.contains(id) { components.append(id) } else { errors.append(FieldError("components[\(index)]", "no component '\(id)'")) }
        }
    }
}

/// The email that confirms a subscription: the only thing sent before the subscriber says yes.
struct ConfirmationMail {
    let subscription: Subscription
    let siteName: String
    let baseURL: String

    func delivery(token: String) -> NewDelivery {
        let link = "\(baseURL)/subscribe/confirm/\(token)"
        let days = SubscriptionConfirmation.days()
        let language = subscription.language
        let what = subscription.webhookURL.map { language.text(.confirmToWebhook, ["url": $0]) } ?? language.text(.confirmByEmail)
        let subject = language.text(.confirmSubject, ["site": siteName])
        let body = language.text(.confirmBody, ["site": siteName, "what": what, "link": link, "days": String(days)])
        return NewDelivery(
            idempotencyKey: "subscription:\(subscription.id):confirm", channel: .email, address: subscription.email, severity: .medium,
            subject: subject, body: body)
    }
}

struct SubscriptionDocument: Encodable, Sendable {
    var id: String
    var kind: String
    var email: String
    var webhook_url: String?
    var components: [String]
    var language: String
    var state: String

    init(_ subscription: Subscription) {
        id = subscription.id
        kind = subscription.kind.rawValue
        email = subscription.email
        webhook_url = subscription.webhookURL
        components = subscription.components
        language = subscription.language.rawValue
        state = subscription.state.rawValue
    }
}
