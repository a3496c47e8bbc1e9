import PostgresClient

extension RawRepresentable where RawValue == String {
    /// Reads a column as this enumeration, naming the column when its text is not a case.
    static func decode(_ row: PostgresRow, _ column: String) throws -> Self {
        let text: String = try row.decode(column)
        guard let value = Self(rawValue: text) else {
            throw PostgresError.decoding(column: column, swiftType: "\(Self.self)", postgresType: .text, reason: "unknown value \(text)")
        }
        return value
    }

    /// Reads a column that may be NULL as this enumeration.
    static func decodeIfPresent(_ row: PostgresRow, _ column: String) throws -> Self? {
        try row.isNull(column) ? nil : decode(row, column)
    }
}
