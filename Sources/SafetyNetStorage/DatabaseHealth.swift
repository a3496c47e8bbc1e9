import PostgresClient

/// The database as the health check sees it.
public struct DatabaseHealth: Sendable, Equatable {
    /// Whether a trivial query answered.
    public let isUp: Bool
    /// How long it took, in milliseconds; nil when down.
    public let latencyMilliseconds: Double?
    /// Why it is down, for the server's log (it names hosts and ports: never for clients); nil when up.
    public let failure: String?

    /// Times a trivial round trip.
    public static func check(pool: ConnectionPool) async -> DatabaseHealth {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await pool.query("SELECT 1")
            let elapsed = (clock.now - start) / .milliseconds(1)
            return DatabaseHealth(isUp: true, latencyMilliseconds: (elapsed * 100).rounded() / 100, failure: nil)
        } catch {
            return DatabaseHealth(isUp: false, latencyMilliseconds: nil, failure: "\(error)")
        }
    }
}
