import ArgumentParser
import Foundation
import SafetyNetStorage

/// `safetynet migrate`: bring the schema up to date for the kernel and the enabled modules, then
/// fill stored feed rows for new or changed year-total rules.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Apply pending migrations of the kernel and the enabled modules, then fill stored feed rows for new or changed year-total rules (safe to run again)."
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("dry-run"), help: "List pending migrations, and the feeds whose stored rows would be filled, without applying them.")
    var dryRun = false

    @Option(
        name: .customLong("runtime-role"),
        help: "The role the server connects as: after migrating, grant it what the server needs, the audit log append-only.")
    var runtimeRole: String?

    func run() async throws {
        let logger = try common.bootstrapLogging()
        let pool = try database.connect(logger: logger)
        let schema = DatabaseSchema(pool: pool, modules: DepartmentRegistry.modules, logger: logger)
        // A real run logs each feed it fills, with its rows.
        let fills = dryRun ? try await schema.pendingFills() : []
        let migrations = dryRun ? try await schema.pending() : try await schema.update()
        if !dryRun, let runtimeRole {
            try await DatabaseRoles.grantRuntime(runtimeRole, on: pool)
            print("granted \(runtimeRole) the server's rights: read and write, the audit log append-only, no schema changes")
        }
        for migration in migrations {
            print("\(dryRun ? "pending" : "applied")  \(migration.owner) #\(migration.version)  \(migration.name)")
        }
        for feed in fills { print("pending  \(feed)  the stored rows' year and amount its year-total rule reads") }
        if migrations.isEmpty && fills.isEmpty { print("The database is up to date.") }
        try await pool.shutdown()
    }
}
