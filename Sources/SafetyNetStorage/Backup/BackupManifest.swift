import Foundation
import PersonalData
import PostgresClient

/// What a backup file says about its data beside the dump: the schema version of each owner
/// (the kernel and every module), and what it takes to read the personal data in it. The keyring
/// itself is never in a backup; a restore checks the keyring it is given against this.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The layout of the file; 1 is a header line, this manifest, then a `pg_dump` custom-format archive.
    public var format = 1
    /// When the dump was taken, to the second (as the file writes it).
    public let createdAt: Date
    /// The highest migration applied, by owner (`kernel`, `civil-affairs`, …).
    public let schema: [String: Int]
    /// The ids of the personal-data keys that sealed values in the data.
    public let keyIDs: [String]
    /// The blind-index key's fingerprint (``PersonalDataKeyring/indexFingerprint``).
    public let indexFingerprint: String
    /// The PostgreSQL server the dump came from, e.g. `15.18`.
    public let serverVersion: String

    /// Reads the manifest of the database behind `connection`; `keyring` gives the index fingerprint.
    static func read(on connection: PostgresConnection, keyring: PersonalDataKeyring, now: Date) throws -> BackupManifest {
        var schema: [String: Int] = [:]
        for row in try connection.query("SELECT module_id, max(version) AS version FROM schema_migration GROUP BY module_id") {
            schema[try row.decode("module_id")] = try row.decode("version")
        }
        return BackupManifest(
            createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)), schema: schema,
            keyIDs: try SealedColumn.usage(on: connection).keys.sorted(),
            indexFingerprint: keyring.indexFingerprint,
            serverVersion: try connection.query("SHOW server_version")[0].decode("server_version"))
    }
}
