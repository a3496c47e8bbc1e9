import Crypto
import Logging
import PostgresClient
import SafetyNetKernel

/// The migrations one owner (the kernel or a module) brings.
public struct MigrationSet: Sendable {
    /// Who owns the tables.
    public let owner: ModuleID
    /// The steps, numbered 1, 2, 3 … in order.
    public let migrations: [SchemaMigration]

    /// Pairs an owner with its steps.
    public init(owner: ModuleID, migrations: [SchemaMigration]) {
        self.owner = owner
        self.migrations = migrations
    }

    /// The kernel's own set.
    public static let kernel = MigrationSet(owner: .kernel, migrations: KernelSchema.migrations)
}

/// Why migrations cannot run; each says what to do.
public enum MigrationError: Error, CustomStringConvertible, Equatable {
    /// An owner's migrations are not numbered 1, 2, 3 … (a programming error in that module).
    case misnumbered(owner: ModuleID, versions: [Int])
    /// The text of an applied migration differs from the code's: someone edited a shipped migration.
    case changedAfterApplying(owner: ModuleID, version: Int, name: String)
    /// The database holds migrations this build does not know: it is older than the data.
    case databaseNewerThanCode(owner: ModuleID, appliedVersion: Int, knownVersion: Int)

    public var description: String {
        switch self {
        case .misnumbered(let owner, let versions):
            "the migrations of \(owner) must be numbered 1, 2, 3 … without gaps; found \(versions)"
        case .changedAfterApplying(let owner, let version, let name):
            "migration \(owner) #\(version) (\(name)) was changed after it was applied; restore its text and add a new migration instead"
        case .databaseNewerThanCode(let owner, let applied, let known):
            "the database has \(owner) migrations up to #\(applied) but this build knows only #\(known); run a newer SafetyNet (downgrades are not supported)"
        }
    }
}

/// One migration as the database records it.
public struct AppliedMigration: Sendable, Hashable {
    /// The owner.
    public let owner: ModuleID
    /// Its number.
    public let version: Int
    /// Its name.
    public let name: String
}

/// Applies migrations in order, each in its own transaction together with its record, so a crash
/// leaves every migration either fully applied and recorded or not at all.
///
/// Runs hold a PostgreSQL advisory lock, so two processes starting at once do not race. Before
/// anything runs, every applied migration is checked against the code by SHA-256 of its text.
public struct Migrator: Sendable {
    let pool: ConnectionPool
    let logger: Logger
    /// The advisory lock key all SafetyNet migration runs share.
    static let lockKey = 0x5AFE_7E7

    /// Creates a migrator on `pool`.
    public init(pool: ConnectionPool, logger: Logger = Logger(label: "safetynet.migrate")) {
        self.pool = pool
        self.logger = logger
    }

    /// Applies what is pending in `sets`, in the order given, and returns what it applied.
    @discardableResult
    public func apply(_ sets: [MigrationSet]) async throws -> [AppliedMigration] {
        try sets.forEach(Self.checkNumbering)
        let logger = logger
        return try await pool.withConnection { connection in
            try connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
            defer { _ = try? connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))") }
            try Self.createLedger(connection)
            let applied = try Self.appliedChecksums(connection)
            try Self.verify(sets, against: applied)
            var done: [AppliedMigration] = []
            for set in sets {
                for migration in set.migrations where applied[Key(set.owner, migration.version)] == nil {
                    try connection.transaction { transaction in
                        // A migration runs once, at start-up: rewriting a large table may take far
                        // longer than any request's statement may.
                        try transaction.execute(script: "SET LOCAL statement_timeout = 0")
                        try transaction.execute(script: migration.sql)
                        try transaction.query(
                            """
                            INSERT INTO schema_migration (module_id, version, name, checksum)
                            VALUES (\(set.owner), \(migration.version), \(migration.name), \(Self.checksum(migration)))
                            """)
                    }
                    logger.info(
                        "applied migration", metadata: ["module": "\(set.owner)", "version": "\(migration.version)", "name": "\(migration.name)"])
                    done.append(AppliedMigration(owner: set.owner, version: migration.version, name: migration.name))
                }
            }
            return done
        }
    }

    /// The migrations in `sets` not yet applied, after checking the applied ones are unchanged.
    public func pending(_ sets: [MigrationSet]) async throws -> [AppliedMigration] {
        try sets.forEach(Self.checkNumbering)
        return try await pool.withConnection { connection in
            try Self.createLedger(connection)
            let applied = try Self.appliedChecksums(connection)
            try Self.verify(sets, against: applied)
            return sets.flatMap { set in
                set.migrations.filter { applied[Key(set.owner, $0.version)] == nil }
                    .map { AppliedMigration(owner: set.owner, version: $0.version, name: $0.name) }
            }
        }
    }

    // MARK: - Steps

    private struct Key: Hashable {
        let owner: ModuleID
        let version: Int
        init(_ owner: ModuleID, _ version: Int) {
            self.owner = owner
            self.version = version
        }
    }

    private static func checkNumbering(_ set: MigrationSet) throws {
        let versions = set.migrations.map(\.version)
        guard versions.enumerated().allSatisfy({ $0.offset + 1 == $0.element }) else {
            throw MigrationError.misnumbered(owner: set.owner, versions: versions)
        }
    }

    /// Creates the ledger on a new database; leaves an existing one alone, so that a role without
    /// schema rights (the server's runtime role) can check that nothing is pending.
    private static func createLedger(_ connection: PostgresConnection) throws {
        guard try connection.query("SELECT to_regclass('schema_migration') IS NULL AS missing")[0].decode("missing", as: Bool.self) else { return }
        try connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    module_id text NOT NULL,
                    version int NOT NULL,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (module_id, version)
                )
                """)
    }

    private static func appliedChecksums(_ connection: PostgresConnection) throws -> [Key: String] {
        var applied: [Key: String] = [:]
        for row in try connection.query("SELECT module_id, version, checksum FROM schema_migration") {
            applied[Key(try row.decode("module_id", as: ModuleID.self), try row.decode("version"))] = try row.decode("checksum")
        }
        return applied
    }

    private static func verify(_ sets: [MigrationSet], against applied: [Key: String]) throws {
        for set in sets {
            for migration in set.migrations {
                if let recorded = applied[Key(set.owner, migration.version)], recorded != checksum(migration) {
                    throw MigrationError.changedAfterApplying(owner: set.owner, version: migration.version, name: migration.name)
                }
            }
            let newest = applied.keys.filter { $0.owner == set.owner }.map(\.version).max() ?? 0
            if newest > set.migrations.count {
                throw MigrationError.databaseNewerThanCode(owner: set.owner, appliedVersion: newest, knownVersion: set.migrations.count)
            }
        }
    }

    /// SHA-256 of the migration's text, in hex.
    static func checksum(_ migration: SchemaMigration) -> String {
        Hex.encode(SHA256.hash(data: Array(migration.sql.utf8)))
    }
}
