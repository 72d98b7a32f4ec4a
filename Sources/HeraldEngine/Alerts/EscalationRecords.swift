import Foundation
import HeraldCore
import HeraldStore

/// What the escalation service reads and writes: incidents due for their next step, their alerts and
/// integration, quiet flapping incidents to resolve, and storms in progress.
public protocol EscalationRecords: Sendable {
    func waitForSchema() async
    func incidentsToEscalate(dueBy time: Date) async throws -> [(incident: Incident, step: Int)]
    func incidentsWithNewAlerts(dueBy time: Date) async throws -> [(incident: Incident, step: Int, since: Date, due: Int64)]
    func alerts(incidentID: String) async throws -> [StoredAlert]
    func integration(id: String) async throws -> Integration
    func resolveQuietIncidents(dueBy time: Date) async throws -> [String]
    func activeStorms() async throws -> [StormRecord]
}

extension Store: EscalationRecords {}
