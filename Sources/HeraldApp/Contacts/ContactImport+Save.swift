import Foundation
import HeraldCore
import HeraldStore

extension ContactImport {
    /// Stores the rows that became contacts, adding new ones and replacing those with the same id,
    /// in batches of 500 so each transaction stays short; returns how many were new. `herald contacts
    /// import` and the console's import call this.
    public func save(to store: Store, progress: (Int) -> Void = { _ in }) async throws -> Int {
        var created = 0
        var done = 0
        let contacts = rows.map(\.contact)
        for start in stride(from: 0, to: contacts.count, by: 500) {
            let batch = Array(contacts[start..<min(start + 500, contacts.count)])
            created += try await store.saveContacts(batch)
            done += batch.count
            progress(done)
        }
        return created
    }
}
