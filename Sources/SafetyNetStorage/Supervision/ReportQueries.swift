import Foundation
import PostgresClient
import SafetyNetKernel

extension ConnectionPool {
    /// Runs report queries (figures, lists over a region and period) with plans made for the
    /// values bound, in a read-only transaction. Prepared statements otherwise switch to a
    /// generic plan after five runs, and for these wide ranges and prefixes that plan guesses
    /// one row and loops: 14 s instead of 50 ms on the demo district.
    func report<R: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> R) async throws -> R {
        try await transaction { connection in
            // A year's figures for a district sort and hash some 100,000 items and 200,000 limits:
            // in memory, not in temporary files (measured at a million persons: 4 MB spilled to disk).
            try connection.execute(script: "SET LOCAL plan_cache_mode = force_custom_plan; SET TRANSACTION READ ONLY")
            try connection.useLargeWorkMemory()
            return try body(connection)
        }
    }
}

/// What a report covers: a region's grids, a period, and optionally one department or one type.
struct ReportScope {
    /// The grid-code prefix of the region.
    let prefix: String
    /// The period's first instant.
    let start: Date
    /// The instant after the period's end.
    let end: Date
    let module: ModuleID?
    let type: AssistanceTypeID?

    /// Conditions keeping the case items `i` of the department and type asked for.
    var items: SQL {
        var conditions: SQL = ""
        if let module { conditions += "AND i.module_id = \(module) " }
        if let type { conditions += "AND i.assistance_type = \(type) " }
        return conditions
    }

    /// The condition keeping the referrals `r` addressed to the department asked for.
    var referrals: SQL {
        module.map { "AND r.module_id = \($0)" } ?? ""
    }
}
