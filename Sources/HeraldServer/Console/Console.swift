import Foundation
import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird

/// Where a screen goes: `console.page` for what a viewer reads (GET), `console.action` for what
/// they change (POST). Both need a live session (else the login page, with `next`); `action`
/// also checks the form's `csrf` field against the session's token (403, nothing runs) and the
/// role (403), exactly as API tokens' roles are checked. Paths are under `/console/`.
public struct Console {
    let router: Router<HeraldRequestContext>
    let sessions: ConsoleSessions
    let settings: ConsoleSettings
    /// Everything a running Herald shares: the store, the notice service, the alert pipeline, the clock.
    public let runtime: HeraldRuntime
    public var store: Store { runtime.store }
    public var now: Date { runtime.now() }

    /// The largest form body an action reads unless it asks for more.
    public static let formLimit = 64 * 1024

    public typealias PageHandler = @Sendable (Request, HeraldRequestContext, ConsoleViewer) async throws -> Response
    public typealias ActionHandler = @Sendable (Request, HeraldRequestContext, ConsoleViewer, ConsoleFormData) async throws -> Response

    /// A GET page at `/console/<path>` for viewers with at least `role`; others see a 403 page.
    public func page(_ path: String, role: Role = .viewer, _ handler: @escaping PageHandler) {
        let sessions = self.sessions
        router.get(RouterPath("/console/" + path)) { request, context -> Response in
            guard let viewer = try await sessions.viewer(request) else { return ConsoleSessions.loginRedirect(request) }
            guard viewer.may(role) else { return ConsoleShell.forbidden(viewer) }
            // A page changes nothing, but a bulk read of personal data it serves (an export) is recorded under the viewer.
            return try await AuditActor.$current.withValue(viewer.auditActor(context)) { try await handler(request, context, viewer) }
        }
    }

    /// A POST at `/console/<path>`: session, then CSRF, then role, then `handler` with the form.
    public func action(_ path: String, role: Role, limit: Int = Console.formLimit, _ handler: @escaping ActionHandler) {
        let sessions = self.sessions
        router.post(RouterPath("/console/" + path)) { request, context -> Response in
            guard let viewer = try await sessions.viewer(request) else { return ConsoleSessions.loginRedirect(request) }
            guard let form = try await ConsoleFormData.read(request, limit: limit),
                ConsoleCSRF.matches(form.raw("csrf"), viewer.csrfToken)
            else { return ConsoleShell.forbidden(viewer, reason: viewer.text(.consoleFormExpired)) }
            guard viewer.may(role) else { return ConsoleShell.forbidden(viewer) }
            return try await AuditActor.$current.withValue(viewer.auditActor(context)) { try await handler(request, context, viewer, form) }
        }
    }

    /// A route without a session (sign-in, the setup link, the assets): the screen checks what it needs.
    func open(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (Request, HeraldRequestContext) async throws -> Response) {
        router.on(RouterPath("/console/" + path), method: method) { request, context in try await handler(request, context) }
    }
}
