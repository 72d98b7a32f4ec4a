import Foundation
import HeraldCore
import HeraldEngine
import HeraldStore
import Hummingbird

/// Where monitoring sends alerts: one route per registered format. Each format answers in its own
/// owner's shapes, never with a 500 for bad input, and nothing of a request it refuses is stored.
enum IngestRoutes {
    static func add(
        to router: Router<HeraldRequestContext>, store: Store, pipeline: AlertPipeline, limits: IngestLimits,
        formats: [any IngestFormat] = IngestFormats.all
    ) {
        for format in formats {
            router.post(RouterPath(format.path)) { request, context -> Response in
                try await take(request, context: context, as: format, store: store, pipeline: pipeline, limits: limits)
            }
        }
    }

    /// The steps every format shares, in the order the first formats set: a key the request carries
    /// is checked before the body is read; a key in the body after it is read.
    static func take(
        _ request: Request, context: HeraldRequestContext, as format: some IngestFormat, store: Store, pipeline: AlertPipeline,
        limits: IngestLimits
    ) async throws -> Response {
        func answer(_ generator: any ResponseGenerator) throws -> Response { try generator.response(from: request, context: context) }

        var integration: Integration?
        if format.key != .body {
            integration = try await Self.integration(key: format.key.find(in: request), kind: format.kind, store: store)
            if integration == nil { return try answer(format.unknownKey()) }
        }
        let body = try await IngestBody.read(request, limit: limits.maxBodyBytes)
        if let integration { try format.verify(body, for: integration, now: store.now(), window: limits.signatureWindow) }
        let batch: IngestBatch
        do throws(ValidationFailure) {
            batch = try format.read(try format.payload(of: body), now: store.now())
        } catch {
            return try answer(format.invalid(error.errors))
        }
        if integration == nil { integration = try await Self.integration(key: batch.key, kind: format.kind, store: store) }
        guard let integration else { return try answer(format.unknownKey()) }
        guard limits.admit(integration.id, now: store.now()) else { return try answer(format.throttled()) }
        var results: [IngestResult] = []
        // What the alerts open, acknowledge or resolve is recorded under the integration that sent them.
        let actor = AuditActor(name: "integration:\(integration.name)", client: context.clientAddress)
        for alert in batch.alerts { results.append(try await AuditActor.$current.withValue(actor) { try await pipeline.receive(alert, from: integration) }) }
        return try answer(format.accepted(batch, results: results))
    }

    /// The integration `key` belongs to, if it is of `kind`: a key works only for its own format.
    static func integration(key: String?, kind: Integration.Kind, store: Store) async throws -> Integration? {
        guard let key, let integration = try await store.integration(key: key), integration.kind == kind else { return nil }
        return integration
    }
}
