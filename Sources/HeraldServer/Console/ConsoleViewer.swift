import Foundation
import HeraldCore

/// Who is looking at a console page: the signed-in operator, their session, the token their forms
/// carry, and the language and zone the page is written in. Every screen gets one.
public struct ConsoleViewer: Sendable {
    public let account: Operator
    public let sessionID: String
    /// Every POST form carries it as the `csrf` field (`ConsoleForm` adds it).
    public let csrfToken: String
    public let language: Language
    public let zone: TimeZone
    /// The page being shown (path and query) when it was a GET, else the overview: where the
    /// language switch comes back to.
    public let returnPath: String

    public var role: Role { account.role }
    /// Recorded as the actor of what this viewer changes: `user:<email>`.
    public var actor: String { account.actor }

    /// Whether the viewer's role allows what `required` does (the same rule as API tokens).
    public func may(_ required: Role) -> Bool { account.role.permits(required) }

    /// A phrase in the viewer's language.
    public func text(_ phrase: Phrase, _ values: [String: String] = [:]) -> String { language.text(phrase, values) }

    /// A time for people, always with its zone: `2026-11-22 10:00 (UTC+08:00)`.
    public func time(_ date: Date) -> String { ConsoleTime.readable(date, zone) }
}

extension ConsoleViewer {
    /// The actor of this viewer's changes in the audit log: the operator, their role, the client's address.
    func auditActor(_ context: HeraldRequestContext) -> AuditActor {
        AuditActor(name: actor, role: role.rawValue, client: context.clientAddress)
    }
}
