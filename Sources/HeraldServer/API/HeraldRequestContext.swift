import HeraldCore
import Hummingbird

/// Per-request state: who is calling, once the token has been checked.
public struct HeraldRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's token on admin routes; nil elsewhere.
    public var token: APIToken?
    /// Where the request came from (the peer's IP address), for per-client limits on public forms.
    public var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The name recorded as the actor of changes this request makes.
    public var actor: String { token.map { "token:\($0.name)" } ?? "anonymous" }
}
