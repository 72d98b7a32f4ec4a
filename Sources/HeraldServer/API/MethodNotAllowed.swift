import HTTPTypes
import Hummingbird

/// Answers a request whose path is served but not with its method (TRACE, or DELETE on a list) with
/// 405 and an `Allow` header naming the methods the path serves (RFC 9110 §15.5.6), instead of the
/// router's 404, which would tell a client the path does not exist.
///
/// It is added after every route, so it wraps only the router's not-found answer: a request it sees
/// matched no route with its method.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: MethodTable

    init(routes: [Router<Context>.RouteDescription]) {
        table = MethodTable(routes.map { (path: $0.path, method: $0.method) })
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let allowed = table.allowed(request.uri.path), !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        throw Problem(
            .methodNotAllowed, detail: "\(request.method.rawValue) is not served here; \(headers[.allow] ?? "") are",
            headers: headers)
    }
}

/// The methods each path pattern of the router serves, as the router lists them.
struct MethodTable: Sendable {
    private let entries: [(pattern: RouterPath, methods: [HTTPRequest.Method])]

    init(_ routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        var byPath: [String: (RouterPath, Set<String>)] = [:]
        for route in routes {
            var methods = byPath[route.path.description]?.1 ?? []
            methods.insert(route.method.rawValue)
            byPath[route.path.description] = (route.path, methods)
        }
        entries = byPath.values.map { path, methods in
            (path, methods.sorted().compactMap { HTTPRequest.Method($0) })
        }
    }

    /// The methods served at `path`, or nil when no route has its shape. Where several patterns
    /// match (a literal segment and a capture), their methods are joined, as the router tries both.
    func allowed(_ path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var found: Set<String> = []
        var matched = false
        for entry in entries where Self.matches(entry.pattern.components, segments[...]) {
            matched = true
            found.formUnion(entry.methods.map(\.rawValue))
        }
        return matched ? found.sorted().compactMap { HTTPRequest.Method($0) } : nil
    }

    private static func matches(_ pattern: [RouterPath.Element], _ segments: ArraySlice<Substring>) -> Bool {
        var segments = segments
        for element in pattern {
            if case .recursiveWildcard = element { return true }
            guard let segment = segments.first, element ~= segment else { return false }
            segments = segments.dropFirst()
        }
        return segments.isEmpty
    }
}
