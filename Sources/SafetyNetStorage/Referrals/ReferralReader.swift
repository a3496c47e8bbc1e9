import Foundation
import PostgresClient
import SafetyNetKernel

/// Reads referrals into views, each with its sender, its answer and its open answer limit.
struct ReferralReader {
    let now: Date

    /// The referrals matching `condition` (which may end in ORDER BY and LIMIT).
    func views(where condition: SQL, on connection: PostgresConnection) throws -> [ReferralView] {
        try connection.query(
            """
            SELECT r.*, s.login AS sender, a.login AS answerer, d.due_at, coalesce(d.provisional, false) AS provisional,
                   (SELECT count(*) FROM deadline e WHERE e.referral_id = r.id AND e.outcome = 'escalated') AS escalations
            FROM referral r
            JOIN app_user s ON s.id = r.sent_by
            LEFT JOIN app_user a ON a.id = r.answered_by
            LEFT JOIN LATERAL (SELECT min(due_at) AS due_at, bool_or(provisional) AS provisional
                               FROM deadline WHERE referral_id = r.id AND met_at IS NULL) d ON true
            WHERE \(condition)
            """
        ).map(view)
    }

    private func view(_ row: PostgresRow) throws -> ReferralView {
        let due = try row.decode("due_at", as: Date?.self)
        return ReferralView(
            id: try row.decode("id"), householdID: try row.decode("household_id"),
            gridCode: try row.decode("grid_code", as: RegionCode.self), personID: try row.decode("person_id", as: UUID?.self),
            origin: try row.decode("origin", as: ReferralOrigin.self), originVisitID: try row.decode("origin_visit_id", as: UUID?.self),
            originCaseItemID: try row.decode("origin_case_item_id", as: UUID?.self), need: try row.decode("need", as: Need.self),
            description: try row.decode("description"), module: try row.decode("module_id", as: ModuleID?.self),
            level: try row.decode("level", as: HandlingLevel.self), region: try row.decode("region_code", as: RegionCode.self),
            state: try row.decode("state", as: ReferralState.self), sentBy: try row.decode("sender"), sentAt: try row.decode("sent_at"),
            dueAt: due, isOverdue: due.map { now > $0 } ?? false, dueIsProvisional: try row.decode("provisional"),
            escalations: try row.decode("escalations"),
            acceptedAt: try row.decode("accepted_at", as: Date?.self), answer: try Self.answer(row),
            caseID: try row.decode("case_id", as: UUID?.self))
    }

    private static func answer(_ row: PostgresRow) throws -> ReferralAnswerView? {
        guard let text = try row.decode("answer", as: String?.self) else { return nil }
        return ReferralAnswerView(
            by: try row.decode("answerer", as: String?.self) ?? "", at: try row.decode("answered_at"), text: text,
            basis: try row.decode("basis", as: String?.self))
    }
}
