import ArgumentParser
import Foundation
import LocalPostgres
import PostgresClient
import SafetyNetStorage

/// `safetynet backup FILE`: one file holding a consistent dump of the database and its manifest.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a backup of the database to FILE (pg_dump custom format with SafetyNet's manifest), while the server runs.",
        discussion: """
            The personal-data keyring is NOT in the backup: keep it apart from the backups, as safely. \
            Without it the ID and phone numbers in a backup cannot be read, and no one can be found by ID number.
            """)

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keys: KeyringOptions

    @Argument(help: "The backup file to write; it must not exist.")
    var file: String

    func run() async throws {
        let logger = try common.bootstrapLogging()
        let pool = try database.makePool(url: try database.ownerOrRuntimeURL(), logger: logger)
        do {
            let manifest = try await DatabaseBackup(pool: pool, programs: try PostgresPrograms.locate())
                .write(to: URL(fileURLWithPath: file), keyring: try keys.load(in: common.dataFolder))
            try await pool.shutdown()
            print(
                """
                Wrote \(file): schema \(manifest.schema.sorted { $0.key < $1.key }.map { "\($0.key) #\($0.value)" }.joined(separator: ", ")).
                Its personal data needs keyring keys \(manifest.keyIDs.joined(separator: ", ")) (index fingerprint \(manifest.indexFingerprint)),
                which are not in the backup: keep the keyring file apart from it, as safely.
                """)
        } catch {
            try? await pool.shutdown()
            throw CommandFailure("\(error)")
        }
    }
}

/// `safetynet restore FILE`: a backup restored into an empty database, then migrated to this build.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty database, check the keyring reads it, and apply this build's newer migrations.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var keys: KeyringOptions

    @Option(name: .customLong("runtime-role"), help: "The role the server connects as: grant it the server's rights after restoring.")
    var runtimeRole: String?

    @Argument(help: "The backup file, as `safetynet backup` wrote it.")
    var file: String

    func run() async throws {
        let logger = try common.bootstrapLogging()
        let pool = try database.makePool(url: try database.ownerOrRuntimeURL(), logger: logger)
        do {
            let schema = DatabaseSchema(pool: pool, modules: DepartmentRegistry.modules, logger: logger)
            let manifest = try await DatabaseBackup(pool: pool, programs: try PostgresPrograms.locate())
                .restore(from: URL(fileURLWithPath: file), keyring: try keys.load(in: common.dataFolder), schema: schema)
            let applied = try await schema.update()
            if let runtimeRole { try await DatabaseRoles.grantRuntime(runtimeRole, on: pool) }
            try await pool.shutdown()
            print(
                """
                Restored the backup of \(manifest.createdAt.formatted(.iso8601)); \(applied.count) newer migrations applied\(runtimeRole.map { ", \($0) granted the server's rights" } ?? "").
                Next: `safetynet audit verify` (the audit chain must be intact), then start the server.
                """)
        } catch {
            try? await pool.shutdown()
            throw CommandFailure("\(error)")
        }
    }
}
