import Foundation
import Logging
import PostgresClient
import SafetyNetKernel

/// Moves referrals whose answer limit passed to the next level (village → town → district →
/// district lead), inside the deadline sweep's transaction. The passed limit is closed as
/// escalated in the same transaction that moves the referral, so each level escalates once,
/// whatever the number of sweeps, processes or restarts. Each referral moves under a savepoint:
/// one that cannot move is logged and left for the next sweep, never blocking the others.
struct ReferralEscalation {
    let referrals: ReferralStore
    let logger: Logger

    /// Escalates every referral whose open answer limit is marked overdue; returns how many moved
    /// and how many could not (each with its error left to the next sweep).
    func run(at now: Date, on connection: PostgresConnection) throws -> (moved: Int, failed: Int) {
        let rows = try connection.query(
            """
            SELECT r.id FROM deadline d JOIN referral r ON r.id = d.referral_id
            WHERE d.kind = 'referral_answer' AND d.met_at IS NULL AND d.overdue_at IS NOT NULL AND r.level <> 'district_lead'
              AND r.state IN ('sent', 'accepted')
            ORDER BY d.due_at
            FOR NO KEY UPDATE OF d, r SKIP LOCKED
            """)
        var moved = 0
        var failed = 0
        for row in rows {
            let id: UUID = try row.decode("id")
            do {
                // Everything for one referral, its read included, runs under the savepoint, so an
                // error leaves the sweep's transaction usable for the others.
                if try connection.transaction({ connection in
                    try escalate(try referrals.context(id, lock: false, on: connection), at: now, on: connection)
                }) {
                    moved += 1
                }
            } catch {
                failed += 1
                logger.error(
                    "could not escalate an overdue referral; the next sweep tries again",
                    metadata: ["referral": "\(id)", "error": "\(error)"])
            }
        }
        return (moved, failed)
    }

    private func escalate(_ context: ReferralContext, at now: Date, on connection: PostgresConnection) throws -> Bool {
        guard let next = context.address.escalated.map({ referrals.catalog.routed($0, need: context.need, isOn: referrals.isOn) }),
            ReferralWorkflow.escalated(from: context.state) != nil
        else { return false }
        // The limit closed as escalated is the record of the escalation: figures and views count these.
        try DeadlineLedger.close(.referral(context.id), at: now, outcome: .escalated, on: connection)
        let moved = try referrals.move(context, to: next, at: now, on: connection)
        try AssistanceEvents.record(
            "referral.escalated", moved.subject, actor: nil, at: now,
            summary: "\(referrals.describe(context.address))未在时限内答复，已提级转至\(referrals.describe(next))",
            detail: try PostgresJSON(encoding: ["from": context.address, "to": next]), on: connection)
        return true
    }
}
