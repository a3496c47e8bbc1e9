import Foundation
import Logging
import PostgresClient
import SafetyNetKernel
import Synchronization

/// A request needs a department module that is switched off in this deployment.
public struct ModuleDisabledError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The module that is off.
    public let module: ModuleDescriptor

    public var description: String {
        "the \(module.id) module (\(module.chineseName) · \(module.englishName)) is disabled in this deployment; "
            + "its data is kept, and an admin can enable it again (safetynet modules enable \(module.id), or POST /api/v1/modules/\(module.id)/enable)"
    }
}

/// Why a module cannot be switched.
public enum ModuleSwitchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No module with this id is linked into the build.
    case unknownModule(String)
    /// The module leads joint cases and takes the last escalation of referrals: the loop needs it.
    case required(ModuleID)

    public var description: String {
        switch self {
        case .unknownModule(let id): "no module \(id) is linked into this build; `safetynet modules list` or GET /api/v1/modules lists them"
        case .required(let id): "\(id) leads joint cases and takes the referrals that escalate to the district; it stays enabled"
        }
    }
}

/// What a switch did.
public struct ModuleSwitch: Sendable, Hashable {
    /// The module switched.
    public let module: ModuleID
    /// Whether the state changed (false when it already was so).
    public let changed: Bool
    /// The module's migrations applied by enabling it.
    public let appliedMigrations: [AppliedMigration]
}

/// The department modules switched on in this deployment, as every request sees them.
///
/// Each process keeps the set in memory, loaded from `module_state`. A switch is written,
/// audited and announced on `safetynet_events` in one transaction; every process applies the
/// announcement through its event hub, and re-reads the table each minute in case it missed one.
public final class ModuleSwitchboard: Sendable {
    /// The modules linked into this build, in registration order.
    public let modules: [any DepartmentModule]
    private let state: Mutex<State>

    /// The modules on, and how many switches were applied, so a re-read that started before a
    /// switch cannot undo it.
    private struct State {
        var enabled: Set<ModuleID>
        var switches = 0
    }

    /// A switchboard over `modules` with `enabled` switched on (all of them by default).
    public init(modules: [any DepartmentModule], enabled: Set<ModuleID>? = nil) {
        self.modules = modules
        self.state = Mutex(State(enabled: enabled ?? Set(modules.map(\.descriptor.id))))
    }

    /// A switchboard with the states recorded in the database behind `pool`.
    public static func load(modules: [any DepartmentModule], from pool: ConnectionPool) async throws -> ModuleSwitchboard {
        let board = ModuleSwitchboard(modules: modules, enabled: [])
        try await board.reload(from: pool)
        return board
    }

    /// Reads `module_state` again. A switch applied while the read was under way is newer than
    /// what was read, so the read is dropped then; the next one catches up.
    public func reload(from pool: ConnectionPool) async throws {
        let before = state.withLock { $0.switches }
        let now = try await ModuleStates(pool: pool).enabled(among: modules.map(\.descriptor.id))
        state.withLock { if $0.switches == before { $0.enabled = now } }
    }

    /// Applies a switch announced by another process (or this one).
    public func apply(_ id: ModuleID, enabled isOn: Bool) {
        state.withLock { state in
            if isOn { state.enabled.insert(id) } else { state.enabled.remove(id) }
            state.switches += 1
        }
    }

    /// Whether `id` is on; ids of modules not linked into the build (the kernel's) always are.
    public func isEnabled(_ id: ModuleID) -> Bool {
        descriptor(of: id) == nil || state.withLock { $0.enabled.contains(id) }
    }

    /// Throws naming the module when `id` is off.
    public func require(_ id: ModuleID) throws(ModuleDisabledError) {
        guard !isEnabled(id), let descriptor = descriptor(of: id) else { return }
        throw ModuleDisabledError(module: descriptor)
    }

    /// Throws for the first of `ids` that is off.
    public func require(_ ids: some Sequence<ModuleID>) throws(ModuleDisabledError) {
        for id in ids { try require(id) }
    }

    /// The linked module with `id`.
    public func module(_ id: ModuleID) -> (any DepartmentModule)? {
        modules.first { $0.descriptor.id == id }
    }

    private func descriptor(of id: ModuleID) -> ModuleDescriptor? { module(id)?.descriptor }

    /// Switches the module with `id` on or off for every process of the deployment, audited as
    /// `actor`'s (nil: the system, from the command line).
    /// Enabling first applies the module's pending migrations, so a crash in between leaves it
    /// off with its tables ready; disabling keeps its data and cases as they are.
    public func switchModule(
        _ id: String, on: Bool, note: String?, by actor: Principal?, source: String?, in pool: ConnectionPool, logger: Logger
    ) async throws -> ModuleSwitch {
        guard let moduleID = ModuleID(rawValue: id), let module = module(moduleID) else { throw ModuleSwitchError.unknownModule(id) }
        if !on && module.leadsJointCases { throw ModuleSwitchError.required(moduleID) }
        let applied =
            on
            ? try await Migrator(pool: pool, logger: logger).apply([MigrationSet(owner: moduleID, migrations: module.migrations)])
            : []
        let changed = try await pool.transaction { connection in
            try Self.record(moduleID, on: on, note: note, by: actor, source: source, on: connection)
        }
        apply(moduleID, enabled: on)
        return ModuleSwitch(module: moduleID, changed: changed, appliedMigrations: applied)
    }

    /// Writes the state, the audit entry and the announcement; false when the state was already so.
    private static func record(
        _ id: ModuleID, on: Bool, note: String?, by actor: Principal?, source: String?, on connection: PostgresConnection
    ) throws -> Bool {
        let rows = try connection.query(
            """
            INSERT INTO module_state AS s (module_id, enabled, changed_at) VALUES (\(id), \(on), now())
            ON CONFLICT (module_id) DO UPDATE SET enabled = EXCLUDED.enabled, changed_at = now() WHERE s.enabled <> EXCLUDED.enabled
            RETURNING module_id
            """)
        guard rows.count == 1 else { return false }
        let action = on ? "module.enabled" : "module.disabled"
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: source, action: action, entity: "module", entityID: id.rawValue,
                after: try PostgresJSON(encoding: Change(enabled: on, note: note))), on: connection)
        // No grid in the message: every subscriber of the push channel gets it.
        try connection.query(
            """
            SELECT publish_event(jsonb_build_object('type', \(action)::text, 'module', \(id)::text, 'enabled', \(on)::bool, 'by', \(actor?.name ?? "system")::text, 'at', now()))
            """)
        return true
    }

    private struct Change: Encodable {
        let enabled: Bool
        let note: String?
    }
}
