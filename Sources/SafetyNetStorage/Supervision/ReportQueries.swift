import PostgresClient

extension ConnectionPool {
    /// Runs report queries (figures, lists over a region and period) with plans made for the
    /// values bound, in a read-only transaction. Prepared statements otherwise switch to a
    /// generic plan after five runs, and for these catch-all filters (`$4 IS NULL OR …`) that
    /// plan guesses one row and loops: 14 s instead of 50 ms on the demo district.
    func report<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> R) async throws -> R {
        try await transaction { connection in
            // A year's figures for a district sort and hash some 100,000 items and 200,000 limits:
            // in memory, not in temporary files (measured at a million persons: 4 MB spilled to disk).
            try connection.execute(script: "SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL work_mem = '64MB'; SET TRANSACTION READ ONLY")
            return try body(connection)
        }
    }
}
