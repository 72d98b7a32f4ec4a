import HeraldApp
import HeraldCore
import ArgumentParser
import Foundation
import Synchronization
import HeraldChannels
import HeraldEngine
import HeraldServer
import HeraldStore
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus

/// `herald serve`: migrate, then serve the API until SIGTERM or SIGINT, finishing requests in flight.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Herald server.")

    @OptionGroup var options: ConfigurationOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "Log lines as 'text' or 'json' (one object per line).")
    var logFormat: LogFormat = .text

    func run() async throws {
        var configuration = try options.resolve()
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            configuration.port = port
        }
        let level = configuration.logLevel
        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = options.logger(configuration, quiet: false)
        // Every connection is a file descriptor; the soft limit (often 1,024) is raised to the hard one.
        if let (before, after) = FileDescriptorLimit.raiseToHard() {
            logger.info("open files limit", metadata: ["before": "\(before)", "now": "\(after)"])
        }
        let metrics = HeraldMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))

        let store = try Store(location: configuration.database, logger: logger)
        let auditKey: AuditSigningKey
        do { auditKey = try AuditSigningKey.loadOrCreate(path: configuration.auditSigningKeyPath) } catch { throw CommandFailure("\(error)") }
        let templates: NoticeTemplates
        do {
            templates = try NoticeTemplates.load(overrides: configuration.notices.templateDirectory)
        } catch let error as TemplateError {
            throw ValidationError(error.description)
        }
        let reloader = configuration.file.map { CatalogueReloader(file: $0, store: store, logger: logger) }
        let runtime = HeraldRuntime(
            configuration: configuration, store: store, templates: templates, metrics: metrics, reloader: reloader, logger: logger)
        let database = configuration.database
        let host = configuration.host
        let publicURL = configuration.publicURL
        // Made before the server starts, printed once it listens: the link needs the port it got.
        let setupSecret = Mutex<String?>(nil)
        var app = try HeraldHTTP.application(runtime, logger: logger) { channel in
            let port = channel.localAddress?.port.map(String.init) ?? "?"
            // Before the listening line, which supervisors and tests wait for.
            if let secret = setupSecret.withLock({ $0 }) {
                let base = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "http://\(host):\(port)"
                say(BootstrapBanner.setupLink("\(base)/console/setup/\(secret)"))
            }
            say("herald: listening on http://\(host):\(port) (database \(database))")
        }
        // The store is listed first so it is shut down last, after the server has drained.
        app.addServices(store)
        // Next to the store, so on shutdown it signs after everything else has stopped writing.
        app.addServices(AuditCheckpointer(store: store, key: auditKey, now: { Date() }, logger: logger))
        app.addServices(runtime.backgroundServices(logger: logger))
        app.beforeServerStarts {
            if case .sqlite(let path) = database, let backup = try await PreUpgradeBackup.takeIfNeeded(store, now: Date(), logger: logger) {
                say("herald: backed up the database to \(backup.url.path) before migrating it; " + PreUpgradeBackup.undoAdvice(backup, database: path))
            }
            try await store.migrate()
            if let issued = try await store.createBootstrapTokenIfNone() {
                say(BootstrapBanner.text(issued.secret))
            }
            // While nobody can sign in to the console, each start prints a new setup link (the earlier one stops working).
            if let secret = try await store.createSetupLinkIfNoOperators() { setupSecret.withLock { $0 = secret } }
            try await reloader?.reload()
            for line in try await EscalationCheck.brokenReferences(store) {
                logger.warning("an escalation step pages nobody: \(line)")
            }
        }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            // NIO says "bind(descriptor:ptr:bytes:): Address already in use"; the operator needs the port.
            throw CommandFailure("port \(configuration.port) is already in use on \(configuration.host)")
        }
    }
}

/// Writes a line to standard output at once; `print` buffers when stdout is a pipe, and a supervisor
/// or test reading the output must see the listening address and bootstrap token without delay.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

enum BootstrapBanner {
    static func setupLink(_ link: String) -> String {
        """

        No one can sign in to the console yet. Open this one-time link to create the first admin
        (a new link is printed at each start until then, and the previous one stops working):

            \(link)

        """
    }

    static func text(_ secret: String) -> String {
        """

        Herald made its first admin API token. It is shown only this once; store it safely:

            \(secret)

        Use it as 'Authorization: Bearer \(secret.prefix(9))…'. Make more with 'herald token create'.

        """
    }
}
