import Foundation
import PostgresClient
import SafetyNetKernel

/// One alert rule as one set-based statement over a batch: the batch's matched rows that meet the
/// rule's conditions are measured per condition, and each condition found either raises a new
/// alert, raises the level of the open one, or (open at that level or higher, or decided at it on
/// the same data: see ``decidedOnSameData``) changes nothing. Every alert raised or worsened gets its step in the household's chain, whose
/// push event the statement queues in the temporary table `alert_step_event` for ``AlertRaiser``
/// to publish all together once every rule ran; every alert raised anew gets its limit to be verified.
struct AlertRuleQuery {
    let rule: AlertRule
    /// The values the thresholds and ages are read from, and their version.
    let settings: DistrictSettings
    /// The day ages and validity are judged on.
    let today: CalendarDate

    /// The rows a statement reads.
    enum Rows {
        /// A batch's matched rows.
        case batch(UUID)
        /// For each member of the households `households` selects (a query of `household_id`),
        /// their latest row of the rule's feed among the batches comparison `run` reads (those
        /// done when it started): the latest data, the same however late it resumes.
        case latest(households: SQL, run: UUID)

        /// The condition on the batches `b` whose rows count: done, and read by the comparison for the latest data.
        var doneBatches: SQL {
            switch self {
            case .batch: "b.status = 'done'"
            case .latest(_, let run): "b.status = 'done' AND b.id IN (SELECT batch_id FROM comparison_batch WHERE run_id = \(run))"
            }
        }
    }

    /// The statement for `batch`, sent by `sender`, at `now`; it answers how many alerts it raised
    /// or worsened at each level (columns `red`, `yellow`, `blue`). Each alert raised anew gets `verification`.
    func statement(batch: UUID, sender: UUID, now: Date, verification: AlertLimit) -> SQL {
        """
        WITH \(measured(.batch(batch))),
        raised AS (
            INSERT INTO alert AS open (id, rule_id, module_id, household_id, person_id, grid_code, condition_key, level, level_rank, raised_level,
                               amount_fen, threshold_fen, facts, settings_version, batch_id, row_number, status, raised_at, updated_at)
            SELECT gen_random_uuid(), \(rule.id), \(rule.id.module), m.household_id, f.person_id, h.grid_code, m.condition_key, m.level,
                   \(Self.rank(of: "m.level")), m.level, m.amount, m.threshold, f.fields, \(settings.version), \(batch), m.row_number, 'raised',
                   \(now), \(now)
            FROM measured m
            JOIN feed_row f ON f.batch_id = m.batch_id AND f.row_number = m.row_number
            JOIN household h ON h.id = m.household_id
            WHERE m.level IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM alert c
                WHERE c.rule_id = \(rule.id) AND c.household_id = m.household_id AND c.condition_key = m.condition_key
                  AND c.status IN ('confirmed', 'dismissed') AND c.level_rank <= \(Self.rank(of: "m.level")) AND \(decidedOnSameData))
            ON CONFLICT (rule_id, household_id, condition_key) WHERE status IN ('raised', 'verified')
            DO UPDATE SET level = excluded.level, level_rank = excluded.level_rank, amount_fen = excluded.amount_fen,
                threshold_fen = excluded.threshold_fen, facts = excluded.facts, settings_version = excluded.settings_version,
                batch_id = excluded.batch_id, row_number = excluded.row_number, updated_at = excluded.updated_at
            WHERE excluded.level_rank < open.level_rank
            RETURNING open.id, open.household_id, open.grid_code, open.module_id, open.level, (open.xmax = 0) AS new
        ),
        limited AS (\(verification.opening(for: "SELECT * FROM raised WHERE new"))),
        chained AS (
        INSERT INTO assistance_event AS e (id, household_id, grid_code, module_id, kind, alert_id, actor_id, actor_name, at, summary)
        SELECT gen_random_uuid(), r.household_id, r.grid_code, \(rule.id.module),
               CASE WHEN r.new THEN 'alert.raised' ELSE 'alert.worsened' END, r.id, u.id, u.display_name, \(now),
               CASE WHEN r.new THEN '预警：' ELSE '预警升级：' END || \(rule.chineseName) || '（' || \(Self.levelNames("r.level")) || '）'
        FROM raised r JOIN app_user u ON u.id = \(sender)
        RETURNING assistance_event_body(e) AS body
        ),
        queued AS (INSERT INTO alert_step_event (body) SELECT body FROM chained)
        SELECT count(*) FILTER (WHERE level = 'red') AS red, count(*) FILTER (WHERE level = 'yellow') AS yellow,
               count(*) FILTER (WHERE level = 'blue') AS blue
        FROM raised
        """
    }

    /// The statement recording what the rule finds now in the households `households` selects, as
    /// `run`'s findings of the full comparison, from the data of the batches it reads.
    func findings(run: UUID, households: SQL) -> SQL {
        """
        WITH \(measured(.latest(households: households, run: run)))
        INSERT INTO comparison_finding (run_id, household_id, rule_id, condition_key, level, amount_fen)
        SELECT \(run), m.household_id, \(rule.id), m.condition_key, m.level, m.amount FROM measured m WHERE m.level IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    }

    /// The CTEs `found` (the rows meeting the rule), `conditions` for a year total, and `measured`
    /// (one per condition, with its level and threshold, and the row that names it). They carry
    /// rows by their batch and number, not their values nor the person and grid those name, so
    /// that sorting and grouping a large batch stays in memory; the alert takes the person from
    /// the row and the grid from the household.
    private func measured(_ rows: Rows) -> SQL {
        let grouped: SQL = yearConditions.map { "\($0)," } ?? ""
        return """
            found AS (\(found(rows))),
            \(grouped)
            measured AS (
                SELECT DISTINCT ON (household_id, condition_key) *, \(levelCase) AS level, \(thresholdCase) AS threshold
                FROM (\(amounts(counting: rows))) a
                ORDER BY household_id, condition_key, amount DESC NULLS LAST, row_number, batch_id
            )
            """
    }

    /// The rows that meet the rule, with the household and the condition they belong to.
    private func found(_ rows: Rows) -> SQL {
        let source: SQL
        switch rows {
        case .batch(let batch):
            source = "(SELECT * FROM feed_row WHERE batch_id = \(batch)) r"
        case .latest(let households, _):
            source = """
                (SELECT DISTINCT ON (l.person_id) l.* FROM feed_row l JOIN feed_batch b ON b.id = l.batch_id
                 WHERE b.feed_id = \(rule.feed) AND \(rows.doneBatches)
                   AND l.person_id IN (SELECT m.id FROM person m WHERE m.household_id IN (\(households)))
                 ORDER BY l.person_id, b.finished_at DESC, l.row_number DESC) r
                """
        }
        let conditions =
            [SQL("r.person_id IS NOT NULL")] + rule.rows.map(rowCondition) + rule.person.map(personCondition)
            + rule.household.map(householdCondition)
        // The household the person lives in now, which a row read later may name no longer.
        return """
            SELECT p.household_id, r.batch_id, r.row_number, \(conditionKey) AS condition_key,
                   \(rowAmount) AS row_amount
            FROM \(source)
            JOIN person p ON p.id = r.person_id AND p.status = 'active'
            JOIN household h ON h.id = p.household_id AND h.status = 'active'
            WHERE \(conditions.joined(separator: " AND "))
            """
    }

    /// The amount a row holds when the rule measures each row's own (NULL otherwise).
    private var rowAmount: SQL {
        switch rule.measure {
        case .amount(.perMember(let amount), _): "(r.fields->>\(amount))::bigint"
        case .fixed, .amount(.householdYearTotal, _): "NULL::bigint"
        }
    }

    /// Whether a confirmed or dismissed alert `c` decided the condition on the data of row `f`, so
    /// that it is not raised again at that level. A year's total is one condition however many
    /// rows add to it (only a worse level raises it again); a person's or household's condition
    /// keyed without a time (an unemployment, a certificate, an economic check) is decided for the
    /// row it was raised from: a new registration, certificate or check raises it again.
    private var decidedOnSameData: SQL {
        switch rule.measure {
        case .amount(.householdYearTotal, _): "true"
        case .fixed, .amount(.perMember, _): "c.facts = f.fields"
        }
    }

    private var conditionKey: SQL {
        switch rule.measure {
        case .fixed: "r.person_id::text"
        case .amount(.householdYearTotal, _): "r.total_year::text"
        case .amount(.perMember, _): "''"
        }
    }

    /// The found rows with the amount the rule measures (NULL for a fixed level), summing the rows
    /// of the batches `rows` counts.
    private func amounts(counting rows: Rows) -> SQL {
        switch rule.measure {
        case .fixed:
            return "SELECT f.*, NULL::bigint AS amount FROM found f"
        case .amount(.perMember, _):
            return """
                SELECT f.*, f.row_amount / greatest(1, (
                    SELECT count(*) FROM person m WHERE m.household_id = f.household_id AND m.status = 'active')) AS amount
                FROM found f
                """
        case .amount(.householdYearTotal, _):
            // Each condition (a household's year) named by its first found row, the found rows
            // grouped as they are read, never kept as a set; then every member's rows of that
            // year in the feed's done batches (this one is done by now), a row sent again counted
            // once by its fingerprint. A batch naming a million people is read twice as sets,
            // not member by member, and only the year and amount kept beside each row, not its fields.
            return """
                SELECT k.household_id, k.batch_id, k.row_number, k.condition_key, NULL::bigint AS row_amount, t.amount
                FROM conditions k
                JOIN (
                    SELECT s.household_id, s.condition_key, sum(s.amount) AS amount
                    FROM (
                        SELECT DISTINCT m.household_id, d.person_id, d.fingerprint, d.total_year::text AS condition_key, d.total_fen AS amount
                        FROM feed_row d
                        JOIN feed_batch b ON b.id = d.batch_id
                        JOIN person m ON m.id = d.person_id
                        WHERE b.feed_id = \(rule.feed) AND \(rows.doneBatches)
                          AND (m.household_id, d.total_year::text) IN (SELECT household_id, condition_key FROM conditions)
                    ) s
                    GROUP BY s.household_id, s.condition_key
                ) t ON t.household_id = k.household_id AND t.condition_key = k.condition_key
                """
        }
    }

    /// For a household's year total, the CTE `conditions`: each household and year the found rows
    /// name, by its first row in each batch (the full comparison's latest rows span batches).
    private var yearConditions: SQL? {
        guard case .amount(.householdYearTotal, _) = rule.measure else { return nil }
        return """
            conditions AS (
                SELECT household_id, condition_key, batch_id, min(row_number) AS row_number
                FROM found GROUP BY household_id, condition_key, batch_id
            )
            """
    }

    private var levelCase: SQL { thresholdCase(then: { "\($0.level.rawValue)" }, fixed: { "\($0.rawValue)::text" }) }

    private var thresholdCase: SQL { thresholdCase(then: { "\(settings.values.value($0.parameter))::bigint" }, fixed: { _ in "NULL::bigint" }) }

    /// `CASE WHEN amount > first threshold THEN … END` over the thresholds, most urgent first.
    private func thresholdCase(then value: (AlertThreshold) -> SQL, fixed: (RiskLevel) -> SQL) -> SQL {
        switch rule.measure {
        case .fixed(let level): return fixed(level)
        case .amount(_, let thresholds):
            let branches = thresholds.map { SQL("WHEN amount > \(settings.values.value($0.parameter)) THEN \(value($0))") }
            return "CASE \(branches.joined(separator: " ")) END"
        }
    }

    private func rowCondition(_ condition: FeedRowCondition) -> SQL {
        switch condition {
        case .oneOf(let field, let codes): "r.fields->>\(field) = ANY(\(codes))"
        case .notBeforeToday(let field, let orBlank): "coalesce((r.fields->>\(field))::date >= \(today), \(orBlank))"
        case .blankOrZero(let field): "coalesce((r.fields->>\(field))::bigint, 0) = 0"
        }
    }

    private func personCondition(_ condition: PersonCondition) -> SQL {
        switch condition {
        case .ageBetween(let from, let to):
            """
            p.birth_date <= \(today)::date - make_interval(years => \(settings.values.value(from))::int)
            AND p.birth_date > \(today)::date - make_interval(years => \(settings.values.value(to) + 1)::int)
            """
        }
    }

    private func householdCondition(_ condition: HouseholdCondition) -> SQL {
        switch condition {
        case .monitored(let categories):
            """
            EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id AND m.ended_at IS NULL
                    AND (\(categories.isEmpty) OR m.categories && \(categories.map(\.rawValue))::text[]))
            """
        case .receiving(let types):
            Self.receiving(types)
        case .notReceiving(let types):
            "NOT \(householdCondition(.receiving(types)))"
        case .hasDependants:
            """
            EXISTS (SELECT 1 FROM person d WHERE d.household_id = h.id AND d.status = 'active' AND d.id <> r.person_id
                    AND (d.birth_date > \(today)::date - interval '18 years' OR d.birth_date <= \(today)::date - interval '60 years'
                         OR d.disability_grade <= 2))
            """
        case .anyOf(let conditions):
            "(\(conditions.map(householdCondition).joined(separator: " OR ")))"
        }
    }

    /// Whether the household `h` receives one of `types`: an approved item of it, still paid or followed up.
    static func receiving(_ types: [AssistanceTypeID]) -> SQL {
        """
        EXISTS (SELECT 1 FROM assistance_case c JOIN case_item i ON i.case_id = c.id
                WHERE c.household_id = h.id AND i.assistance_type = ANY(\(types.map(\.rawValue)))
                  AND i.state IN ('approved', 'disbursing', 'following_up'))
        """
    }

    /// SQL naming the level in `column` in Chinese, e.g. 红色 for `red`.
    static func levelNames(_ column: String) -> SQL { ChineseNameSQL.naming(column, as: RiskLevel.self, \.chineseName) }

    /// The rank of the level in `column`: 1 red, 2 yellow, 3 blue.
    static func rank(of column: String) -> SQL {
        "(CASE \(unsafeRaw: column) WHEN 'red' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END)::smallint"
    }
}
