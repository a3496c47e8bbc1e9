import PostgresClient

/// SQL that names a code column in Chinese (e.g. 入户调查 for `investigation`), for the texts
/// the chain and the deadline marks build in a query. The names are the kernel's own constants,
/// never input, which is why they may stand in the SQL text.
enum ChineseNameSQL {
    /// `CASE column WHEN 'code' THEN '名称' … ELSE column END` over every case of `type`.
    static func naming<T: RawRepresentable & CaseIterable>(_ column: String, as type: T.Type, _ name: (T) -> String) -> SQL
    where T.RawValue == String {
        SQL(unsafeRaw: "CASE \(column) " + T.allCases.map { "WHEN '\($0.rawValue)' THEN '\(name($0))' " }.joined() + "ELSE \(column) END")
    }
}
