import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import PostgresClient

/// Builds the HTTPS application: the routes, TLS and the services that run beside them.
public enum SafetyNetServer {
    /// SafetyNet's version, reported by `/health`.
    public static let version = "0.1.0"

    /// The application for `settings`, serving from `pool`. `onRunning` gets the bound port.
    public static func makeApplication(
        settings: ServerSettings, pool: ConnectionPool, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        HealthController(pool: pool, version: version).addRoutes(to: router)
        return Application(
            router: router,
            server: try .tls(.http1(), tlsConfiguration: try settings.tlsConfiguration()),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: "SafetyNet"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? settings.port) },
            logger: logger)
    }
}
