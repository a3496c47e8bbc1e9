import Logging
import PostgresClient
import SafetyNetKernel

/// The department modules' records: switching one on or off for every process, and where each
/// stands (migrations, open work). Keeps ``switchboard`` current.
public struct ModuleStore: Sendable {
    let pool: ConnectionPool
    let logger: Logger
    /// Which modules are on, consulted on every request.
    public let switchboard: ModuleSwitchboard

    /// Creates the store over `pool`, keeping `switchboard` current.
    public init(pool: ConnectionPool, switchboard: ModuleSwitchboard, logger: Logger) {
        self.pool = pool
        self.switchboard = switchboard
        self.logger = logger
    }

    /// Switches a module on or off for every process; see ``ModuleSwitchboard/switchModule(_:on:note:by:source:in:logger:)``.
    public func switchModule(_ id: String, on: Bool, note: String?, by actor: Principal?, source: String?) async throws -> ModuleSwitch {
        try await switchboard.switchModule(id, on: on, note: note, by: actor, source: source, in: pool, logger: logger)
    }

    /// Each linked module's state, migrations and open work, in registration order.
    public func statuses() async throws -> [ModuleStatus] {
        try await DatabaseSchema(pool: pool, modules: switchboard.modules, logger: logger).moduleStatuses()
    }

    /// The open work waiting on the modules.
    public var workloads: ModuleWorkloadReader { ModuleWorkloadReader(pool: pool) }

    /// Reads the switches again, in case another process's announcement was missed.
    public func reload() async throws {
        try await switchboard.reload(from: pool)
    }
}
