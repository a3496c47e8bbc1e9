import Foundation
import Logging
import PostgresClient
import SafetyNetAPI
import SafetyNetStorage
import ServiceLifecycle

/// Runs the HTTPS server until SIGINT or SIGTERM, then lets requests in flight finish and closes the pool.
enum ServerRuntime {
    static func run(
        settings: ServerSettings, services: APIServices, pool: ConnectionPool, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let application = try await SafetyNetServer.makeApplication(settings: settings, services: services, logger: logger, onRunning: onRunning)
        let group = ServiceGroup(configuration: .init(
            services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await pool.shutdown()
            throw error
        }
        try await pool.shutdown()
    }

    /// Applies pending migrations for the linked modules and logs what ran.
    static func migrate(pool: ConnectionPool, logger: Logger) async throws {
        let applied = try await DatabaseSchema(pool: pool, modules: DepartmentRegistry.modules, logger: logger).update()
        if !applied.isEmpty { logger.info("database schema updated", metadata: ["migrations": "\(applied.count)"]) }
    }
}
