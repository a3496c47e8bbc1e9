import Foundation
import PostgresClient
import SafetyNetKernel

/// What waits on a department: its case items not yet closed or rejected, the open referrals
/// addressed to it and the joint cases still waiting for its contribution. Switching a module off
/// keeps all of it; these lists are how nothing is lost from sight while it is off.
public struct ModuleWorkload: Sendable, Hashable, Codable {
    /// Case items of the module's types that are neither rejected nor closed.
    public let openCaseItems: Int
    /// Referrals addressed to the department, sent or accepted and not answered.
    public let openReferrals: Int
    /// Joint cases not concluded that still wait for the department's contribution.
    public let pendingContributions: Int

    /// Nothing waiting.
    public static let none = ModuleWorkload(openCaseItems: 0, openReferrals: 0, pendingContributions: 0)

    /// Whether anything waits.
    public var isEmpty: Bool { openCaseItems == 0 && openReferrals == 0 && pendingContributions == 0 }
}

/// One piece of open work of a module.
public struct OpenWork: Sendable, Hashable, Codable {
    /// Which kind of record.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case caseItem = "case_item"
        case referral
        case jointContribution = "joint_contribution"
    }

    /// Where a page of open work ends: `<microseconds since 1970>_<id>` as text.
    public struct Cursor: Sendable, Hashable, CustomStringConvertible {
        let sinceMicros: Int64
        let id: UUID

        /// Reads a cursor a page gave; nil for text that is not one.
        public init?(_ text: String) {
            let parts = text.split(separator: "_")
            guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
            (sinceMicros, self.id) = (micros, id)
        }

        init(sinceMicros: Int64, id: UUID) { (self.sinceMicros, self.id) = (sinceMicros, id) }

        public var description: String { "\(sinceMicros)_\(id.uuidString)" }
    }

    /// Which kind of record this is.
    public let kind: Kind
    /// The case item's, the referral's or the joint case's id.
    public let id: UUID
    /// The household it concerns.
    public let householdID: UUID
    /// The grid the household was in when it was filed or sent.
    public let gridCode: String
    /// The item's or the referral's state; `pending` for a contribution.
    public let state: String
    /// The assistance type, the referral's need, or the joint case's reason.
    public let subject: String
    /// When it was filed, sent or opened.
    public let since: Date
}

/// Reads the open work of department modules.
public struct ModuleWorkloadReader: Sendable {
    let pool: ConnectionPool

    /// Creates the reader on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Every open record of every module, one row each: what "open" means, written once for the
    /// counts and the list alike.
    private static let openWork: SQL = """
        SELECT 'case_item' AS kind, i.module_id, i.id, c.household_id, c.grid_code, i.state, i.assistance_type AS subject, c.applied_at AS since
          FROM case_item i JOIN assistance_case c ON c.id = i.case_id
         WHERE i.state NOT IN ('rejected', 'closed')
        UNION ALL
        SELECT 'referral', r.module_id, r.id, r.household_id, r.grid_code, r.state, r.need, r.sent_at
          FROM referral r WHERE r.state IN ('sent', 'accepted')
        UNION ALL
        SELECT 'joint_contribution', p.module_id, j.case_id, c.household_id, c.grid_code, 'pending', j.reason, j.opened_at
          FROM joint_contribution p JOIN joint_case j USING (case_id) JOIN assistance_case c ON c.id = j.case_id
         WHERE p.answered_at IS NULL AND j.concluded_at IS NULL
        """

    /// The workload of each of `modules` inside `scope` (nil: everywhere), in one query; none
    /// before the kernel's tables exist.
    public func workloads(of modules: [ModuleID], in scope: RegionCode? = nil) async throws -> [ModuleID: ModuleWorkload] {
        let ready = try await pool.query("SELECT to_regclass('joint_contribution') IS NOT NULL AS ready")[0]
        guard try ready.decode("ready", as: Bool.self) else { return [:] }
        let rows = try await pool.query(
            """
            SELECT module_id, count(*) FILTER (WHERE kind = 'case_item')::int AS items,
                   count(*) FILTER (WHERE kind = 'referral')::int AS referrals,
                   count(*) FILTER (WHERE kind = 'joint_contribution')::int AS contributions
            FROM (\(Self.openWork)) AS work
            WHERE module_id = ANY(\(modules.map(\.rawValue))) AND grid_code LIKE \(scope?.scopePrefix ?? "") || '%'
            GROUP BY module_id
            """)
        var result = Dictionary(uniqueKeysWithValues: modules.map { ($0, ModuleWorkload.none) })
        for row in rows {
            result[try row.decode("module_id", as: ModuleID.self)] = ModuleWorkload(
                openCaseItems: try row.decode("items"), openReferrals: try row.decode("referrals"),
                pendingContributions: try row.decode("contributions"))
        }
        return result
    }

    /// The module's open work inside `scope`, oldest first, at most `limit` records after
    /// `cursor`, and the cursor of the next page when there may be one.
    public func openWork(
        of module: ModuleID, in scope: RegionCode, limit: Int, after cursor: OpenWork.Cursor? = nil
    ) async throws -> (items: [OpenWork], next: OpenWork.Cursor?) {
        let after: SQL = cursor.map { "((extract(epoch FROM since) * 1000000)::bigint, id) > (\($0.sinceMicros), \($0.id))" } ?? "true"
        let rows = try await pool.query(
            """
            SELECT *, (extract(epoch FROM since) * 1000000)::bigint AS since_micros FROM (\(Self.openWork)) AS work
            WHERE module_id = \(module) AND grid_code LIKE \(scope.scopePrefix) || '%' AND \(after)
            ORDER BY since, id LIMIT \(limit)
            """)
        let items = try rows.map { row in
            OpenWork(
                kind: try row.decode("kind", as: OpenWork.Kind.self), id: try row.decode("id"), householdID: try row.decode("household_id"),
                gridCode: try row.decode("grid_code"), state: try row.decode("state"), subject: try row.decode("subject"),
                since: try row.decode("since"))
        }
        let next = try rows.last.map { OpenWork.Cursor(sinceMicros: try $0.decode("since_micros"), id: try $0.decode("id")) }
        return (items, rows.count == limit ? next : nil)
    }
}
