import Foundation
import Logging
import PostgresClient
import SafetyNetAPI
import SafetyNetStorage
import ServiceLifecycle

/// Runs the HTTPS server until SIGINT or SIGTERM, then lets requests in flight finish and closes the
/// pool: one service group with the pool first, so that it stops last.
enum ServerRuntime {
    static func run(
        settings: ServerSettings, services: APIServices, pool: ConnectionPool, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let application = try await SafetyNetServer.makeApplication(settings: settings, services: services, logger: logger, onRunning: onRunning)
        let group = ServiceGroup(
            configuration: .init(services: [pool, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Applies pending migrations for the linked modules as the owner and logs what ran; with a
    /// separate runtime role, grants it what the server needs (the audit log append-only).
    static func migrate(owner: ConnectionPool, runtimeRole: String?, logger: Logger) async throws {
        let applied = try await DatabaseSchema(pool: owner, modules: DepartmentRegistry.modules, logger: logger).update()
        if !applied.isEmpty { logger.info("database schema updated", metadata: ["migrations": "\(applied.count)"]) }
        if let runtimeRole { try await DatabaseRoles.grantRuntime(runtimeRole, on: owner) }
    }

    /// Migrates through the owner's URL when one is given (granting the runtime role of `pool`),
    /// else through `pool` itself.
    static func migrate(pool: ConnectionPool, database: DatabaseOptions, logger: Logger) async throws {
        guard let ownerURL = try database.resolvedOwnerURL else { return try await migrate(owner: pool, runtimeRole: nil, logger: logger) }
        let owner = try database.makePool(url: ownerURL, logger: logger)
        do {
            try await migrate(owner: owner, runtimeRole: try await DatabaseRoles.currentRole(of: pool), logger: logger)
        } catch {
            try? await owner.shutdown()
            throw error
        }
        try await owner.shutdown()
    }
}
