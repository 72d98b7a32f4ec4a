import HeraldCore
import HeraldStore
import Hummingbird

/// Checks the bearer token of an admin request and the role the route needs.
struct Authenticator: Sendable {
    let store: Store

    func authenticate(_ request: Request, requiring role: Role) async throws -> APIToken {
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"herald\""]
        guard let header = request.headers[.authorization] else {
            throw Problem(.unauthorized, detail: "this route needs an API token: send 'Authorization: Bearer hrld_…'", headers: challenge)
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Problem(.unauthorized, detail: "the Authorization header must be 'Bearer <token>'", headers: challenge)
        }
        let secret = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let token = try await store.authenticate(secret: secret) else {
            throw Problem(.unauthorized, detail: "the API token is unknown or has been revoked", headers: challenge)
        }
        guard token.role.permits(role) else {
            throw Problem(.forbidden, detail: "this route needs the \(role.rawValue) role; token '\(token.name)' has \(token.role.rawValue)")
        }
        return token
    }
}
