import PostgresClient
import SafetyNetKernel

/// Where a linked module stands in a database: switched on or off, how its migrations compare
/// with the build's, and the work waiting on it.
public struct ModuleStatus: Sendable, Hashable {
    public let descriptor: ModuleDescriptor
    public let enabled: Bool
    /// The highest of its migrations the database has applied; 0 for none.
    public let appliedVersion: Int
    /// The highest this build knows.
    public let latestVersion: Int
    /// Its open case items, referrals and contributions; nil before the kernel's tables exist.
    public let workload: ModuleWorkload?

    /// Migrations of this build the database has not applied yet.
    public var pending: Int { max(0, latestVersion - appliedVersion) }
    /// The database was migrated by a newer build: the server refuses to start.
    public var isDowngrade: Bool { appliedVersion > latestVersion }
}

extension DatabaseSchema {
    /// The status of every linked module, in registration order. Reads only; on a database the
    /// kernel has not migrated yet every module counts as enabled with nothing applied.
    public func moduleStatuses() async throws -> [ModuleStatus] {
        let ids = modules.map(\.descriptor.id)
        let tables = try await pool.query(
            """
            SELECT to_regclass('schema_migration') IS NOT NULL AS ledger, to_regclass('module_state') IS NOT NULL AS states
            """)[0]
        var applied: [String: Int] = [:]
        if try tables.decode("ledger", as: Bool.self) {
            for row in try await pool.query("SELECT module_id, max(version) AS version FROM schema_migration GROUP BY module_id") {
                applied[try row.decode("module_id")] = try row.decode("version")
            }
        }
        let enabled = try tables.decode("states", as: Bool.self) ? try await ModuleStates(pool: pool).enabled(among: ids) : Set(ids)
        let workloads = try await ModuleWorkloadReader(pool: pool).workloads(of: ids)
        return modules.map { module in
            let id = module.descriptor.id
            return ModuleStatus(
                descriptor: module.descriptor, enabled: enabled.contains(id), appliedVersion: applied[id.rawValue] ?? 0,
                latestVersion: module.migrations.map(\.version).max() ?? 0, workload: workloads[id])
        }
    }
}
