import PostgresClient
import SafetyNetKernel

/// Which department modules a deployment runs, kept in `module_state`. A module with no row yet
/// counts as enabled, so a district running the whole suite needs no set-up.
public struct ModuleStates: Sendable {
    let pool: ConnectionPool

    /// Creates the store on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// The ids among `known` that are enabled.
    public func enabled(among known: [ModuleID]) async throws -> Set<ModuleID> {
        let rows = try await pool.query(
            "SELECT module_id FROM module_state WHERE NOT enabled AND module_id = ANY(\(known.map(\.rawValue)))")
        let disabled = Set(try rows.map { try $0.decode("module_id", as: String.self) })
        return Set(known.filter { !disabled.contains($0.rawValue) })
    }

    /// Whether module `id` is switched off, read inside the caller's transaction under a share lock
    /// on its row: a switch then waits for the transaction to end, or the transaction sees it.
    static func isOff(_ id: ModuleID, lockingOn connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT NOT enabled AS off FROM module_state WHERE module_id = \(id) FOR SHARE").first?.decode("off") ?? false
    }

    /// Records modules seen for the first time as enabled, so later switches have a row to change.
    public func register(_ known: [ModuleID]) async throws {
        try await pool.query(
            "INSERT INTO module_state (module_id, enabled) SELECT unnest(\(known.map(\.rawValue))::text[]), true ON CONFLICT DO NOTHING")
    }
}
