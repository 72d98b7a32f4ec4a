import HeraldCore
import Hummingbird

/// Per-request state: who is calling, once the token has been checked.
public struct HeraldRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's token on admin routes; nil elsewhere.
    public var token: APIToken?
    /// Where the request came from, for per-client limits (public forms, the login throttle) and
    /// the records that keep it: the socket peer's IP address, or behind a proxy listed in
    /// `server.trusted_proxies` the client it forwarded for (`ClientAddressMiddleware`).
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The name recorded as the actor of changes this request makes.
    public var actor: String { token.map { "token:\($0.name)" } ?? "anonymous" }

    /// The actor of this request's changes in the audit log.
    public var auditActor: AuditActor { AuditActor(name: actor, role: token?.role.rawValue, client: clientAddress) }
}
