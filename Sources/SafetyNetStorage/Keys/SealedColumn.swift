import PersonalData
import PostgresClient

/// A stored value sealed with a personal-data key: the ciphertext in `<prefix>_sealed` and the
/// id of the key that sealed it in `<prefix>_key_id`. Every such column is listed here, so that
/// backups name every key the data needs and rotation re-seals every value.
struct SealedColumn: Sendable {
    let table: String
    let prefix: String
    /// What the value is; bound into its ciphertext.
    let kind: PersonalDataKind

    static let all = [
        SealedColumn(table: "person", prefix: "id_number", kind: .idNumber),
        SealedColumn(table: "person", prefix: "phone", kind: .phone),
        // Only rows that matched nobody keep the ID number; matched rows point at the person.
        SealedColumn(table: "feed_row", prefix: "subject", kind: .idNumber),
    ]

    var sealed: SQL { SQL(unsafeRaw: "\(prefix)_sealed") }
    var keyID: SQL { SQL(unsafeRaw: "\(prefix)_key_id") }
    var tableName: SQL { SQL(unsafeRaw: table) }

    /// How many values each key seals, over every sealed column.
    static func usage(on connection: PostgresConnection) throws -> [String: Int] {
        let counts = all.map { column in
            "SELECT \(column.keyID) AS key_id, count(*) AS n FROM \(column.tableName) WHERE \(column.sealed) IS NOT NULL GROUP BY 1" as SQL
        }
        var usage: [String: Int] = [:]
        for row in try connection.query("SELECT key_id, sum(n)::bigint AS n FROM (\(counts.joined(separator: " UNION ALL "))) k GROUP BY 1") {
            usage[try row.decode("key_id")] = try row.decode("n")
        }
        return usage
    }
}
