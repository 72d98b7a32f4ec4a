import HTTPTypes
import Hummingbird

/// Headers that keep every answer from being sniffed, framed or leaking its address: pages carry
/// respond and manage links with tokens in their paths, so no page may send a Referer, be framed, or
/// run anything but its own inline styles (pages work without JavaScript; they have none).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            // A page with its own policy (the console's) keeps it.
            if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
            response.headers[Self.referrerPolicy] = "no-referrer"
            response.headers[Self.frameOptions] = "DENY"
        }
        return response
    }
}
