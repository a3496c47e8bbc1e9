import Charity
import CivilAffairs
import DemoDistrict
import Disability
import Education
import Employment
import Foundation
import MedicalAid
import PersonalData
import PostgresClient
import PostgresTestSupport
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Demo caseload")
struct DemoCaseloadTests {
    static let modules: [any DepartmentModule] = [
        CivilAffairsModule(), MedicalAidModule(), EducationModule(), EmploymentModule(), DisabilityModule(), CharityModule(),
    ]

    @Test("a year of cases and referrals in every state, some overdue and escalated, filed once")
    func caseload() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 8) { pool in
                try await DatabaseSchema(pool: pool, modules: Self.modules).update()
                let protector = PersonalDataProtector(keyring: try PersonalDataKeyring(text: PersonalDataKeyring.generateText()))
                let generator = DemoDistrictGenerator(seed: 5, householdCount: 2_500)
                _ = try await DemoDistrictLoader(pool: pool, protector: protector).loadIfEmpty(generator)
                try await DemoAccounts.ensure(in: Accounts(pool: pool))
                let catalog = try AssistanceCatalog(modules: Self.modules)
                let loader = DemoCaseload(pool: pool, catalog: catalog, calendar: try await CalendarBook.load(from: pool))
                let now = ISO8601DateFormatter().date(from: "2026-11-23T10:00:00+08:00")!
                let report = try #require(try await loader.loadIfEmpty(generator, now: now))
                #expect(report.cases > 100 && report.referrals > 20)
                #expect(try await loader.loadIfEmpty(generator, now: now) == nil)
                // The planner knows what was loaded: statistics gathered, not left to autovacuum.
                let unanalyzed = try await pool.query(
                    """
                    SELECT string_agg(relname, ', ') AS tables FROM pg_class
                    WHERE relname IN ('household', 'person', 'assistance_case', 'case_item', 'deadline', 'payment', 'referral')
                      AND reltuples <= 0
                    """)[0]
                #expect(try unanalyzed.decode("tables", as: String?.self) == nil)

                let states = Set(try await pool.query("SELECT DISTINCT state FROM case_item").map { try $0.decode("state", as: String.self) })
                #expect(states == Set(CaseItemState.allCases.map(\.rawValue)))
                let referralStates = Set(try await pool.query("SELECT DISTINCT state FROM referral").map { try $0.decode("state", as: String.self) })
                #expect(referralStates == Set(ReferralState.allCases.map(\.rawValue)))
                let counts = try await pool.query(
                    """
                    SELECT (SELECT count(*) FROM deadline WHERE met_at IS NULL AND due_at < \(now)) AS overdue,
                           (SELECT count(*) FROM deadline WHERE outcome = 'escalated') AS escalations,
                           (SELECT count(*) FROM payment) AS payments,
                           (SELECT count(*) FROM joint_case) AS joint,
                           (SELECT count(*) FROM project_place) AS matched
                    """)[0]
                let charity = try await pool.query("SELECT state || ' ' || count(*) AS s FROM referral WHERE module_id = 'charity' GROUP BY state")
                    .map { try $0.decode("s", as: String.self) }
                for column in ["overdue", "escalations", "payments", "joint", "matched"] {
                    #expect(try counts.decode(column, as: Int.self) > 0, "\(column); charity referrals: \(charity)")
                }
                // Each item was decided by its own department: no officer decided another department's type.
                let officers = try await pool.query(
                    """
                    SELECT count(*) FILTER (WHERE u.department <> i.module_id) AS foreign, count(*) AS decided
                    FROM case_item i JOIN app_user u ON u.id = i.decided_by WHERE u.role = 'department_officer'
                    """)[0]
                #expect(try officers.decode("decided", as: Int.self) > 0, "no department officer decided anything")
                #expect(try officers.decode("foreign", as: Int.self) == 0)
                // Temporary relief leads and dibao follows, as in 铁力's figures.
                let approvals = Dictionary(
                    uniqueKeysWithValues: try await pool.query(
                        """
                        SELECT assistance_type, count(*) AS n FROM case_item WHERE amount_fen IS NOT NULL GROUP BY 1
                        """
                    ).map { (try $0.decode("assistance_type", as: String.self), try $0.decode("n", as: Int.self)) })
                #expect(approvals["civil-affairs.temporary-relief", default: 0] > approvals["civil-affairs.dibao", default: 0])
                #expect(approvals["civil-affairs.dibao", default: 0] > approvals["civil-affairs.tekun", default: 0])
            }
        }
    }
}
