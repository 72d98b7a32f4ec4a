import Foundation
import HeraldCore
import HeraldStore
import Hummingbird

/// Turns the `herald_session` cookie into a `ConsoleViewer`, or nil when there is no live session:
/// unknown, revoked, its operator disabled, or expired by `ConsoleSessionPolicy` (then it is revoked).
struct ConsoleSessions: Sendable {
    let store: Store
    let settings: ConsoleSettings
    let now: @Sendable () -> Date

    func viewer(_ request: Request) async throws -> ConsoleViewer? {
        guard let secret = ConsoleCookies.value(ConsoleCookies.session, in: request),
            let (session, account) = try await store.consoleSession(secret: secret)
        else { return nil }
        switch ConsoleSessionPolicy.decide(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now()) {
        case .expired:
            try await store.revokeConsoleSession(id: session.id, expired: true)
            return nil
        case .live(let touch):
            if touch { try await store.touchConsoleSession(id: session.id) }
        }
        return ConsoleViewer(
            account: account, sessionID: session.id, csrfToken: ConsoleCSRF.token(forSession: secret),
            language: settings.language(request, chosen: account.language),
            zone: account.timeZone.flatMap(TimeZone.init(identifier:)) ?? settings.zone,
            returnPath: request.method == .get ? Self.safeNext(Self.pathAndQuery(request, dropping: "lang")) : "/console/")
    }

    /// Where to go after signing in: only a path inside the console, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains("://"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/console/" }
        return next
    }

    /// The request's path and query, without the query parameter `dropping`.
    static func pathAndQuery(_ request: Request, dropping: String? = nil) -> String {
        let kept = (request.uri.query ?? "").split(separator: "&").filter { pair in
            dropping.map { !pair.hasPrefix("\($0)=") && pair != Substring($0) } ?? true
        }
        return request.uri.path + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }

    /// `/console/login?next=<this page>`.
    static func loginRedirect(_ request: Request) -> Response {
        let next = pathAndQuery(request)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))
        let encoded = safeNext(next).addingPercentEncoding(withAllowedCharacters: allowed) ?? "/console/"
        return ConsoleResponse.redirect(to: "/console/login?next=\(encoded)")
    }
}
