import PersonalData
import PostgresClient

/// Moves the stored personal data onto the keyring's current key: each batch re-seals values
/// sealed with older keys, in a transaction of its own that skips rows others have locked, so it
/// runs beside a serving server and resumes wherever it stopped, with nothing to remember.
public struct KeyRotation: Sendable {
    let pool: ConnectionPool
    let protector: PersonalDataProtector

    /// Re-seals the data behind `pool` with `protector`'s current key.
    public init(pool: ConnectionPool, protector: PersonalDataProtector) {
        self.pool = pool
        self.protector = protector
    }

    /// How many stored values each key seals.
    public func usage() async throws -> [String: Int] {
        try await pool.withConnection { try SealedColumn.usage(on: $0) }
    }

    /// Re-seals up to `limit` values per sealed column that an older key sealed; returns how many.
    public func resealBatch(limit: Int = 1_000) async throws -> Int {
        var total = 0
        for column in SealedColumn.all {
            total += try await pool.transaction { connection in try reseal(column, limit: limit, on: connection) }
        }
        return total
    }

    private func reseal(_ column: SealedColumn, limit: Int, on connection: PostgresConnection) throws -> Int {
        // A re-sealed value is not news: no push event per person changed.
        try connection.execute(script: "SET LOCAL safetynet.bulk_load = 'on'")
        let current = protector.keyring.currentKeyID
        let rows = try connection.query(
            """
            SELECT ctid::text AS row, \(column.sealed) AS sealed, \(column.keyID) AS key_id FROM \(column.tableName)
            WHERE \(column.sealed) IS NOT NULL AND \(column.keyID) <> \(current)
            LIMIT \(limit) FOR UPDATE SKIP LOCKED
            """)
        guard !rows.isEmpty else { return 0 }
        var locations: [String] = []
        var resealed: [String] = []
        var keys: [String] = []
        for row in rows {
            let old = SealedValue(keyID: try row.decode("key_id"), combined: try row.decode("sealed", as: PostgresBytes.self).bytes)
            // Each value keeps the id of the key that actually sealed it, should the keyring move on meanwhile.
            let new = try protector.seal(try protector.open(old, as: column.kind), as: column.kind)
            locations.append(try row.decode("row"))
            resealed.append(PostgresBytes(new.combined).postgresText!)
            keys.append(new.keyID)
        }
        try connection.query(
            """
            UPDATE \(column.tableName) t SET \(column.sealed) = v.sealed, \(column.keyID) = v.key_id
            FROM unnest(\(locations)::text[]::tid[], \(resealed)::text[]::bytea[], \(keys)::text[]) AS v (row, sealed, key_id)
            WHERE t.ctid = v.row
            """)
        return rows.count
    }
}
