import Foundation

/// The judgements `herald doctor` makes from what it measured; pure, so each threshold is tested.
public enum DoctorRules {
    /// The schema the database is at against the one this build knows.
    public static func schema(database: Int, known: Int) -> DoctorFinding {
        if database == known { return DoctorFinding("database", .ok, "schema version \(database), the one this Herald knows") }
        if database > known {
            return DoctorFinding(
                "database", .problem, "schema version \(database) is newer than this Herald knows (\(known))",
                fix: "run the Herald version that migrated it, or a newer one")
        }
        return DoctorFinding(
            "database", .warning, "schema version \(database); this Herald migrates it to \(known) when it starts",
            fix: "nothing to do; on SQLite a backup is taken first, on PostgreSQL take one with herald backup before upgrading")
    }

    /// Free space where the database and its backups live.
    public static func disk(free: Int64, databaseBytes: Int64, at directory: String) -> DoctorFinding {
        let needed = 2 * databaseBytes + UpgradeBackupRule.margin
        let found = "\(mebibytes(free)) free at \(directory), the database takes \(mebibytes(databaseBytes))"
        if free < needed {
            return DoctorFinding(
                "disk", .problem, found, fix: "free at least \(mebibytes(needed - free)) more: an upgrade's backup and migrations need \(mebibytes(needed))")
        }
        if free < 1 << 30 { return DoctorFinding("disk", .warning, found, fix: "keep at least 1 GiB free for the database, its log and backups") }
        return DoctorFinding("disk", .ok, found)
    }

    /// This machine's clock against the database server's: several nodes must agree on time,
    /// because deadlines, leases and escalations are compared across them.
    public static func clock(skew: TimeInterval) -> DoctorFinding {
        let found = String(format: "this machine's clock is %.1f s %@ the database server's", abs(skew), skew >= 0 ? "ahead of" : "behind")
        if abs(skew) <= 1 { return DoctorFinding("clock", .ok, found) }
        let fix = "keep both clocks synchronised (chrony or systemd-timesyncd)"
        return DoctorFinding("clock", abs(skew) <= 30 ? .warning : .problem, found, fix: fix)
    }

    /// `server.public_url`: what links in pages and emails use.
    public static func publicURL(_ url: String?, listening: String) -> DoctorFinding {
        guard let url else {
            return DoctorFinding(
                "public_url", .warning, "server.public_url is not set: links in pages, emails and the setup link use \(listening)",
                fix: "set server.public_url to the address people reach Herald at, e.g. https://status.example.com")
        }
        let host = URLComponents(string: url)?.host ?? ""
        if url.hasPrefix("http://"), !["localhost", "127.0.0.1", "::1"].contains(host) {
            return DoctorFinding(
                "public_url", .warning, "\(url) is plain HTTP: console sessions are sent without Secure and can be read on the way",
                fix: "serve Herald behind HTTPS and set server.public_url to the https:// address")
        }
        return DoctorFinding("public_url", .ok, url)
    }

    private static func mebibytes(_ bytes: Int64) -> String { "\((max(bytes, 0) + (1 << 20) - 1) >> 20) MiB" }
}
