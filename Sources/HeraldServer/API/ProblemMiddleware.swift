import HeraldApp
import HeraldCore
import HeraldStore
import Hummingbird
import Logging

/// Turns every error that escapes a route into a problem+json response, so clients meet one error shape.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try problem(for: error, context: context).response(from: request, context: context)
        }
    }

    func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return .invalid(failure.errors)
        case let error as FieldError:
            return .invalid([error])
        case let error as CatalogueReloadError:
            return Problem(
                .unprocessableContent, title: "The config file has problems", detail: "\(error.file) was not applied", errors: error.errors)
        case let error as StoreError:
            switch error {
            case .notFound: return Problem(.notFound, detail: error.description)
            case .conflict(let field): return Problem(.conflict, detail: field.reason, errors: [field])
            case .invalid(let errors): return .invalid(errors)
            case .invalidDatabase, .schemaTooNew:
                context.logger.error("store failure", metadata: ["error": "\(error)"])
                return Problem(.internalServerError, detail: "the database could not complete the request")
            }
        case let error as any HTTPResponseError:
            let detail: String? =
                switch error.status {
                case .contentTooLarge: "the request body is larger than this server accepts"
                case .notFound: "no such resource"
                default: nil
                }
            return Problem(error.status, detail: detail)
        default:
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, detail: "the server failed; the error is in its log")
        }
    }
}
