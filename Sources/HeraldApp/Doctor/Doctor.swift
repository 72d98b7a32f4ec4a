import AsyncHTTPClient
import Foundation
import HeraldChannels
import HeraldCore
import HeraldStore
import Logging
import NIOCore

/// `herald doctor`: looks at a configuration and everything it points to, without changing anything,
/// and says in plain words what is wrong and how to fix it.
public enum Doctor {
    /// Every finding about `configuration`, in the order an operator fixes them. The database is
    /// opened but never created or migrated.
    public static func examine(_ configuration: HeraldConfiguration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) async -> [DoctorFinding] {
        var findings = await database(configuration, logger: logger, now: now)
        findings.append(disk(configuration.database))
        findings.append(DoctorRules.publicURL(configuration.publicURL, listening: "http://\(configuration.host):\(configuration.port)"))
        if let url = configuration.publicURL { findings.append(await answers(url)) }
        findings.append(channels(configuration, logger: logger))
        return findings
    }

    static func database(_ configuration: HeraldConfiguration, logger: Logger, now: @escaping @Sendable () -> Date) async -> [DoctorFinding] {
        let location = configuration.database
        if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) {
            return [DoctorFinding("database", .warning, "no database at \(path) yet", fix: "herald serve (or herald migrate) creates it")]
        }
        do {
            return try await Store.withStore(location, logger: logger) { store in
                guard try await store.holdsHeraldSchema() else {
                    return [DoctorFinding("database", .warning, "\(location) holds no Herald schema yet", fix: "herald serve (or herald migrate) makes it")]
                }
                var findings = [DoctorFinding("database", .ok, "\(location) answers")]
                findings.append(DoctorRules.schema(database: try await store.schemaVersion(), known: Store.latestSchemaVersion))
                if let server = try await store.serverClock() { findings.append(DoctorRules.clock(skew: now().timeIntervalSince(server))) }
                return findings
            }
        } catch {
            return [DoctorFinding(
                "database", .problem, "\(location) cannot be opened: \(error)",
                fix: "check the --database URL or the config's database, that the server runs and that the user may connect")]
        }
    }

    static func disk(_ location: DatabaseLocation) -> DoctorFinding {
        let (directory, databaseBytes): (String, Int64) =
            switch location {
            case .sqlite(let path):
                ((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, size(path) + size(path + "-wal"))
            case .postgres: (".", 0)
            }
        var probe = URL(fileURLWithPath: directory)
        while !FileManager.default.fileExists(atPath: probe.path), probe.path != "/" { probe.deleteLastPathComponent() }
        let free = ((try? FileManager.default.attributesOfFileSystem(forPath: probe.path))?[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
        return DoctorRules.disk(free: free, databaseBytes: databaseBytes, at: probe.path)
    }

    /// Whether Herald answers at its public URL from this machine.
    static func answers(_ publicURL: String) async -> DoctorFinding {
        let url = (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/healthz"
        var configuration = ProviderHTTP.configuration
        configuration.timeout.connect = .seconds(3)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defer { _ = client.shutdown() }
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            guard response.status == .ok, body.contains("\"status\"") else {
                return DoctorFinding(
                    "public_url", .warning, "\(url) answered HTTP \(response.status.code), not Herald's health check",
                    fix: "point the load balancer or proxy for server.public_url at herald serve")
            }
            return DoctorFinding("public_url", .ok, "\(url) answers from here")
        } catch {
            return DoctorFinding(
                "public_url", .warning, "\(url) does not answer from here: \(error)",
                fix: "start herald serve, or check DNS, the proxy and the firewall between this machine and server.public_url")
        }
    }

    /// Which channels can reach people, from the config's `channels` section.
    static func channels(_ configuration: HeraldConfiguration, logger: Logger) -> DoctorFinding {
        let kinds = Set(configuration.channels(logger: logger).map(\.kind))
        let people: [ChannelKind] = [.email, .sms, .voice]
        let reaching = people.filter(kinds.contains)
        let listed = kinds.map(\.rawValue).sorted().joined(separator: ", ")
        guard !reaching.isEmpty else {
            return DoctorFinding(
                "channels", .warning, "channels ready: \(listed); none of email, SMS or voice is configured",
                fix: "configure channels.email (SMTP) or channels.sms so pages and notices reach people who are not in a chat tool")
        }
        return DoctorFinding("channels", .ok, "channels ready: \(listed)")
    }

    private static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
