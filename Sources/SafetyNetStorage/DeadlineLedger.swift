import Foundation
import PostgresClient
import SafetyNetKernel

/// Opens and closes the rows of `deadline`, inside the caller's transaction.
enum DeadlineLedger {
    /// Opens a `kind` deadline for an item, due `limit` after `start` on `calendar`.
    static func open(
        _ kind: DeadlineKind, for item: CaseItemContext, from start: Date, limit: TimeLimit, calendar: WorkingCalendar,
        on connection: PostgresConnection
    ) throws {
        try connection.query("""
            INSERT INTO deadline (id, kind, case_item_id, household_id, grid_code, module_id, started_at, due_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """, [UUID(), kind.rawValue, item.itemID, item.householdID, item.gridCode.value, item.module.rawValue,
                  start, limit.due(from: start, calendar: calendar)])
    }

    /// Closes the item's open deadlines of `kinds` at `instant`: met, or cancelled when the step
    /// they waited for will not come (a rejection before investigation, a withdrawal).
    static func close(_ kinds: [DeadlineKind], item: UUID, at instant: Date, outcome: Outcome, on connection: PostgresConnection) throws {
        try connection.query("""
            UPDATE deadline SET met_at = $3, outcome = $4
            WHERE case_item_id = $1 AND kind = ANY($2) AND met_at IS NULL
            """, [item, kinds.map(\.rawValue), instant, outcome.rawValue])
    }

    /// How a deadline ended.
    enum Outcome: String {
        case met, cancelled
    }
}

/// Writes the steps of the assistance chain; the table's trigger announces each on the push channel.
enum AssistanceEvents {
    static func record(
        _ kind: String, _ item: CaseItemContext, actor: Principal?, at instant: Date, summary: String, detail: PostgresJSON? = nil,
        on connection: PostgresConnection
    ) throws {
        try connection.query("""
            INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, case_id, case_item_id, actor_id, actor_name, at, summary, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """, [UUID(), item.householdID, item.gridCode.value, item.module.rawValue, kind, item.caseID, item.itemID,
                  actor?.id, actor?.name ?? "system", instant, summary, detail])
    }
}
