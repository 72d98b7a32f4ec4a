import Foundation
import HeraldCore
import HeraldStore
import HeraldTestSupport
import Testing

/// `herald backup`, `herald backup verify` and `herald restore`, run as an operator runs them.
@Suite struct BackupCommandTests {
    static let config = """
        catalogue:
          components:
            - {id: pay, name: 支付网关}
        """

    /// A Herald with rows of many kinds: contacts, a published notice and its deliveries, an incident with events.
    struct Seeded {
        var base: String
        var token: String
        var incident: String
        var contacts: Int
    }

    static func seed(_ server: RunningServer) async throws -> Seeded {
        let base = try await server.baseURL()
        let token = String(try #require(server.stdout.firstMatch(of: /hrld_[0-9a-f]{48}/)).output)
        for (id, email) in [("wang", "wang@example.com"), ("chen", "chen@example.com")] {
            let made = try await fetch("\(base)/api/v1/contacts", method: "POST", token: token,
                                       json: #"{"id":"\#(id)","name":"\#(id)","addresses":{"email":"\#(email)","log":"\#(id)"},"preferences":{"medium":["log"]},"subscriptions":["pay"]}"#)
            #expect(made.status == 201, "\(made.body)")
        }
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let start = format.string(from: Date().addingTimeInterval(3 * 86400))
        let end = format.string(from: Date().addingTimeInterval(3 * 86400 + 7200))
        let notice = """
            {"title":{"zh-CN":"支付系统升级维护","en":"Payment system upgrade"},"reason":{"zh-CN":"升级支付系统","en":"An upgrade of the payment system"},
             "impact":{"zh-CN":"维护期间无法在线支付","en":"You cannot pay online during the maintenance"},
             "signature":{"zh-CN":"运维部","en":"Operations"},"contact":{"name":"值班工程师","email":"ops@example.com"},
             "components":["pay"],"severity":"medium","time_zone":"Asia/Shanghai","planned_start":"\(start)","planned_end":"\(end)"}
            """
        let created = try await fetch("\(base)/api/v1/notices", method: "POST", token: token, json: notice)
        let id = String(try #require(created.body.firstMatch(of: /"id":"([a-z0-9]{12})"/)?.output.1, "\(created.body)"))
        let published = try await fetch("\(base)/api/v1/notices/\(id)/publish", method: "POST", token: token)
        #expect(published.status == 200, "\(published.body)")
        // The announcement becomes deliveries in the background: wait for the log channel to have sent them.
        for _ in 0..<500 {
            let ledger = try await fetch("\(base)/api/v1/notices/\(id)/deliveries", token: token)
            if ledger.body.matches(of: /"state":"sent"/).count >= 2 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let integration = try await fetch("\(base)/api/v1/integrations", method: "POST", token: token, json: #"{"name":"pagerduty","kind":"pagerduty"}"#)
        let routingKey = String(try #require(integration.body.firstMatch(of: /"key":"([^"]+)"/)?.output.1, "\(integration.body)"))
        let event = try await fetch(
            "\(base)/v2/enqueue", method: "POST",
            json: #"{"routing_key":"\#(routingKey)","event_action":"trigger","payload":{"summary":"支付网关 5xx 超过 5%","source":"pay-gw-01","severity":"critical","component":"pay"}}"#)
        #expect(event.status == 202, "\(event.body)")
        let incidents = try await fetch("\(base)/api/v1/incidents", token: token)
        let incident = String(try #require(incidents.body.firstMatch(of: /"id":"([a-z0-9]+)"/)?.output.1, "\(incidents.body)"))
        let acknowledged = try await fetch("\(base)/api/v1/incidents/\(incident)/acknowledge", method: "POST", token: token)
        #expect(acknowledged.status == 200, "\(acknowledged.body)")
        return Seeded(base: base, token: token, incident: incident, contacts: 2)
    }

    @Test(.timeLimit(.minutes(10)), arguments: TestDatabase.allCases)
    func aBackupTakenWhileServingRestoresTheSameData(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.config.write(to: directory.appendingPathComponent("herald.yaml"), atomically: true, encoding: .utf8)
        try await engine.withEmptyDatabase { source in
            let server = try await RunningServer(["--config", "herald.yaml", "--database", source.argument], in: directory)
            let seeded = try await Self.seed(server)
            let timeline = try await fetch("\(seeded.base)/api/v1/incidents/\(seeded.incident)/timeline", token: seeded.token)
            #expect(timeline.body.contains("acknowledged"), "\(timeline.body)")
            let hold = directory.appendingPathComponent("release-the-snapshot")
            let backup = try await RunningChild(
                HeraldProcess.binary.path, ["backup", "--to", "backups", "--database", source.argument], in: directory,
                environment: ["HERALD_BACKUP_HOLD_FILE": engine == .postgres ? hold.path : nil, "HERALD_URL": nil, "HERALD_TOKEN": nil])
            var written: [String] = []
            if engine == .postgres {
                // The snapshot is open and the backup waits: a write now must succeed without waiting for it.
                while !backup.stderr.contains("snapshot open") {
                    #expect(backup.isRunning, "\(backup.stderr)")
                    try await Task.sleep(for: .milliseconds(20))
                }
                let late = try await fetch("\(seeded.base)/api/v1/contacts", method: "POST", token: seeded.token,
                                           json: #"{"id":"late","name":"late","addresses":{"email":"late@example.com"}}"#)
                #expect(late.status == 201, "\(late.body)")
                #expect(backup.isRunning, "the write finished while the backup still held its snapshot")
                try Data().write(to: hold)
                written.append("late")
            } else {
                // VACUUM INTO is one statement and cannot be held open: writes go on for as long as the command runs.
                while backup.isRunning {
                    let id = "during\(written.count)"
                    let made = try await fetch("\(seeded.base)/api/v1/contacts", method: "POST", token: seeded.token,
                                               json: #"{"id":"\#(id)","name":"\#(id)","addresses":{"email":"\#(id)@example.com"}}"#)
                    #expect(made.status == 201, "\(made.body)")
                    written.append(id)
                }
            }
            #expect(try await backup.exitStatus() == 0, "\(backup.stderr)")
            #expect(!written.isEmpty)
            let made = try #require(backup.stdout.firstMatch(of: /to (\S+herald-backup-\d{8}T\d{6}Z)/)?.output.1, "\(backup.stdout)")
            let path = String(made)
            let manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent("manifest.json")))
            #expect(manifest.store.rawValue == engine.rawValue)
            #expect(manifest.schemaVersion == Store.latestSchemaVersion)
            #expect(manifest.createdAt.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/) != nil)
            #expect((manifest.tables["incident_events"] ?? 0) >= 2)
            #expect((manifest.tables["deliveries"] ?? 0) >= 1)
            #expect((manifest.tables["notices"] ?? 0) == 1)
            if engine == .postgres {
                #expect(manifest.tables["contacts"] == seeded.contacts, "the write made during the backup is after its snapshot")
            }

            let verified = try await HeraldProcess.run(["backup", "verify", path, "--database", source.argument], in: directory)
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            #expect(verified.stdout.contains("is good"))
            _ = try await server.stop()

            try await engine.withEmptyDatabase { target in
                let restored = try await HeraldProcess.run(["restore", path, "--database", target.argument], in: directory)
                #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
                let again = try await RunningServer(["--config", "herald.yaml", "--database", target.argument], in: directory)
                let base = try await again.baseURL()
                // The token made before the backup is in it, and the restored Herald serves the same incident.
                let same = try await fetch("\(base)/api/v1/incidents/\(seeded.incident)/timeline", token: seeded.token)
                #expect(same.status == 200, "\(same.body)")
                #expect(same.body == timeline.body)
                let contacts = try await fetch("\(base)/api/v1/contacts?limit=500", token: seeded.token)
                let restoredRows = try await Store.withStore(target, logger: TestDatabase.logger) { try await $0.rowCounts() }
                #expect(restoredRows["contacts"] == manifest.tables["contacts"])
                #expect(contacts.body.contains("\"wang\""))
                if engine == .postgres { #expect(!contacts.body.contains("\"late\"")) }
                // Ids continue past the restored ones: a new incident event is recorded and shown after the old ones.
                let events = timeline.body.matches(of: /"id":(\d+)/).compactMap { Int($0.output.1) }
                let change = try await fetch("\(base)/api/v1/incidents/\(seeded.incident)/severity", method: "POST", token: seeded.token,
                                             json: #"{"severity":"low"}"#)
                #expect(change.status == 200, "\(change.body)")
                let later = try await fetch("\(base)/api/v1/incidents/\(seeded.incident)/timeline", token: seeded.token)
                #expect(later.body.hasPrefix(String(timeline.body.dropLast(2))), "the old events first, as they were")
                #expect(later.body.contains(#""id":\#((events.max() ?? 0) + 1),"kind":"severity_changed""#), "\(later.body)")
                _ = try await again.stop()

                let refused = try await HeraldProcess.run(["restore", path, "--database", target.argument], in: directory)
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("not empty"), "\(refused.stderr)")
                #expect(refused.stderr.contains("rows in contacts"), "says what would be lost: \(refused.stderr)")
                #expect(refused.stderr.contains("--force"))
                let forced = try await HeraldProcess.run(["restore", path, "--database", target.argument, "--force"], in: directory)
                #expect(forced.status == 0, "\(forced.stdout)\(forced.stderr)")
                #expect(forced.stdout.contains("replaced what the database held"))
                let timelineAfter = try await Store.withStore(target, logger: TestDatabase.logger) { try await $0.rowCounts() }
                #expect(timelineAfter["incident_events"] == manifest.tables["incident_events"], "the change made after the first restore is gone")
            }
        }
    }

    /// A migrated database with a token in it, backed up; returns the backup's path.
    static func backedUp(_ location: DatabaseLocation, in directory: URL, _ extra: [String] = []) async throws -> String {
        try await HeraldProcess.migrate(["--database", location.argument], in: directory)
        let token = try await HeraldProcess.run(
            ["token", "create", "--role", "admin", "--name", "on-call laptop", "--database", location.argument], in: directory)
        #expect(token.status == 0, "\(token.stderr)")
        let backup = try await HeraldProcess.run(["backup", "--to", "backups", "--database", location.argument] + extra, in: directory)
        #expect(backup.status == 0, "\(backup.stderr)")
        return String(try #require(backup.stdout.firstMatch(of: /to (\S+herald-backup-\d{8}T\d{6}Z)/)?.output.1, "\(backup.stdout)"))
    }

    @Test(arguments: TestDatabase.allCases)
    func aTamperedBackupFailsVerifyNamingTheFile(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await engine.withEmptyDatabase { location in
            let path = try await Self.backedUp(location, in: directory)
            let name = engine == .sqlite ? "herald.sqlite" : "tables/api_tokens.jsonl"
            let file = URL(fileURLWithPath: path).appendingPathComponent(name)
            var bytes = try Data(contentsOf: file)
            let middle = bytes.count / 2
            bytes[middle] ^= 0x01
            try bytes.write(to: file)

            let verified = try await HeraldProcess.run(["backup", "verify", path, "--database", location.argument], in: directory)
            #expect(verified.status == 1)
            #expect(verified.stdout.contains("does NOT match"), "\(verified.stdout)")
            #expect(verified.stdout.contains("\(name) has changed since the backup was made"), "\(verified.stdout)")

            try await engine.withEmptyDatabase { target in
                let restored = try await HeraldProcess.run(["restore", path, "--database", target.argument], in: directory)
                #expect(restored.status != 0)
                #expect(restored.stderr.contains("\(name) has changed"), "\(restored.stderr)")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anEncryptedBackupRestoresOnlyWithItsKey(_ engine: TestDatabase) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("backup.key")
        try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: key)
        let other = directory.appendingPathComponent("other.key")
        try (String(repeating: "ab", count: 32) + "\n").write(to: other, atomically: true, encoding: .utf8)
        try await engine.withEmptyDatabase { location in
            let path = try await Self.backedUp(location, in: directory, ["--key-file", key.path])
            let manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent("manifest.json")))
            let encryption = try #require(manifest.encryption)
            #expect(encryption.algorithm == "AES-256-GCM")
            for file in manifest.files {
                #expect(file.name.hasSuffix(".aesgcm"))
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path).appendingPathComponent(file.name))
                #expect(bytes.range(of: Data("on-call laptop".utf8)) == nil, "\(file.name) holds no plain text")
            }

            let unverified = try await HeraldProcess.run(["backup", "verify", path, "--database", location.argument], in: directory)
            #expect(unverified.status != 0)
            #expect(unverified.stderr.contains("encrypted"), "\(unverified.stderr)")
            let verified = try await HeraldProcess.run(
                ["backup", "verify", path, "--key-file", key.path, "--database", location.argument], in: directory)
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

            try await engine.withEmptyDatabase { target in
                let keyless = try await HeraldProcess.run(["restore", path, "--database", target.argument], in: directory)
                #expect(keyless.status != 0)
                #expect(keyless.stderr.contains("the backup is encrypted (key \(encryption.keyFingerprint)): give its key with --key-file"), "\(keyless.stderr)")
                let wrong = try await HeraldProcess.run(["restore", path, "--key-file", other.path, "--database", target.argument], in: directory)
                #expect(wrong.status != 0)
                #expect(wrong.stderr.contains("is not the key the backup was encrypted with"), "\(wrong.stderr)")
                let right = try await HeraldProcess.run(["restore", path, "--key-file", key.path, "--database", target.argument], in: directory)
                #expect(right.status == 0, "\(right.stdout)\(right.stderr)")
                let tokens = try await HeraldProcess.run(["token", "list", "--database", target.argument], in: directory)
                #expect(tokens.stdout.contains("on-call laptop"))
            }
        }
    }

    @Test func aBackupFromANewerSchemaIsRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestDatabase.sqlite.withEmptyDatabase { location in
            let path = try await Self.backedUp(location, in: directory)
            let manifestFile = URL(fileURLWithPath: path).appendingPathComponent("manifest.json")
            var manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: manifestFile))
            manifest.schemaVersion = Store.latestSchemaVersion + 1
            try JSONEncoder().encode(manifest).write(to: manifestFile)
            let target = directory.appendingPathComponent("restored/herald.sqlite").path
            let refused = try await HeraldProcess.run(["restore", path, "--database", "sqlite:\(target)"], in: directory)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("schema is at version \(Store.latestSchemaVersion + 1), this build knows up to \(Store.latestSchemaVersion)"),
                    "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: target), "nothing was written")
        }
    }
}
