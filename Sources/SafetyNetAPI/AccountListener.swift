import Logging
import PostgresClient
import SafetyNetStorage
import ServiceLifecycle

/// Keeps the server's ``PrincipalCache`` honest: forgets it whenever any process changes a
/// credential, certificate or account, and keeps it off while those changes cannot be heard.
struct AccountListener: Service {
    let cache: PrincipalCache
    let configuration: PostgresConfiguration
    let logger: Logger

    /// Listens until the service group shuts down, reconnecting while the database is unreachable.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let notifications = try await PostgresListener.listen(
                        configuration: configuration, channels: [PrincipalCache.channel], logger: logger,
                        onListening: { [cache] in cache.setListening($0) })
                    for try await _ in notifications { cache.invalidateAll() }
                } catch {
                    logger.warning(
                        "cannot hear account changes; signed-in requests ask the database meanwhile",
                        metadata: ["error": "\(error)"])
                }
                cache.setListening(false)
                try await Task.sleep(for: .seconds(2))
            }
        }
        cache.setListening(false)
    }
}
