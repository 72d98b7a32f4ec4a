import HeraldCore
import ServiceLifecycle

/// Runs a background service with its own name in the audit log (`herald:scheduler`…), so what it
/// changes by itself is told apart from what people did.
struct AuditedService: Service {
    let name: String
    let service: any Service

    func run() async throws {
        try await AuditActor.$current.withValue(.herald(name)) { try await service.run() }
    }
}
