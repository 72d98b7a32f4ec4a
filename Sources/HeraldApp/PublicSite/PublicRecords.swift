import Foundation
import HeraldCore
import HeraldStore

/// What the public side reads: one snapshot of everything public, and the cheap stamp that says
/// whether anything public changed since.
public protocol PublicRecords: Sendable {
    var now: @Sendable () -> Date { get }
    func publicStamp() async throws -> String
    func publicSnapshot(historyDays: Int, recent: Int) async throws -> PublicSnapshot
}

extension Store: PublicRecords {}
