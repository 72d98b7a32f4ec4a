import HeraldCore
import Hummingbird

/// Herald's answer to a request that carried several alerts: how many, and what they did
/// (`{"status":"success","alerts":2,"outcomes":{"opened":1,"grouped":1}}`).
struct BatchReply: ResponseGenerator, Encodable, Sendable {
    var status: String
    var alerts: Int
    var outcomes: [String: Int]

    init(_ results: [IngestResult]) {
        status = "success"
        alerts = results.count
        outcomes = results.reduce(into: [:]) { $0[$1.outcome.rawValue, default: 0] += 1 }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse(self, status: .accepted).response(from: request, context: context)
    }
}
