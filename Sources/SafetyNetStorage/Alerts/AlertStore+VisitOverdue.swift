import Foundation
import PostgresClient
import SafetyNetKernel

extension AlertStore {
    /// Raises the registry's alert for every household on the ledger whose visit is more than
    /// `alert.visitOverdueGraceDays` past due: once per lapse, the last visit before it (the
    /// condition key; `never` when there was none), whatever moves the due day meanwhile (a new
    /// risk level, a follow-up), and not while another of its alerts is open; at the household's
    /// risk level, with its verification limit. A lapse confirmed or dismissed is not raised again;
    /// one whose alert was cancelled (the household left the ledger) is, once it is back on it.
    /// Returns how many were raised. Safe to run from several processes and again after a restart.
    public func raiseOverdueVisits(from visits: VisitStore) async throws -> Int {
        let now = clock.now()
        let grace = TimeInterval(catalog.settings.value(VisitOverdueAlert.graceDays) * 86_400)
        let overdue = try await visits.overdue(before: now.addingTimeInterval(-grace), now: now).compactMap { due in
            due.riskLevel.map { (due, VisitOverdueAlert.level(forRisk: $0)) }
        }
        guard !overdue.isEmpty else { return 0 }
        let dueDays = overdue.map { WorkingCalendar.day(of: $0.0.dueAt).description }
        let lastVisits = overdue.map { $0.0.lastVisitAt.map { WorkingCalendar.day(of: $0).description } ?? "" }
        return try await pool.transaction { connection in
            let settings = try AlertRaiser.settings(of: catalog, on: connection)
            let limit = AlertLimit.verification(from: now, settings: settings.values, calendar: cases.calendar.current)
            return try connection.query(
                """
                WITH due AS (
                    SELECT * FROM unnest(\(overdue.map(\.0.householdID))::uuid[], \(overdue.map(\.0.gridCode.value))::text[],
                                         \(overdue.map(\.1.rawValue))::text[], \(dueDays)::text[], \(lastVisits)::text[])
                                  AS d (household_id, grid_code, level, due_day, last_visit)
                    WHERE NOT EXISTS (SELECT 1 FROM alert c WHERE c.rule_id = \(VisitOverdueAlert.id) AND c.household_id = d.household_id
                                        AND (c.status IN ('raised', 'verified')
                                             OR c.status IN ('confirmed', 'dismissed') AND coalesce(c.facts->>'lastVisitOn', '') = d.last_visit))
                ), raised AS (
                    INSERT INTO alert AS open (id, rule_id, household_id, grid_code, condition_key, level, level_rank, raised_level, facts,
                                               settings_version, status, raised_at, updated_at)
                    SELECT gen_random_uuid(), \(VisitOverdueAlert.id), d.household_id, d.grid_code, coalesce(nullif(d.last_visit, ''), 'never'), d.level,
                           \(AlertRuleQuery.rank(of: "d.level")), d.level,
                           jsonb_strip_nulls(jsonb_build_object('dueOn', d.due_day, 'lastVisitOn', nullif(d.last_visit, ''))),
                           \(settings.version), 'raised', \(now), \(now)
                    FROM due d
                    ON CONFLICT (rule_id, household_id, condition_key) WHERE status IN ('raised', 'verified') DO NOTHING
                    RETURNING open.id, open.household_id, open.grid_code, open.module_id, open.level
                ), limited AS (\(limit.opening(for: "SELECT * FROM raised")))
                INSERT INTO assistance_event (id, household_id, grid_code, kind, alert_id, actor_name, at, summary)
                SELECT gen_random_uuid(), r.household_id, r.grid_code, 'alert.raised', r.id, '系统', \(now),
                       '预警：' || \(VisitOverdueAlert.chineseName) || '（' || \(AlertRuleQuery.levelNames("r.level")) || '）'
                FROM raised r
                """
            ).affectedRows
        }
    }

    /// Records a visit and audits it; the household's raised alerts of an overdue visit are
    /// verified by it (when it makes good the missed visit), with their limit to be confirmed or
    /// dismissed opened.
    public func recordVisit(_ draft: VisitDraft, by actor: Principal, source: String?) async throws -> VisitView {
        let now = clock.now()
        return try await pool.transaction { connection in
            let visit = try VisitStore.record(draft, by: actor, source: source, on: connection)
            try Self.verifyOverdueVisitAlerts(by: visit, by: actor, at: now, decision: try decisionLimit(from: now, on: connection), on: connection)
            return visit
        }
    }

    /// The limit to confirm or dismiss the alerts verified at `now`, under the settings in force.
    func decisionLimit(from now: Date, on connection: PostgresConnection) throws -> AlertLimit {
        AlertLimit.decision(from: now, settings: try AlertRaiser.settings(of: catalog, on: connection).values, calendar: cases.calendar.current)
    }

    /// Verifies the household's raised alerts of an overdue visit by `visit` when it makes good the
    /// missed visit (it took place after the last visit before the alert), all but `except`, the
    /// alert being verified by it step by step; inside the caller's transaction, audited.
    static func verifyOverdueVisitAlerts(
        by visit: VisitView, by actor: Principal, at now: Date, except: UUID? = nil, decision: AlertLimit, on connection: PostgresConnection
    ) throws {
        let verified = try markVerified(
            where: """
                household_id = \(visit.householdID) AND rule_id = \(VisitOverdueAlert.id) AND id IS DISTINCT FROM \(except)
                AND coalesce((facts->>'lastVisitOn')::date, '-infinity'::date) < \(WorkingCalendar.day(of: visit.visitedAt))::date
                """, by: visit, actor: actor, at: now, decision: decision, on: connection)
        for id in verified {
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: nil, action: "alert.verify", entity: "alert", entityID: id.uuidString,
                    before: try PostgresJSON(encoding: AlertStatus.raised), after: try PostgresJSON(encoding: AlertStatus.verified)),
                on: connection)
        }
    }

    /// Marks the raised alerts `condition` selects verified by `visit`: the visit and its findings
    /// kept, the verification limit met, the `decision` limit opened, a chain step each. Returns
    /// their ids. The rows are locked in id order first, so two visits to one household wait for
    /// each other rather than deadlock; a step on one alert holds only that one before.
    static func markVerified(
        where condition: SQL, by visit: VisitView, actor: Principal, at now: Date, decision: AlertLimit, on connection: PostgresConnection
    ) throws -> [UUID] {
        try connection.query(
            """
            WITH locked AS (
                SELECT id FROM alert WHERE status = 'raised' AND \(condition) ORDER BY id FOR NO KEY UPDATE
            ), verified AS (
                UPDATE alert SET status = 'verified', verified_at = \(now), verified_by = \(actor.id), visit_id = \(visit.id),
                                 findings = \(visit.findings), updated_at = \(now)
                WHERE id IN (SELECT id FROM locked) AND status = 'raised'
                RETURNING id, household_id, grid_code, module_id
            ), met AS (
                UPDATE deadline SET met_at = \(now), outcome = 'met' WHERE alert_id IN (SELECT id FROM verified) AND met_at IS NULL
            ), decided AS (\(decision.opening(for: "SELECT * FROM verified"))
            ), chained AS (
                INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, alert_id, actor_id, actor_name, at, summary)
                SELECT gen_random_uuid(), v.household_id, v.grid_code, v.module_id, 'alert.verified', v.id, \(actor.id), \(actor.name), \(now),
                       '预警已入户核实：' || \(visit.findings)
                FROM verified v
            )
            SELECT id FROM verified
            """
        ).map { try $0.decode("id", as: UUID.self) }
    }

    /// Closes the open alerts `condition` selects because their reason is gone (the household
    /// closed, or left the ledger): cancelled with `reason`, their limits cancelled, a chain step
    /// each; inside the caller's transaction.
    static func cancelOpen(where condition: SQL, reason: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            WITH closed AS (
                UPDATE alert SET status = 'cancelled', decided_at = now(), decision_note = \(reason), updated_at = now()
                WHERE status IN ('raised', 'verified') AND \(condition)
                RETURNING id, household_id, grid_code, module_id
            ), cancelled AS (
                UPDATE deadline SET met_at = now(), outcome = 'cancelled' WHERE alert_id IN (SELECT id FROM closed) AND met_at IS NULL
            )
            INSERT INTO assistance_event (id, household_id, grid_code, module_id, kind, alert_id, actor_name, at, summary)
            SELECT gen_random_uuid(), c.household_id, c.grid_code, c.module_id, 'alert.cancelled', c.id, '系统', now(), '预警已关闭：' || \(reason)
            FROM closed c
            """)
    }

    /// Keeps the household's open alerts and their open limits in its grid when it moves, inside
    /// the registry's transaction, so the new grid works them and the old one no longer sees them.
    static func follow(household: UUID, to grid: String, on connection: PostgresConnection) throws {
        try connection.query(
            """
            WITH moved AS (
                UPDATE alert SET grid_code = \(grid), updated_at = now()
                WHERE household_id = \(household) AND status IN ('raised', 'verified') AND grid_code <> \(grid)
                RETURNING id)
            UPDATE deadline SET grid_code = \(grid) WHERE alert_id IN (SELECT id FROM moved) AND met_at IS NULL
            """)
    }

}
