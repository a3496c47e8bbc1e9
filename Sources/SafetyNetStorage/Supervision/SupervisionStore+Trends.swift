import Foundation
import PostgresClient
import SafetyNetKernel

/// The households on the monitoring ledger in one area (a town of a district, a village of a
/// town, a grid of a village), by risk level.
public struct AreaRisk: Sendable, Codable, Hashable {
    public let code: RegionCode
    public let name: String
    public let red: Int
    public let yellow: Int
    public let blue: Int
    public let green: Int

    /// Every household on the ledger in the area.
    public var total: Int { red + yellow + blue + green }

    /// The count at `level`.
    public func count(_ level: RiskLevel) -> Int {
        switch level {
        case .red: red
        case .yellow: yellow
        case .blue: blue
        case .green: green
        }
    }
}

/// One month's work in a region, in China time: items applied for, approved and refused, alerts raised.
public struct MonthFigures: Sendable, Codable, Hashable {
    /// The month's first day.
    public let month: CalendarDate
    public let applications: Int
    public let approvals: Int
    public let rejections: Int
    public let alertsRaised: Int
}

extension SupervisionStore {
    /// The ledger's households in each area one level below `region`, by risk level; areas without
    /// any are listed with zeros. A grid has no areas below it: its own counts.
    public func riskByArea(in region: RegionCode) async throws -> [AreaRisk] {
        let childLength: Int =
            switch region.level {
            case .district: 9
            case .town: 12
            case .village, .grid: 15
            }
        let areas: SQL = region.level == .grid ? "r.code = \(region.value)" : "r.parent_code = \(region.value)"
        // A town's code is its nine digits and three zeros; the others are the household grid's prefix.
        let area: SQL = region.level == .district ? "left(h.grid_code, 9) || '000'" : "left(h.grid_code, \(childLength)::int)"
        return try await pool.report { connection in
            try connection.query(
                """
                WITH ledger AS (
                    SELECT \(area) AS area, m.risk_level FROM monitoring m JOIN household h ON h.id = m.household_id
                    WHERE m.ended_at IS NULL AND h.grid_code LIKE \(region.scopePrefix) || '%'
                )
                SELECT r.code, r.name,
                       count(l.area) FILTER (WHERE l.risk_level = 'red') AS red, count(l.area) FILTER (WHERE l.risk_level = 'yellow') AS yellow,
                       count(l.area) FILTER (WHERE l.risk_level = 'blue') AS blue, count(l.area) FILTER (WHERE l.risk_level = 'green') AS green
                FROM region r LEFT JOIN ledger l ON l.area = r.code WHERE \(areas) GROUP BY r.code, r.name ORDER BY r.code
                """
            ).map { row in
                AreaRisk(
                    code: try row.decode("code", as: RegionCode.self), name: try row.decode("name"), red: try row.decode("red"),
                    yellow: try row.decode("yellow"), blue: try row.decode("blue"), green: try row.decode("green"))
            }
        }
    }

    /// The last `months` months up to this one in `region` (of `module` only, when given): what was
    /// applied for, approved, refused and raised, month by month in China time; months without any are zeros.
    public func monthly(in region: RegionCode, module: ModuleID?, months: Int = 12) async throws -> [MonthFigures] {
        let thisMonth = WorkingCalendar.day(of: clock.now()).firstOfMonth
        let firsts = (0..<months).reversed().map { thisMonth.firstOfMonth(monthsLater: -$0) }
        let start = WorkingCalendar.startOfDay(firsts[0])
        let items: SQL = module.map { "AND i.module_id = \($0)" } ?? ""
        let alerts: SQL = module.map { "AND a.module_id = \($0)" } ?? ""
        let prefix = region.scopePrefix
        let rows = try await pool.report { connection in
            try connection.query(
                """
                SELECT to_char(date_trunc('month', e.at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM-DD') AS month, e.series, count(*) AS n
                FROM (
                    SELECT c.applied_at AS at, 'applications' AS series FROM case_item i JOIN assistance_case c ON c.id = i.case_id
                    WHERE c.applied_at >= \(start) AND c.grid_code LIKE \(prefix) || '%' \(items)
                    UNION ALL
                    SELECT i.decided_at, CASE WHEN i.amount_fen IS NOT NULL THEN 'approvals' ELSE 'rejections' END
                    FROM case_item i JOIN assistance_case c ON c.id = i.case_id
                    WHERE i.decided_at >= \(start) AND (i.amount_fen IS NOT NULL OR i.rejection_reason IS NOT NULL)
                      AND c.grid_code LIKE \(prefix) || '%' \(items)
                    UNION ALL
                    SELECT a.raised_at, 'alerts' FROM alert a WHERE a.raised_at >= \(start) AND a.grid_code LIKE \(prefix) || '%' \(alerts)
                ) e
                GROUP BY 1, 2
                """)
        }
        var counts: [String: Int] = [:]
        for row in rows { counts["\(try row.decode("month", as: String.self)) \(try row.decode("series", as: String.self))"] = try row.decode("n") }
        return firsts.map { first in
            let count = { (series: String) in counts["\(first) \(series)"] ?? 0 }
            return MonthFigures(
                month: first, applications: count("applications"), approvals: count("approvals"), rejections: count("rejections"),
                alertsRaised: count("alerts"))
        }
    }
}
