import PostgresClient

/// Counts of the registry at a glance: what the demo prints and an admin checks after a load.
public struct RegistrySummary: Sendable, CustomStringConvertible {
    /// The root region's name, nil while no region is loaded.
    public let districtName: String?
    public let grids: Int, households: Int, persons: Int, monitored: Int

    /// Reads the counts in one statement.
    public static func load(from pool: ConnectionPool) async throws -> RegistrySummary {
        let row = try await pool.query(
            """
            SELECT (SELECT name FROM region WHERE parent_code IS NULL ORDER BY code LIMIT 1) AS district,
                   (SELECT count(*) FROM region WHERE level = 'grid') AS grids,
                   (SELECT count(*) FROM household WHERE status = 'active') AS households,
                   (SELECT count(*) FROM person WHERE status = 'active') AS persons,
                   (SELECT count(*) FROM monitoring WHERE ended_at IS NULL) AS monitored
            """)[0]
        return RegistrySummary(
            districtName: try row.decode("district", as: String?.self), grids: try row.decode("grids"), households: try row.decode("households"),
            persons: try row.decode("persons"), monitored: try row.decode("monitored"))
    }

    public var description: String {
        "\(districtName ?? "(no district)"): \(grids) grids, \(households) households, \(persons) persons, \(monitored) monitored"
    }
}
