import Foundation
import HeraldCore
import HeraldStore
import NIOCore

/// The public side's data, read once per change: every page, JSON document and feed is built from
/// one snapshot and kept until the store says something public changed.
///
/// Each node checks the store's cheap change stamp on every request, so several nodes sharing one
/// PostgreSQL never serve a stale page; rendering happens only after a change (or a new day, which
/// moves the uptime bars).
public actor PublicSite {
    public nonisolated let store: any PublicRecords
    public nonisolated let settings: StatusPageSettings
    /// The address pages and feeds link to; without it links are relative to the request.
    public nonisolated let publicURL: String?
    private var stamp: String?
    private var current: PublicSnapshot?
    private var rendered: [String: ByteBuffer] = [:]

    public init(store: any PublicRecords, settings: StatusPageSettings, publicURL: String?) {
        self.store = store
        self.settings = settings
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The cache version: the store's stamp and the page's calendar day.
    private func version() async throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: store.now())
        return try await store.publicStamp() + "|\(day.year!)-\(day.month!)-\(day.day!)"
    }

    /// Reads a new snapshot if something public changed; returns the version in force.
    private func refresh() async throws -> String {
        let version = try await version()
        if version != stamp {
            let snapshot = try await store.publicSnapshot(historyDays: 90, recent: 50)
            // Another request may have refreshed it meanwhile; a later request corrects any mix-up.
            if version != stamp {
                current = snapshot
                stamp = version
                rendered = [:]
            }
        }
        return version
    }

    /// The body for `key`, built by `make` from the current snapshot unless already built for it;
    /// with the version, usable as an ETag.
    public func body(_ key: String, make: @Sendable (PublicSnapshot) throws -> String) async throws -> (body: ByteBuffer, version: String) {
        let version = try await refresh()
        if let cached = rendered[key] { return (cached, version) }
        let buffer = ByteBuffer(string: try make(current!))
        rendered[key] = buffer
        return (buffer, version)
    }

    /// The current snapshot and its version.
    public func snapshot() async throws -> (snapshot: PublicSnapshot, version: String) {
        let version = try await refresh()
        return (current!, version)
    }
}
