import Foundation
import PostgresClient
import SafetyNetKernel

/// A limit on alerts started at one instant: to verify them in the field at one level, or to
/// confirm or dismiss them once verified. Every alert raised by a batch, escalated by a sweep or
/// verified by one visit starts it at the same time, so it is computed once and inserted for all
/// of them in the statement that raises, moves or verifies them.
struct AlertLimit {
    let kind: DeadlineKind
    let start: Date
    let due: Date
    let workingDays: Int
    let provisional: Bool

    /// The verification limit starting at `start`, as long as `settings` say, counted on `calendar`.
    static func verification(from start: Date, settings: AssistanceSettings, calendar: WorkingCalendar) -> AlertLimit {
        AlertLimit(.alertVerification, workingDays: settings.value(AlertParameters.verificationWorkingDays), from: start, calendar: calendar)
    }

    /// The limit to confirm or dismiss a verified alert, starting at `start`.
    static func decision(from start: Date, settings: AssistanceSettings, calendar: WorkingCalendar) -> AlertLimit {
        AlertLimit(.alertDecision, workingDays: settings.value(AlertParameters.decisionWorkingDays), from: start, calendar: calendar)
    }

    private init(_ kind: DeadlineKind, workingDays days: Int, from start: Date, calendar: WorkingCalendar) {
        let limit = TimeLimit.workingDays(days)
        self.kind = kind
        self.start = start
        self.due = limit.due(from: start, calendar: calendar)
        self.workingDays = days
        self.provisional = limit.isProvisional(from: start, calendar: calendar)
    }

    /// SQL opening the limit for the alerts `source` selects (columns `id`, `household_id`,
    /// `grid_code`, `module_id`), to be used as a data-modifying CTE.
    func opening(for source: SQL) -> SQL {
        """
        INSERT INTO deadline (id, kind, alert_id, household_id, grid_code, module_id, started_at, due_at, working_days, provisional)
        SELECT gen_random_uuid(), \(kind), s.id, s.household_id, s.grid_code, s.module_id, \(start), \(due), \(workingDays), \(provisional)
        FROM (\(source)) s
        RETURNING 1
        """
    }
}

/// Moves alerts nobody verified within the limit up a level (village → town → district →
/// district lead), as referrals move, inside the deadline sweep's transaction: the passed limit is
/// closed as escalated, the next level's limit opened and the step recorded in the chain (which
/// pushes it) in one statement, so each level escalates once whatever the number of sweeps.
struct AlertEscalation {
    /// The next level's limit, started by this sweep.
    let limit: AlertLimit

    /// Escalates every raised alert whose verification limit is marked overdue; returns how many moved.
    func run(on connection: PostgresConnection) throws -> Int {
        let now = limit.start
        return try connection.query(
            """
            WITH passed AS (
                SELECT d.id AS deadline_id, a.id FROM deadline d JOIN alert a ON a.id = d.alert_id
                WHERE d.kind = 'alert_verification' AND d.met_at IS NULL AND d.overdue_at IS NOT NULL
                  AND a.status = 'raised' AND a.handling_level <> 'district_lead'
                FOR NO KEY UPDATE OF d, a SKIP LOCKED
            ), closed AS (
                UPDATE deadline SET met_at = \(now), outcome = 'escalated' WHERE id IN (SELECT deadline_id FROM passed)
            ), moved AS (
                UPDATE alert a SET handling_level = CASE a.handling_level WHEN 'village' THEN 'town' WHEN 'town' THEN 'district'
                                                                            ELSE 'district_lead' END,
                                   updated_at = \(now)
                FROM passed p WHERE a.id = p.id
                RETURNING a.id, a.household_id, a.grid_code, a.module_id, a.rule_id, a.handling_level
            ), opened AS (\(limit.opening(for: "SELECT id, household_id, grid_code, module_id FROM moved")))
            INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, alert_id, actor_name, at, summary, detail)
            SELECT gen_random_uuid(), m.household_id, m.grid_code, m.module_id, 'alert.escalated', m.id, '系统', \(now),
                   '预警未在' || \(limit.workingDays) || '个工作日内核实，已提级至' || \(Self.levelNames) || '督办',
                   json_build_object('level', m.handling_level, 'dueAt', \(limit.due))
            FROM moved m
            """
        ).affectedRows
    }

    /// SQL naming the level an alert moved to, e.g. 乡镇(街道) for `town`.
    private static let levelNames = ChineseNameSQL.naming("m.handling_level", as: HandlingLevel.self, \.chineseName)
}
