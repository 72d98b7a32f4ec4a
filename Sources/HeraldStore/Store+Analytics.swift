import Foundation
import HeraldCore
import SQLKit

extension Store {
    /// The incidents opened in [`from`, `until`), oldest first: what the response analytics summarise.
    public func incidents(openedFrom from: Date, until: Date, kinds: Set<IncidentKind> = [.real]) async throws -> [Incident] {
        try await read { database in
            try await database.select().column("*").from("incidents")
                .where("kind", .in, SQLBind.group(kinds.map(\.rawValue).sorted()))
                .where("created_at", .greaterThanOrEqual, SQLBind(Timestamp.milliseconds(from)))
                .where("created_at", .lessThan, SQLBind(Timestamp.milliseconds(until)))
                .orderBy("created_at").orderBy("id").all().map { try $0.incident() }
        }
    }
}
