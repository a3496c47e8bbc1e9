import Foundation
import LocalPostgres
import NIOPosix
import PersonalData
import PostgresClient
import SafetyNetKernel

/// Why a backup or a restore did not happen.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    /// The backup file is already there; a backup never overwrites one.
    case exists(String)
    /// The file is not a SafetyNet backup, or not of a layout this version reads.
    case notABackup(String)
    /// The database to restore into holds tables already.
    case databaseNotEmpty(tables: Int)
    /// The data was sealed with keys the given keyring does not hold.
    case missingKeys([String])
    /// The keyring's blind-index key is not the one the data was indexed with.
    case wrongIndexKey
    /// The backup's schema is newer than this build's, or has a module this build does not link.
    case newerSchema(owner: String, version: Int, known: Int?)
    /// The manifest does not fit its block (thousands of key ids or modules).
    case manifestTooLarge(bytes: Int)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists; a backup never overwrites a file, choose another name"
        case .notABackup(let reason): "not a SafetyNet backup: \(reason)"
        case .databaseNotEmpty(let tables):
            "the database holds \(tables) tables already; restore into a new, empty database (createdb), never over live data"
        case .missingKeys(let ids):
            "the data is sealed with personal-data keys \(ids.joined(separator: ", ")), which the keyring given does not hold: restore with the keyring kept beside this backup"
        case .wrongIndexKey:
            "the keyring's index key is not the one this data was indexed with: ID-number search and matching would find nobody; use the keyring kept beside this backup"
        case .newerSchema(let owner, let version, let known?):
            "the backup's \(owner) schema is at migration \(version), this build knows up to \(known): restore with the SafetyNet version that made it, or a newer one"
        case .manifestTooLarge(let bytes): "the manifest (\(bytes) bytes) outgrew its \(DatabaseBackup.manifestBlock)-byte block"
        case .newerSchema(let owner, let version, nil):
            "the backup holds \(owner) data (migration \(version)), a module this build does not link: restore with a build that links it"
        }
    }
}

/// Backs a SafetyNet database up to one file and restores such a file into an empty database.
///
/// The file is a header line, a ``BackupManifest`` in a block of fixed size, then PostgreSQL's
/// own custom-format dump (without owners or grants: the restoring installation has its own
/// roles, and `safetynet migrate --runtime-role` grants its runtime role afterwards). The dump is
/// one consistent snapshot, taken while the server runs, and the manifest is read from the same snapshot. A backup is written under a `.partial`
/// name and renamed only once complete, so a file with the final name is always whole.
public struct DatabaseBackup: Sendable {
    let pool: ConnectionPool
    let programs: PostgresPrograms

    static let magic = Array("SAFETYNET-BACKUP 1\n".utf8)
    static let manifestBlock = 4_096
    static var dumpOffset: UInt64 { UInt64(magic.count + manifestBlock) }

    /// Backs up or restores the database behind `pool` with `programs`' pg_dump and pg_restore.
    public init(pool: ConnectionPool, programs: PostgresPrograms) {
        self.pool = pool
        self.programs = programs
    }

    /// Writes a backup of the database to `file`, which must not exist; `keyring` is the one the
    /// data is sealed with (only its public index fingerprint is written). Returns the manifest.
    public func write(to file: URL, keyring: PersonalDataKeyring, now: Date = Date()) async throws -> BackupManifest {
        guard !FileManager.default.fileExists(atPath: file.path) else { throw BackupError.exists(file.path) }
        let partial = file.appendingPathExtension("partial")
        try? FileManager.default.removeItem(at: partial)
        do {
            let handle = try PrivateFile.create(partial)
            defer { try? handle.close() }
            try handle.write(contentsOf: Self.magic + [UInt8](repeating: 0x20, count: Self.manifestBlock))
            let (conninfo, password) = try pool.configuration.connection.programConnection()
            // The manifest and the dump read one snapshot: pg_dump joins the transaction's, so the
            // keys and migrations named are exactly those of the data dumped.
            let manifest = try await pool.transaction { connection in
                try connection.execute(script: "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                let snapshot: String = try connection.query("SELECT pg_export_snapshot() AS snapshot")[0].decode("snapshot")
                let manifest = try BackupManifest.read(on: connection, keyring: keyring, now: now)
                try programs.dump(conninfo: conninfo, password: password, snapshot: snapshot, to: handle)
                return manifest
            }
            try handle.seek(toOffset: UInt64(Self.magic.count))
            try handle.write(contentsOf: try Self.block(manifest))
            try handle.synchronize()
            try FileManager.default.moveItem(at: partial, to: file)
            return manifest
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// Restores `file` into the database, which must be empty, after checking that `keyring`
    /// reads its data and that `schema` (this build) knows its migrations. Returns the manifest;
    /// `safetynet migrate` (or the server's start) then applies this build's newer migrations.
    public func restore(from file: URL, keyring: PersonalDataKeyring, schema: DatabaseSchema) async throws -> BackupManifest {
        let manifest = try Self.manifest(of: file)
        try Self.check(manifest, keyring: keyring, known: schema.knownVersions)
        let tables: Int = try await pool.query(
            """
            SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
            """)[0].decode("n")
        guard tables == 0 else { throw BackupError.databaseNotEmpty(tables: tables) }
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: Self.dumpOffset)
        let (conninfo, password) = try pool.configuration.connection.programConnection()
        try await NIOThreadPool.singleton.runIfActive { try programs.restore(conninfo: conninfo, password: password, from: handle) }
        return manifest
    }

    /// The manifest at the head of a backup file.
    public static func manifest(of file: URL) throws -> BackupManifest {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        let head = try handle.read(upToCount: Int(dumpOffset)) ?? Data()
        guard head.count == Int(dumpOffset), head.prefix(magic.count).elementsEqual(magic) else {
            throw BackupError.notABackup("\(file.path) does not start with a SafetyNet backup header")
        }
        do {
            return try JSONDecoder.backup.decode(BackupManifest.self, from: head.dropFirst(magic.count))
        } catch {
            throw BackupError.notABackup("its manifest cannot be read (\(error))")
        }
    }

    /// Refuses a manifest whose data `keyring` cannot read or whose schema is newer than `known`.
    static func check(_ manifest: BackupManifest, keyring: PersonalDataKeyring, known: [String: Int]) throws {
        let missing = Set(manifest.keyIDs).subtracting(keyring.keyIDs)
        guard missing.isEmpty else { throw BackupError.missingKeys(missing.sorted()) }
        guard manifest.indexFingerprint == keyring.indexFingerprint else { throw BackupError.wrongIndexKey }
        for (owner, version) in manifest.schema.sorted(by: { $0.key < $1.key }) where version > known[owner] ?? 0 {
            throw BackupError.newerSchema(owner: owner, version: version, known: known[owner])
        }
    }

    /// The manifest as JSON, padded with spaces to the block's size and ended by a newline.
    private static func block(_ manifest: BackupManifest) throws -> [UInt8] {
        let json = Array(try JSONEncoder.backup.encode(manifest))
        guard json.count < manifestBlock else { throw BackupError.manifestTooLarge(bytes: json.count) }
        return json + [UInt8](repeating: 0x20, count: manifestBlock - json.count - 1) + [0x0A]
    }
}

extension JSONEncoder {
    fileprivate static var backup: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    fileprivate static var backup: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
