import Logging
import PostgresClient
import SafetyNetKernel

/// Brings a database up to date for a deployment: the kernel's schema first, then the schema of
/// every enabled module, then the stored feed rows' year totals (``YearTotalColumns``) for every
/// linked module's rules. Disabled modules' migrations wait until they are enabled.
public struct DatabaseSchema: Sendable {
    let pool: ConnectionPool
    let modules: [any DepartmentModule]
    let logger: Logger

    /// Prepares an update of the database behind `pool` for the modules linked into this build.
    public init(pool: ConnectionPool, modules: [any DepartmentModule], logger: Logger = Logger(label: "safetynet.migrate")) {
        self.pool = pool
        self.modules = modules
        self.logger = logger
    }

    /// Applies every pending migration of the kernel and the enabled modules, then fills the
    /// stored rows of the feeds whose year-total rules are new or read other fields (each logged
    /// with its rows; ``pendingFills()`` lists them beforehand); returns the migrations that ran.
    @discardableResult
    public func update() async throws -> [AppliedMigration] {
        // A registry the catalog refuses stops the update before anything is applied.
        let totals = try AssistanceCatalog(modules: modules).yearTotals
        let migrator = Migrator(pool: pool, logger: logger)
        let kernel = try await migrator.apply([.kernel])
        let states = ModuleStates(pool: pool)
        try await states.register(modules.map(\.descriptor.id))
        let applied = kernel + (try await migrator.apply(try await enabledModuleSets(states)))
        try await YearTotalColumns(pool: pool, logger: logger).follow(totals)
        return applied
    }

    /// The migrations ``update()`` would apply; empty when the schema is current. Changes nothing.
    /// ``pendingFills()`` says what else it would do.
    public func pending() async throws -> [AppliedMigration] {
        let migrator = Migrator(pool: pool, logger: logger)
        let kernel = try await migrator.pending([.kernel])
        // Before the kernel's first migration there is no module_state: every module counts as enabled.
        let sets = kernel.isEmpty ? try await enabledModuleSets(ModuleStates(pool: pool)) : modules.map(Self.migrationSet)
        return kernel + (try await migrator.pending(sets))
    }

    /// The feeds whose stored rows ``update()`` would fill with the year and amount their year-total
    /// rules read: rules new to the database or reading other fields. Changes nothing.
    public func pendingFills() async throws -> [FeedID] {
        let totals = try AssistanceCatalog(modules: modules).yearTotals
        let recorded = try await pool.query("SELECT to_regclass('feed_year_total') IS NOT NULL AS present")[0].decode("present", as: Bool.self)
        // Before the kernel migration that records fills, every feed with a rule is to be filled.
        guard recorded else { return totals.keys.sorted() }
        return try await YearTotalColumns(pool: pool, logger: logger).due(totals).map(\.feed)
    }

    /// The highest migration this build knows, by owner (`kernel` and each linked module).
    public var knownVersions: [String: Int] {
        var known = [ModuleID.kernel.rawValue: MigrationSet.kernel.migrations.map(\.version).max() ?? 0]
        for module in modules { known[module.descriptor.id.rawValue] = module.migrations.map(\.version).max() ?? 0 }
        return known
    }

    private func enabledModuleSets(_ states: ModuleStates) async throws -> [MigrationSet] {
        let enabled = try await states.enabled(among: modules.map(\.descriptor.id))
        return modules.filter { enabled.contains($0.descriptor.id) }.map(Self.migrationSet)
    }

    private static func migrationSet(_ module: any DepartmentModule) -> MigrationSet {
        MigrationSet(owner: module.descriptor.id, migrations: module.migrations)
    }
}
