import HeraldCore
import HeraldStore
import Logging
import ServiceLifecycle
import UnixSignals

/// Applies the config file's catalogue: at start, on SIGHUP, and on `POST /api/v1/config/reload`.
public struct CatalogueReloader: Sendable {
    public let file: String
    let store: Store
    let logger: Logger

    public init(file: String, store: Store, logger: Logger) {
        self.file = file
        self.store = store
        self.logger = logger
    }

    /// Reads the file again and applies its catalogue; a bad file changes nothing and says why.
    @discardableResult
    public func reload() async throws -> CataloguePlan {
        let configuration: HeraldConfiguration
        do {
            configuration = try HeraldConfiguration.load(file: file)
        } catch let error as ConfigurationError {
            let failure = CatalogueReloadError(file: file, errors: error.errors)
            // Each problem as "field: reason", the way `herald config check` prints them.
            logger.warning(
                "reloading the config file failed; the catalogue is unchanged",
                metadata: ["file": "\(file)", "problems": .array(failure.problems.map { .string($0) })])
            throw failure
        }
        for old in configuration.deprecations {
            logger.warning("the config file uses an old field name", metadata: ["file": "\(file)", "field": "\(old.field)", "problem": "\(old.reason)"])
        }
        guard let declaration = configuration.catalogue else { return CataloguePlan(declaration: .init(), groups: [], components: []) }
        // The catalogue's changes are the config file's, whoever sent the signal.
        let plan = try await AuditActor.$current.withValue(AuditActor(name: "config:reload")) { try await store.applyCatalogue(declaration) }
        logger.info(
            "applied the config file's catalogue",
            metadata: [
                "file": "\(file)", "created": "\(plan.groupsToCreate.count + plan.componentsToCreate.count)",
                "updated": "\(plan.groupsToUpdate.count + plan.componentsToUpdate.count)",
                "status_changes": "\(plan.statusChanges.count)",
            ])
        if !plan.undeclaredComponents.isEmpty || !plan.undeclaredGroups.isEmpty {
            logger.warning(
                "the config file no longer declares some entries; they are kept until deleted",
                metadata: ["components": "\(plan.undeclaredComponents)", "groups": "\(plan.undeclaredGroups)"])
        }
        return plan
    }
}

/// Reloads the catalogue whenever the process receives SIGHUP, the usual "re-read your config" signal.
public struct ReloadOnHangup: Service {
    let reloader: CatalogueReloader
    let logger: Logger

    public init(reloader: CatalogueReloader, logger: Logger) {
        self.reloader = reloader
        self.logger = logger
    }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                do {
                    try await reloader.reload()
                } catch is CatalogueReloadError {
                    // `reload` has logged each problem.
                } catch {
                    logger.error("reload on SIGHUP failed; the catalogue is unchanged", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// A reload that changed nothing because the file has problems.
public struct CatalogueReloadError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let errors: [FieldError]

    /// Each problem as "field: reason".
    public var problems: [String] { errors.map { "\($0.field): \($0.reason)" } }

    public var description: String {
        "\(file) has \(errors.count == 1 ? "a problem" : "\(errors.count) problems"): " + problems.joined(separator: "; ")
    }
}
