import Foundation
import PostgresClient
import SafetyNetKernel

/// Moves referrals whose answer limit passed to the next level (village → town → district →
/// district lead), inside the deadline sweep's transaction. The passed limit is closed as
/// escalated in the same transaction that moves the referral, so each level escalates once,
/// whatever the number of sweeps, processes or restarts. Each referral moves under a savepoint:
/// one that cannot move is logged and left for the next sweep, never blocking the others.
struct ReferralEscalation {
    let referrals: ReferralStore

    /// Escalates every referral whose open answer limit is marked overdue; returns how many moved
    /// and how many could not (each with its error left to the next sweep).
    func run(at now: Date, on connection: PostgresConnection) throws -> (moved: Int, failed: Int) {
        let rows = try connection.query("""
            SELECT d.id AS deadline_id, r.id FROM deadline d JOIN referral r ON r.id = d.referral_id
            WHERE d.kind = 'referral_answer' AND d.met_at IS NULL AND d.overdue_at IS NOT NULL AND r.level <> 'district_lead'
              AND r.state IN ('sent', 'accepted')
            ORDER BY d.due_at
            FOR NO KEY UPDATE OF d, r SKIP LOCKED
            """)
        var moved = 0, failed = 0
        for row in rows {
            do {
                let context = try referrals.context(try row.decode("id"), lock: false, on: connection)
                let deadline: UUID = try row.decode("deadline_id")
                if try connection.transaction({ connection in try escalate(context, deadline: deadline, at: now, on: connection) }) { moved += 1 }
            } catch {
                failed += 1
            }
        }
        return (moved, failed)
    }

    private func escalate(_ context: ReferralContext, deadline: UUID, at now: Date, on connection: PostgresConnection) throws -> Bool {
        guard let next = context.address.escalated.map({ referrals.catalog.routed($0, need: context.need) }),
              let state = ReferralWorkflow.escalated(from: context.state) else { return false }
        try connection.query("UPDATE deadline SET met_at = $2, outcome = 'escalated' WHERE id = $1", [deadline, now])
        try connection.query("""
            UPDATE referral SET module_id = $2, level = $3, region_code = $4, state = $5, accepted_at = NULL,
                                escalations = escalations + 1, updated_at = $6
            WHERE id = $1
            """, [context.id, next.module?.rawValue, next.level.rawValue, next.level.region(for: context.gridCode).value, state.rawValue, now])
        let moved = ReferralContext(id: context.id, householdID: context.householdID, gridCode: context.gridCode, need: context.need,
                                    address: next, state: state, sentBy: context.sentBy, caseID: context.caseID)
        try referrals.openAnswerLimit(moved, from: now, on: connection)
        try AssistanceEvents.record(
            "referral.escalated", moved.subject, actor: nil, at: now,
            summary: "no answer from \(referrals.describe(context.address)) in time; escalated to \(referrals.describe(next))",
            detail: try PostgresJSON(encoding: ["from": context.address, "to": next]), on: connection)
        return true
    }
}
