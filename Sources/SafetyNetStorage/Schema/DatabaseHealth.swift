import PostgresClient

/// The database as the health check sees it.
public struct DatabaseHealth: Sendable, Equatable {
    /// Whether a trivial query answered.
    public let isUp: Bool
    /// Why it is down, for the server's log (it names hosts and ports: never for clients); nil when up.
    public let failure: String?
}

/// Asks the database whether it answers, for the health check.
public struct DatabaseProbe: Sendable {
    let pool: ConnectionPool

    /// Creates the probe on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Sends a trivial query.
    public func check() async -> DatabaseHealth {
        do {
            try await pool.query("SELECT 1")
            return DatabaseHealth(isUp: true, failure: nil)
        } catch {
            return DatabaseHealth(isUp: false, failure: "\(error)")
        }
    }
}
