import PostgresClient
import SafetyNetKernel

/// Where a linked module stands in a database: switched on or off, and how its migrations
/// compare with the build's.
public struct ModuleStatus: Sendable, Hashable {
    public let descriptor: ModuleDescriptor
    public let enabled: Bool
    /// The highest of its migrations the database has applied; 0 for none.
    public let appliedVersion: Int
    /// The highest this build knows.
    public let latestVersion: Int

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
        let (applied, enabled) = try await pool.withConnection { connection -> ([String: Int], Set<String>?) in
            let tables = try connection.query("""
                SELECT to_regclass('schema_migration') IS NOT NULL AS ledger, to_regclass('module_state') IS NOT NULL AS states
                """)[0]
            var applied: [String: Int] = [:]
            if try tables.decode("ledger", as: Bool.self) {
                for row in try connection.query("SELECT module_id, max(version) AS version FROM schema_migration GROUP BY module_id") {
                    applied[try row.decode("module_id")] = try row.decode("version")
                }
            }
            guard try tables.decode("states", as: Bool.self) else { return (applied, nil) }
            let disabled = try connection.query("SELECT module_id FROM module_state WHERE NOT enabled AND module_id = ANY($1)", [ids.map(\.rawValue)])
            return (applied, Set(ids.map(\.rawValue)).subtracting(try disabled.map { try $0.decode("module_id", as: String.self) }))
        }
        return modules.map { module in
            ModuleStatus(descriptor: module.descriptor, enabled: enabled?.contains(module.descriptor.id.rawValue) ?? true,
                         appliedVersion: applied[module.descriptor.id.rawValue] ?? 0, latestVersion: module.migrations.map(\.version).max() ?? 0)
        }
    }
}
