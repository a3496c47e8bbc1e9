import Foundation
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Kernel values in columns")
struct ColumnValueTests {
    @Test("enumerations, region codes and days are bound as themselves and read back")
    func roundTrip() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let grid = try RegionCode("320102001001001")
                let day = CalendarDate(year: 2026, month: 12, day: 2)!
                let row = try await pool.query(
                    """
                    SELECT \(RiskLevel.red)::text AS risk_level, \(grid)::text AS grid_code, \(day) AS day, \(HandlingLevel?.none)::text AS level
                    """)[0]
                #expect(try row.decode("risk_level", as: RiskLevel.self) == .red)
                #expect(try row.decode("grid_code", as: RegionCode.self) == grid)
                #expect(try row.decode("day", as: CalendarDate.self) == day)
                #expect(try row.decode("level", as: HandlingLevel?.self) == nil)
            }
        }
    }

    @Test("text the kernel would refuse is a decoding error naming the column, not a crash")
    func refusedTextNamesTheColumn() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let row = try await pool.query("SELECT 'purple' AS risk_level, '3201' AS grid_code")[0]
                for (column, decode) in [
                    ("risk_level", { _ = try row.decode("risk_level", as: RiskLevel.self) }),
                    ("grid_code", { _ = try row.decode("grid_code", as: RegionCode.self) }),
                ] as [(String, () throws -> Void)] {
                    let error = #expect(throws: PostgresError.self) { try decode() }
                    #expect("\(error.map(String.init(describing:)) ?? "")".contains(column))
                }
            }
        }
    }
}
