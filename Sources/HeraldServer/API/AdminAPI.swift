import HeraldCore
import HeraldStore
import Hummingbird

/// One admin route and the least role that may call it.
public struct AdminRoute: Sendable, Hashable {
    public var method: String
    /// The path in OpenAPI spelling, e.g. `/api/v1/components/{id}`.
    public var path: String
    public var role: Role
}

/// Registers the admin API's routes under `/api/v1`, each behind the token check for its role,
/// and remembers them so the OpenAPI document can be checked against what is really served.
struct AdminAPI {
    static let prefix = "/api/v1"

    let router: Router<HeraldRequestContext>
    let authenticator: Authenticator
    let body: JSONBody
    private(set) var routes: [AdminRoute] = []

    init(router: Router<HeraldRequestContext>, authenticator: Authenticator, body: JSONBody) {
        self.router = router
        self.authenticator = authenticator
        self.body = body
    }

    mutating func on<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, role: Role,
        use handler: @escaping @Sendable (Request, HeraldRequestContext) async throws -> Output
    ) {
        let fullPath = Self.prefix + path
        routes.append(AdminRoute(method: method.rawValue, path: fullPath, role: role))
        let authenticator = self.authenticator
        router.on(RouterPath(fullPath), method: method) { request, context in
            var context = context
            context.token = try await authenticator.authenticate(request, requiring: role)
            // Whatever the route changes is recorded under this token, its role and the client's address.
            return try await AuditActor.$current.withValue(context.auditActor) { try await handler(request, context) }
        }
    }
}

extension HeraldRequestContext {
    /// The `{id}` path parameter of the route.
    func id() throws -> String {
        guard let id = parameters.get("id") else { throw Problem(.badRequest, detail: "the path needs an id") }
        return id
    }
}
