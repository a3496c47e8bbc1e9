import Logging
import PostgresClient
import SafetyNetKernel

/// Keeps `feed_row.total_year` and `total_fen` holding what each feed's year-total rules read
/// (``AssistanceCatalog/yearTotals``), for rows stored before as well as new ones. The server
/// writes both columns as rows arrive; at each schema update this fills a feed's stored rows
/// again when its rules are new to the database or read other fields than last time, whether its
/// module is enabled or not, and forgets a feed no rule totals any more (its rows keep values
/// nothing reads), so that a rule added back later fills them again. The year is read from the
/// date's text without casting it, and a value that is not a date or a whole number (a field whose
/// kind a module changed, a placeholder like 0000-00-00) is left blank rather than stopping the start.
struct YearTotalColumns {
    let pool: ConnectionPool
    let logger: Logger

    /// Brings the stored rows in line with `totals`, in one transaction; two processes starting
    /// at once take turns.
    func follow(_ totals: [FeedID: YearTotalFields]) async throws {
        let logger = logger
        try await pool.transaction { connection in
            // Filling a large feed runs once, at start-up, and may take longer than any request's statement.
            try connection.execute(script: "SET LOCAL statement_timeout = 0")
            try connection.execute(script: "LOCK TABLE feed_year_total IN SHARE ROW EXCLUSIVE MODE")
            for (feed, fields) in Self.due(totals, recorded: try Self.recorded(on: connection)) {
                let filled = try Self.fill(feed, from: fields, on: connection)
                logger.info("feed rows' year and amount filled", metadata: ["feed": "\(feed)", "rows": "\(filled)"])
            }
            try connection.query("DELETE FROM feed_year_total WHERE NOT feed_id = ANY(\(totals.keys.map(\.rawValue)))")
        }
    }

    /// The feeds of `totals` whose stored rows were last filled from other fields, or never.
    func due(_ totals: [FeedID: YearTotalFields]) async throws -> [(feed: FeedID, fields: YearTotalFields)] {
        Self.due(totals, recorded: try await pool.withConnection { try Self.recorded(on: $0) })
    }

    private static func due(
        _ totals: [FeedID: YearTotalFields], recorded: [FeedID: YearTotalFields]
    ) -> [(feed: FeedID, fields: YearTotalFields)] {
        totals.filter { recorded[$0.key] != $0.value }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The fields each feed's rows were last filled from.
    private static func recorded(on connection: PostgresConnection) throws -> [FeedID: YearTotalFields] {
        var recorded: [FeedID: YearTotalFields] = [:]
        for row in try connection.query("SELECT feed_id, amount_field, date_field FROM feed_year_total") {
            recorded[try row.decode("feed_id", as: FeedID.self)] = YearTotalFields(
                amount: try row.decode("amount_field"), date: try row.decode("date_field"))
        }
        return recorded
    }

    /// Fills the year and amount of every stored row of `feed` from `fields`, records them, and answers how many rows it filled.
    private static func fill(_ feed: FeedID, from fields: YearTotalFields, on connection: PostgresConnection) throws -> Int {
        let filled = try connection.query(
            """
            WITH filled AS (
                UPDATE feed_row r
                SET total_year = CASE WHEN r.fields->>\(fields.date) ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
                                           AND left(r.fields->>\(fields.date), 4) <> '0000'
                                      THEN left(r.fields->>\(fields.date), 4)::integer END,
                    total_fen = CASE WHEN r.fields->>\(fields.amount) ~ '^-?[0-9]{1,18}$' THEN (r.fields->>\(fields.amount))::bigint END
                FROM feed_batch b WHERE b.id = r.batch_id AND b.feed_id = \(feed)
                RETURNING 1
            )
            SELECT count(*) AS rows FROM filled
            """)[0].decode("rows", as: Int.self)
        try connection.query(
            """
            INSERT INTO feed_year_total (feed_id, amount_field, date_field) VALUES (\(feed), \(fields.amount), \(fields.date))
            ON CONFLICT (feed_id) DO UPDATE SET amount_field = excluded.amount_field, date_field = excluded.date_field
            """)
        return filled
    }
}
