import HeraldCore
import HeraldStore
import Hummingbird

extension AdminAPI {
    /// API tokens: made with their secret shown once, listed without it, revoked at once.
    mutating func addTokenRoutes(store: Store) {
        let body = self.body
        on(.get, "/tokens", role: .admin) { request, _ in
            JSONResponse(ListPage("tokens", try await store.tokens(page: try request.pageRequest())))
        }
        on(.post, "/tokens", role: .admin) { request, context in
            var reader = ObjectReader(try await body.read(request))
            let name = reader.requiredString("name")
            if !reader.contains("role") { reader.add([FieldError("role", "is required")]) }
            let role = reader.enumeration("role", as: Role.self)
            if let name { reader.add(Validate.text(name, field: "name", maximum: 100)) }
            try reader.finish()
            guard let name, let role else { throw ValidationFailure(reader.errors) }
            let issued = try await store.createToken(name: name, role: role, createdBy: context.actor)
            return JSONResponse(NewToken(token: issued.token, secret: issued.secret), status: .created)
        }
        on(.delete, "/tokens/{id}", role: .admin) { _, context in
            JSONResponse(try await store.revokeToken(id: try context.id()))
        }
    }
}


/// The only response that ever carries a token's secret.
struct NewToken: Encodable, Sendable {
    var token: APIToken
    var secret: String
}
