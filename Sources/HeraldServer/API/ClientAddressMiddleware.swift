import HTTPTypes
import HeraldCore
import Hummingbird

/// Sets `HeraldRequestContext.clientAddress` to the client a trusted proxy names
/// (`server.trusted_proxies`; `ClientAddress` decides), so that per-client limits count clients,
/// not the load balancer. Without trusted proxies it is not installed, and the socket peer stands.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = HeraldRequestContext

    let trusted: [AddressRange]

    static let forwarded = HTTPField.Name("Forwarded")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddress.of(
            peer: context.clientAddress, forwarded: request.headers[values: Self.forwarded],
            forwardedFor: request.headers[values: Self.forwardedFor], trusted: trusted)
        return try await next(request, context)
    }
}
