import Foundation
import PostgresClient
import SafetyNetKernel

/// A joint case (一事一议) still open, as supervisors follow it: where, why, since when, and which
/// departments have not answered yet.
public struct OpenJointCase: Sendable, Codable, Hashable {
    /// The case, and its household's address.
    public let caseID: UUID
    public let address: String
    /// The department leading it and why it was opened.
    public let leadModule: ModuleID
    public let reason: String
    public let openedAt: Date
    /// The departments asked, and those that have not answered.
    public let departments: [ModuleID]
    public let waitingFor: [ModuleID]
}

extension SupervisionStore {
    /// The joint cases of `region` not yet concluded, the oldest first (of those `module` takes part in, when given).
    public func openJointCases(in region: RegionCode, module: ModuleID?, limit: Int = 200) async throws -> [OpenJointCase] {
        let takingPart: SQL =
            module.map { "AND EXISTS (SELECT 1 FROM joint_contribution m WHERE m.case_id = j.case_id AND m.module_id = \($0))" } ?? ""
        return try await pool.report { connection in
            try connection.query(
                """
                SELECT j.case_id, h.address, j.lead_module, j.reason, j.opened_at,
                       array(SELECT m.module_id FROM joint_contribution m WHERE m.case_id = j.case_id ORDER BY m.module_id) AS departments,
                       array(SELECT m.module_id FROM joint_contribution m WHERE m.case_id = j.case_id AND m.answered_at IS NULL
                             ORDER BY m.module_id) AS waiting
                FROM joint_case j JOIN assistance_case c ON c.id = j.case_id JOIN household h ON h.id = c.household_id
                WHERE j.concluded_at IS NULL AND c.grid_code LIKE \(region.scopePrefix) || '%' \(takingPart)
                ORDER BY j.opened_at LIMIT \(limit)
                """
            ).map { row in
                OpenJointCase(
                    caseID: try row.decode("case_id"), address: try row.decode("address"),
                    leadModule: try row.decode("lead_module", as: ModuleID.self),
                    reason: try row.decode("reason"), openedAt: try row.decode("opened_at"),
                    departments: try row.decode("departments", as: [String].self).compactMap(ModuleID.init(rawValue:)),
                    waitingFor: try row.decode("waiting", as: [String].self).compactMap(ModuleID.init(rawValue:)))
            }
        }
    }
}
