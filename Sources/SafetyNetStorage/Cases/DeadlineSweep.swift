import Foundation
import Logging
import PostgresClient
import SafetyNetKernel

/// What one sweep found.
public struct DeadlineSweepResult: Sendable, Hashable {
    /// Deadlines that passed since the last sweep.
    public let overdue: Int
    /// Deadlines falling due within the warning lead.
    public let dueSoon: Int
    /// Referrals moved to the next level because their answer limit passed.
    public let escalated: Int
    /// Referrals that should have moved but could not; the next sweep tries again.
    public let escalationFailures: Int
    /// Alerts moved to the next level because nobody verified them within the limit.
    public let alertsEscalated: Int

    /// Creates the result.
    public init(overdue: Int, dueSoon: Int, escalated: Int = 0, escalationFailures: Int = 0, alertsEscalated: Int = 0) {
        self.overdue = overdue
        self.dueSoon = dueSoon
        self.escalated = escalated
        self.escalationFailures = escalationFailures
        self.alertsEscalated = alertsEscalated
    }
}

/// The deadline service's work: finds the deadlines that have just passed or fall due soon,
/// through partial indexes on open deadlines (never a scan of met ones), marks each and records an
/// assistance event for it in the same statement, then escalates the referrals whose answer limit
/// passed and the alerts nobody verified in time. A deadline is marked once, so a restart or a second process repeats nothing; one that
/// was missed while the server was down is found at the next sweep.
public struct DeadlineSweep: Sendable {
    let referrals: ReferralStore
    let logger: Logger
    var pool: ConnectionPool { referrals.pool }

    /// Creates the sweep over the referral store's database and clock; `logger` reports each
    /// referral that could not be escalated.
    public init(referrals: ReferralStore, logger: Logger = Logger(label: "safetynet.deadlines")) {
        self.referrals = referrals
        self.logger = logger
    }

    /// The advisory lock the sweep holds for its transaction.
    static let lockKey = 0x5AFE_D1E5

    /// Marks and announces what passed, and what falls due within `lead`.
    public func run(warningLead lead: Duration = .seconds(86_400)) async throws -> DeadlineSweepResult {
        let now = referrals.clock.now()
        let soon = now.addingTimeInterval(TimeInterval(lead.components.seconds))
        return try await pool.transaction { connection in
            // One sweep at a time across processes: two would mark the same rows in opposite orders.
            guard try connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey)) AS mine")[0].decode("mine", as: Bool.self) else {
                return DeadlineSweepResult(overdue: 0, dueSoon: 0)
            }
            let overdue = try Self.mark(
                column: "overdue_at", event: "deadline.overdue", words: "时限已超期",
                condition: "overdue_at IS NULL AND due_at <= \(now)", now: now, on: connection)
            let dueSoon = try Self.mark(
                column: "warned_at", event: "deadline.due_soon", words: "时限即将到期",
                condition: "warned_at IS NULL AND overdue_at IS NULL AND due_at > \(now) AND due_at <= \(soon)",
                now: now, on: connection)
            let escalation = try ReferralEscalation(referrals: referrals, logger: logger).run(at: now, on: connection)
            let settings = try AlertRaiser.settings(of: referrals.catalog, on: connection)
            let alertLimit = AlertLimit.verification(from: now, settings: settings.values, calendar: referrals.calendar.current)
            let alerts = try AlertEscalation(limit: alertLimit).run(on: connection)
            return DeadlineSweepResult(
                overdue: overdue, dueSoon: dueSoon, escalated: escalation.moved, escalationFailures: escalation.failed, alertsEscalated: alerts)
        }
    }

    /// SQL naming a marked deadline's kind in Chinese, e.g. 入户调查 for `investigation`.
    static let kindNames = ChineseNameSQL.naming("m.kind", as: DeadlineKind.self, \.chineseName)

    /// Sets `column` to `now` on the open deadlines meeting `condition` and records `event` for each.
    private static func mark(
        column: SQL, event: String, words: String, condition: SQL, now: Date, on connection: PostgresConnection
    ) throws -> Int {
        try connection.query(
            """
            WITH marked AS (
                UPDATE deadline SET \(column) = \(now) WHERE met_at IS NULL AND \(condition)
                RETURNING kind, case_item_id, referral_id, alert_id, household_id, grid_code, module_id, due_at)
            INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, case_id, case_item_id, referral_id, alert_id, actor_name,
                                          at, summary, detail)
            SELECT gen_random_uuid(), m.household_id, m.grid_code, m.module_id, \(event),
                   coalesce(i.case_id, \(ReferralStore.caseIDExpression)), m.case_item_id,
                   m.referral_id, m.alert_id, '系统', \(now),
                   \(kindNames) || \(words) || '（截止 ' || to_char(m.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || '）',
                   json_build_object('kind', m.kind, 'dueAt', m.due_at)
            FROM marked m LEFT JOIN case_item i ON i.id = m.case_item_id LEFT JOIN referral r ON r.id = m.referral_id
            """
        ).affectedRows
    }
}
