import Foundation
import PostgresClient
import SafetyNetKernel

/// What a deadline or an assistance event belongs to: the household, where it lives, the
/// department concerned, and the case item, referral or alert.
struct ChainSubject {
    let householdID: UUID
    let gridCode: RegionCode
    let module: ModuleID?
    var caseID: UUID? = nil
    var itemID: UUID? = nil
    var referralID: UUID? = nil
    var alertID: UUID? = nil
}

extension CaseItemContext {
    /// The item as the chain and the deadlines see it.
    var subject: ChainSubject { ChainSubject(householdID: householdID, gridCode: gridCode, module: module, caseID: caseID, itemID: itemID) }
}

/// Opens and closes the rows of `deadline`, inside the caller's transaction.
enum DeadlineLedger {
    /// Opens a `kind` deadline for a case item, referral or alert, due `limit` after `start` on `calendar`;
    /// a working-day limit keeps its count, so loading a year's schedule can move it, and is
    /// provisional while it reaches into a year whose schedule is not published.
    static func open(
        _ kind: DeadlineKind, for subject: ChainSubject, from start: Date, limit: TimeLimit, calendar: WorkingCalendar,
        on connection: PostgresConnection
    ) throws {
        let workingDays: Int? = if case .workingDays(let count) = limit { count } else { nil }
        try insert(
            kind, for: subject, from: start, due: limit.due(from: start, calendar: calendar), workingDays: workingDays,
            provisional: limit.isProvisional(from: start, calendar: calendar), on: connection)
    }

    /// Opens a `kind` deadline due at `due` (a re-assessment months ahead, say).
    static func open(_ kind: DeadlineKind, for subject: ChainSubject, from start: Date, due: Date, on connection: PostgresConnection) throws {
        try insert(kind, for: subject, from: start, due: due, workingDays: nil, provisional: false, on: connection)
    }

    private static func insert(
        _ kind: DeadlineKind, for subject: ChainSubject, from start: Date, due: Date, workingDays: Int?, provisional: Bool,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO deadline (id, kind, case_item_id, referral_id, alert_id, household_id, grid_code, module_id, started_at, due_at,
                                  working_days, provisional)
            VALUES (\(UUID()), \(kind), \(subject.itemID), \(subject.referralID), \(subject.alertID), \(subject.householdID),
                    \(subject.gridCode), \(subject.module), \(start), \(due), \(workingDays), \(provisional))
            """)
    }

    /// Counts the open working-day limits reaching into `year` again on `calendar`, after its
    /// schedule was loaded; limits already overdue keep their time. Returns how many moved or changed standing.
    static func recount(reachingInto year: Int, on calendar: WorkingCalendar, on connection: PostgresConnection) throws -> Int {
        guard let first = CalendarDate(year: year, month: 1, day: 1) else { return 0 }
        let rows = try connection.query(
            """
            SELECT id, started_at, working_days, due_at, provisional FROM deadline
            WHERE met_at IS NULL AND overdue_at IS NULL AND working_days IS NOT NULL
              AND due_at >= \(WorkingCalendar.startOfDay(first)) AND started_at < \(WorkingCalendar.startOfDay(first.adding(days: 366).firstOfYear))
            FOR UPDATE
            """)
        var changed = 0
        for row in rows {
            let limit = TimeLimit.workingDays(try row.decode("working_days"))
            let start: Date = try row.decode("started_at")
            let (due, provisional) = (limit.due(from: start, calendar: calendar), limit.isProvisional(from: start, calendar: calendar))
            let (wasDue, wasProvisional) = (try row.decode("due_at", as: Date.self), try row.decode("provisional", as: Bool.self))
            guard due != wasDue || provisional != wasProvisional else { continue }
            let id = try row.decode("id", as: UUID.self)
            try connection.query("UPDATE deadline SET due_at = \(due), provisional = \(provisional), warned_at = NULL WHERE id = \(id)")
            changed += 1
        }
        return changed
    }

    /// Closes the item's open deadlines of `kinds` at `instant`: met, or cancelled when the step
    /// they waited for will not come (a rejection before investigation, a withdrawal).
    static func close(_ kinds: [DeadlineKind], item: UUID, at instant: Date, outcome: DeadlineOutcome, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE deadline SET met_at = \(instant), outcome = \(outcome)
            WHERE case_item_id = \(item) AND kind = ANY(\(kinds.map(\.rawValue))) AND met_at IS NULL
            """)
    }

    /// Closes the open limit of a referral (its answer) or an alert (its verification) at `instant`.
    static func close(_ owner: DeadlineOwner, at instant: Date, outcome: DeadlineOutcome, on connection: PostgresConnection) throws {
        let column: SQL
        let id: UUID
        switch owner {
        case .referral(let referral): (column, id) = ("referral_id", referral)
        case .alert(let alert): (column, id) = ("alert_id", alert)
        }
        try connection.query("UPDATE deadline SET met_at = \(instant), outcome = \(outcome) WHERE \(column) = \(id) AND met_at IS NULL")
    }
}

/// What owns a deadline with one open limit at a time.
enum DeadlineOwner {
    case referral(UUID)
    case alert(UUID)
}

/// Writes the steps of the assistance chain; the table's trigger announces each on the push channel.
enum AssistanceEvents {
    static func record(
        _ kind: String, _ subject: ChainSubject, actor: Principal?, at instant: Date, summary: String, detail: PostgresJSON? = nil,
        on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, case_id, case_item_id, referral_id, alert_id,
                                          actor_id, actor_name, at, summary, detail)
            VALUES (\(UUID()), \(subject.householdID), \(subject.gridCode), \(subject.module), \(kind), \(subject.caseID),
                    \(subject.itemID), \(subject.referralID), \(subject.alertID), \(actor?.id), \(actor?.name ?? "系统"), \(instant),
                    \(summary), \(detail))
            """)
    }
}

/// How a time limit ended.
public enum DeadlineOutcome: String, Sendable, Codable, CaseIterable {
    /// The step came in time or late.
    case met
    /// The step will not come.
    case cancelled
    /// Nobody answered (or verified) at the level; the referral or alert moved up.
    case escalated
}
