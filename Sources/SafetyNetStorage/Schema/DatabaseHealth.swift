import PostgresClient

/// The database as the health check sees it.
public struct DatabaseHealth: Sendable, Equatable {
    /// Whether a trivial query answered.
    public let isUp: Bool
    /// Why it is down, for the server's log (it names hosts and ports: never for clients); nil when up.
    public let failure: String?

    /// Sends a trivial query.
    public static func check(pool: ConnectionPool) async -> DatabaseHealth {
        do {
            try await pool.query("SELECT 1")
            return DatabaseHealth(isUp: true, failure: nil)
        } catch {
            return DatabaseHealth(isUp: false, failure: "\(error)")
        }
    }
}
