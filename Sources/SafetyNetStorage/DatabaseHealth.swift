import PostgresClient

/// The database as the health check sees it.
public struct DatabaseHealth: Sendable, Codable, Equatable {
    /// `up` when a query answered, `down` otherwise.
    public let status: String
    /// How long a trivial query took, in milliseconds; nil when down.
    public let latencyMilliseconds: Double?
    /// The server's version, e.g. `15.18`; nil when down.
    public let serverVersion: String?
    /// Connections the pool holds open and idle.
    public let openConnections: Int, idleConnections: Int
    /// Why it is down; nil when up.
    public let error: String?

    /// Whether the database answered.
    public var isUp: Bool { status == "up" }

    /// Asks the database for its version and times the round trip.
    public static func check(pool: ConnectionPool) async -> DatabaseHealth {
        let clock = ContinuousClock()
        let start = clock.now
        let statistics = pool.statistics
        do {
            let version = try await pool.query("SELECT current_setting('server_version') AS version")[0]
                .decode("version", as: String.self)
            let elapsed = (clock.now - start) / .milliseconds(1)
            return DatabaseHealth(
                status: "up", latencyMilliseconds: (elapsed * 100).rounded() / 100, serverVersion: version,
                openConnections: statistics.open, idleConnections: statistics.idle, error: nil)
        } catch {
            return DatabaseHealth(
                status: "down", latencyMilliseconds: nil, serverVersion: nil,
                openConnections: statistics.open, idleConnections: statistics.idle, error: "\(error)")
        }
    }
}
