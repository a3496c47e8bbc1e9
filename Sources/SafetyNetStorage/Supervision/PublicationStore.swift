import Foundation
import PersonalData
import PostgresClient
import SafetyNetKernel

/// One line of a publication list (公示): who receives what, with name and ID number masked.
public struct PublicationEntry: Sendable, Codable, Hashable {
    public let village: RegionCode
    public let villageName: String
    public let type: AssistanceTypeID
    public let typeName: String
    /// The beneficiary (the head for household-level types), masked: `张*`.
    public let name: String
    /// Masked: `220202********1234`.
    public let idNumber: String
    /// Active members of the household.
    public let householdSize: Int
    public let amountFen: Int
    public let period: BenefitPeriod
    public let approvedOn: CalendarDate
}

/// The approvals of a region and period to be published (阳光公示), names and ID numbers masked.
public struct PublicationList: Sendable, Codable, Hashable {
    public let region: RegionCode
    public let from: CalendarDate
    public let through: CalendarDate
    public let entries: [PublicationEntry]
}

/// Reads the publication list: items approved in the period and still in benefit, by village.
public struct PublicationStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog

    /// Creates the store.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog) {
        self.pool = pool
        self.catalog = catalog
    }

    /// The items of `module` or `type` (all when nil) approved in `region` during `period`.
    public func list(region: RegionCode, period: ReportPeriod, module: ModuleID?, type: AssistanceTypeID?) async throws -> PublicationList {
        let (start, end) = period.instants
        let scope = ReportScope(prefix: region.scopePrefix, start: start, end: end, module: module, type: type)
        let rows = try await pool.report { connection in
            try connection.query(
                """
                SELECT i.assistance_type, i.amount_fen, i.period, (i.decided_at AT TIME ZONE 'Asia/Shanghai')::date::text AS approved_on,
                       substr(c.grid_code, 1, 12) AS village, v.name AS village_name, p.name, p.id_number_masked,
                       (SELECT count(*) FROM person m WHERE m.household_id = c.household_id AND m.status = 'active') AS household_size
                FROM case_item i
                JOIN assistance_case c ON c.id = i.case_id
                JOIN person p ON p.id = coalesce(i.person_id,
                    (SELECT h.id FROM person h WHERE h.household_id = c.household_id AND h.relation = 'head' AND h.status = 'active'))
                JOIN region v ON v.code = substr(c.grid_code, 1, 12)
                WHERE i.amount_fen IS NOT NULL AND i.state IN ('approved', 'disbursing', 'following_up')
                  AND c.grid_code LIKE \(scope.prefix) || '%' AND i.decided_at >= \(scope.start) AND i.decided_at < \(scope.end) \(scope.items)
                ORDER BY village, i.assistance_type, i.decided_at, i.id
                LIMIT 10000
                """)
        }
        let entries = try rows.map { row in
            let type = try row.decode("assistance_type", as: AssistanceTypeID.self)
            return PublicationEntry(
                village: try row.decode("village", as: RegionCode.self), villageName: try row.decode("village_name"), type: type,
                typeName: catalog.type(type)?.chineseName ?? type.rawValue, name: Masking.name(try row.decode("name")),
                idNumber: try row.decode("id_number_masked"), householdSize: try row.decode("household_size"),
                amountFen: try row.decode("amount_fen"),
                period: try row.decode("period", as: BenefitPeriod.self), approvedOn: try row.decode("approved_on", as: CalendarDate.self))
        }
        return PublicationList(region: region, from: period.from, through: period.through, entries: entries)
    }
}
