import Foundation
import PostgresClient
import SafetyNetKernel

/// Where a comparison stands.
public enum ComparisonStatus: String, Sendable, Codable, CaseIterable {
    /// Households are being compared; `compared` of `households` so far.
    case running
    /// Every household was compared.
    case done
    /// Stopped by hand before every household was compared (a chunk that kept failing, say): its
    /// findings so far are kept, and no later comparison is compared with it.
    case cancelled
}

/// One full comparison and its progress.
public struct ComparisonRunView: Sendable, Codable, Hashable {
    public let id: UUID
    public let status: ComparisonStatus
    /// The account that started it; nil for one started on schedule.
    public let startedBy: String?
    public let startedAt: Date
    public let finishedAt: Date?
    /// The settings version its rules read.
    public let settingsVersion: Int
    /// The households in benefit when it started, and how many are compared so far.
    public let households: Int
    public let compared: Int
    /// Households whose findings changed since the previous comparison, so far: the re-verification list.
    public let rechecks: Int
    /// Why it was stopped, when it was.
    public let cancelReason: String?
}

/// What one rule finds in a household: its level and, for rules measuring an amount, the amount in fen.
public struct ComparisonFinding: Sendable, Codable, Hashable {
    public let level: RiskLevel
    public let amountFen: Int?
}

/// How one rule's finding in a household changed since the previous comparison.
public struct FindingChange: Sendable, Codable, Hashable {
    public let rule: AlertRuleID
    public let ruleName: String
    /// What the finding is about: the person, the year summed, or empty for the household.
    public let conditionKey: String
    /// Nil before for a new finding, nil after for one gone.
    public let before: ComparisonFinding?
    public let after: ComparisonFinding?
}

/// A household to visit again (入户复核) because its findings changed, with what changed.
public struct RecheckView: Sendable, Codable, Hashable {
    public let householdID: UUID
    public let gridCode: RegionCode
    public let address: String
    public let changes: [FindingChange]
}

/// Why a comparison cannot be started or read.
public enum ComparisonError: Error, Hashable, Sendable {
    /// One is running already; it goes on until done.
    case alreadyRunning(UUID)
    /// No comparison with this id.
    case notFound
    /// The comparison is not running (done or stopped already), so it cannot be stopped.
    case notRunning(ComparisonStatus)
}

/// The half-yearly full comparison (全量比对, seed 001): every household receiving a standing
/// benefit when it starts has every alert rule run again over its members' latest department
/// data; the households whose findings differ from the previous comparison's go on a
/// re-verification list (入户复核) per town, with what changed. It runs in chunks, each in one
/// transaction that also moves the cursor, so a crash or restart loses at most the chunk in flight
/// and any worker goes on from the cursor; an advisory lock and a unique index keep it to one at a time.
public struct FullComparison: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let clock: any WallClock
    /// Households compared per transaction.
    let chunkSize: Int

    /// Creates the comparison over `pool`; `clock` is "now" for starting and scheduling.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog, clock: any WallClock, chunkSize: Int = 2_000) {
        self.pool = pool
        self.catalog = catalog
        self.clock = clock
        self.chunkSize = chunkSize
    }

    /// The advisory lock a worker holds for each chunk's transaction.
    static let lockKey = 0x5AFE_C0DE

    /// Starts a comparison of the households receiving a standing benefit now, by `actor` (nil for
    /// the server); ``ComparisonError/alreadyRunning(_:)`` while one runs.
    public func start(by actor: Principal?) async throws -> ComparisonRunView {
        guard let id = try await begin(by: actor, onlyIfDue: false) else { throw ComparisonError.notFound }
        return try await run(id)
    }

    /// Starts a comparison when the last one started `comparison.intervalMonths` ago or more (or
    /// there was none), unless the setting is 0; returns whether it started one.
    public func startIfDue() async throws -> Bool {
        do {
            return try await begin(by: nil, onlyIfDue: true) != nil
        } catch ComparisonError.alreadyRunning {
            return false
        }
    }

    /// Inserts the run, its households and the batches it reads, in one transaction under the
    /// workers' lock: a chunk's commit is seen whole (the previous run is the one just done), and
    /// the schedule's due check and the settings are read in the same transaction as the start,
    /// from the database, so two processes never both find it due nor start on stale settings.
    /// Nil when `onlyIfDue` and it is not due.
    private func begin(by actor: Principal?, onlyIfDue: Bool) async throws -> UUID? {
        let id = UUID()
        let now = clock.now()
        do {
            return try await pool.transaction { connection -> UUID? in
                try connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                let settings = try SettingsStore.latest(on: connection, known: catalog)
                if onlyIfDue, !(try Self.isDue(every: settings.values.value(FullComparisonParameters.intervalMonths), now: now, on: connection)) {
                    return nil
                }
                try connection.query(
                    """
                    INSERT INTO comparison_run (id, status, started_by, started_at, settings_version, previous_run_id, households)
                    VALUES (\(id), 'running', \(actor?.id), \(now), \(settings.version),
                            (SELECT id FROM comparison_run WHERE status = 'done' ORDER BY started_at DESC LIMIT 1), 0)
                    """)
                try connection.query(
                    """
                    INSERT INTO comparison_batch (run_id, batch_id) SELECT \(id), b.id FROM feed_batch b WHERE b.status = 'done'
                    """)
                try connection.query(
                    """
                    WITH listed AS (
                        INSERT INTO comparison_household (run_id, household_id)
                        SELECT \(id), h.id FROM household h WHERE h.status = 'active' AND \(AlertRuleQuery.receiving(catalog.standingBenefits))
                        RETURNING 1)
                    UPDATE comparison_run SET households = (SELECT count(*) FROM listed) WHERE id = \(id)
                    """)
                try AuditLog.append(
                    AuditEntry(actor: actor, source: nil, action: "comparison.start", entity: "comparison", entityID: id.uuidString), on: connection)
                return id
            }
        } catch let error as PostgresError where error.serverError?.constraint == "comparison_one_running" {
            let running = try await pool.query("SELECT id FROM comparison_run WHERE status = 'running'").first
            throw ComparisonError.alreadyRunning(try running?.decode("id", as: UUID.self) ?? id)
        }
    }

    /// Whether a scheduled comparison is due at `now`: the interval is not 0 (by hand only) and no
    /// comparison started within it.
    private static func isDue(every months: Int, now: Date, on connection: PostgresConnection) throws -> Bool {
        guard months > 0 else { return false }
        return try connection.query(
            """
            SELECT NOT EXISTS (SELECT 1 FROM comparison_run WHERE started_at > \(now)::timestamptz - make_interval(months => \(months)::int)) AS due
            """)[0].decode("due")
    }

    /// Stops the running comparison `id` by hand, with `reason`: a comparison whose chunk keeps
    /// failing would otherwise hold every later one back. It waits for a chunk in flight to end;
    /// the findings so far stay, and a new comparison can be started at once.
    public func cancel(_ id: UUID, reason: String, by actor: Principal) async throws -> ComparisonRunView {
        let reason = try TextRule.required(reason, field: "reason", limit: .remark)
        let now = clock.now()
        try await pool.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            let status = try connection.query("SELECT status FROM comparison_run WHERE id = \(id) FOR UPDATE").first
                .required(or: ComparisonError.notFound).decode("status", as: ComparisonStatus.self)
            guard status == .running else { throw ComparisonError.notRunning(status) }
            try connection.query(
                "UPDATE comparison_run SET status = 'cancelled', finished_at = \(now), cancel_reason = \(reason) WHERE id = \(id)")
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: nil, action: "comparison.cancel", entity: "comparison", entityID: id.uuidString,
                    after: try PostgresJSON(encoding: ["reason": reason])),
                on: connection)
        }
        return try await run(id)
    }

    /// Compares the running comparison's households, a chunk per transaction, until it is done or
    /// `limit` chunks are compared; nil when none runs or another worker holds it now.
    @discardableResult
    public func work(chunks limit: Int = .max) async throws -> ComparisonRunView? {
        var run: UUID?
        for _ in 0..<limit {
            // A server stopping ends the work between chunks; the next start goes on from the cursor.
            try Task.checkCancellation()
            guard let step = try await pool.transaction({ connection in try compareNextChunk(on: connection) }) else { break }
            run = step.run
            if step.finished { break }
        }
        guard let run else { return nil }
        return try await self.run(run)
    }

    /// Compares the next chunk of the running comparison; nil when none runs or another worker holds the lock.
    private func compareNextChunk(on connection: PostgresConnection) throws -> (run: UUID, finished: Bool)? {
        guard try connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey)) AS mine")[0].decode("mine", as: Bool.self),
            let row = try connection.query(
                """
                SELECT id, cursor, settings_version, previous_run_id, started_at FROM comparison_run WHERE status = 'running' FOR UPDATE
                """
            ).first
        else { return nil }
        let run: UUID = try row.decode("id")
        let cursor = try row.decode("cursor", as: UUID?.self) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        try connection.query(
            """
            CREATE TEMP TABLE comparison_chunk ON COMMIT DROP AS
            SELECT household_id FROM comparison_household WHERE run_id = \(run) AND household_id > \(cursor)
            ORDER BY household_id LIMIT \(chunkSize)
            """)
        let settings = try SettingsStore.version(try row.decode("settings_version"), on: connection, known: catalog)
        // The rules read the batches and the day of the start, so a comparison resumed later finds what it would have then.
        let startedAt: Date = try row.decode("started_at")
        for rule in catalog.alertRules.values.sorted(by: { $0.id < $1.id }) {
            try connection.query(
                AlertRuleQuery(rule: rule, settings: settings, today: WorkingCalendar.day(of: startedAt)).findings(
                    run: run, households: "SELECT household_id FROM comparison_chunk"))
        }
        try connection.query(Self.recordRechecks(run: run, previous: try row.decode("previous_run_id", as: UUID?.self)))
        let compared = try connection.query(
            """
            UPDATE comparison_run SET compared = compared + (SELECT count(*) FROM comparison_chunk),
                   cursor = coalesce((SELECT household_id FROM comparison_chunk ORDER BY household_id DESC LIMIT 1), cursor)
            WHERE id = \(run) RETURNING (SELECT count(*) FROM comparison_chunk) AS n
            """)[0].decode("n", as: Int.self)
        guard compared < chunkSize else { return (run, false) }
        try connection.query("UPDATE comparison_run SET status = 'done', finished_at = \(clock.now()) WHERE id = \(run)")
        return (run, true)
    }

    /// The chunk's households whose findings differ in level from the previous run's (a finding
    /// new, gone, or at another level), with every such change; with no previous run, every finding is new.
    private static func recordRechecks(run: UUID, previous: UUID?) -> SQL {
        let wasFound: SQL = previous.map { "run_id = \($0)" } ?? "false"
        return """
            WITH chunk AS (SELECT household_id FROM comparison_chunk),
            now_found AS (SELECT * FROM comparison_finding WHERE run_id = \(run) AND household_id IN (SELECT household_id FROM chunk)),
            was_found AS (SELECT * FROM comparison_finding WHERE \(wasFound) AND household_id IN (SELECT household_id FROM chunk)),
            changed AS (
                SELECT coalesce(n.household_id, w.household_id) AS household_id, coalesce(n.rule_id, w.rule_id) AS rule_id,
                       coalesce(n.condition_key, w.condition_key) AS condition_key,
                       w.level AS before_level, w.amount_fen AS before_amount, n.level AS after_level, n.amount_fen AS after_amount
                FROM now_found n FULL JOIN was_found w
                  ON w.household_id = n.household_id AND w.rule_id = n.rule_id AND w.condition_key = n.condition_key
                WHERE n.level IS DISTINCT FROM w.level
            )
            INSERT INTO comparison_recheck (run_id, household_id, grid_code, changes)
            SELECT \(run), c.household_id, h.grid_code,
                   jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                       'rule', c.rule_id, 'conditionKey', c.condition_key, 'beforeLevel', c.before_level, 'beforeAmountFen', c.before_amount,
                       'afterLevel', c.after_level, 'afterAmountFen', c.after_amount)) ORDER BY c.rule_id, c.condition_key)
            FROM changed c JOIN household h ON h.id = c.household_id
            GROUP BY c.household_id, h.grid_code
            ON CONFLICT DO NOTHING
            """
    }

    /// The comparison with `id`.
    public func run(_ id: UUID) async throws -> ComparisonRunView {
        try await runs(where: "r.id = \(id)", limit: 1).first.required(or: ComparisonError.notFound)
    }

    /// The latest comparisons, newest first.
    public func runs(limit: Int) async throws -> [ComparisonRunView] {
        try await runs(where: "true", limit: limit)
    }

    private func runs(where condition: SQL, limit: Int) async throws -> [ComparisonRunView] {
        try await pool.query(
            """
            SELECT r.*, u.login,
                   (SELECT count(*) FROM comparison_recheck c JOIN household h ON h.id = c.household_id
                    WHERE c.run_id = r.id AND h.status = 'active') AS rechecks
            FROM comparison_run r LEFT JOIN app_user u ON u.id = r.started_by
            WHERE \(condition) ORDER BY r.started_at DESC LIMIT \(limit)
            """
        ).map { row in
            ComparisonRunView(
                id: try row.decode("id"), status: try row.decode("status"), startedBy: try row.decode("login", as: String?.self),
                startedAt: try row.decode("started_at"), finishedAt: try row.decode("finished_at", as: Date?.self),
                settingsVersion: try row.decode("settings_version"), households: try row.decode("households"),
                compared: try row.decode("compared"), rechecks: try row.decode("rechecks"),
                cancelReason: try row.decode("cancel_reason", as: String?.self))
        }
    }

    /// The re-verification list of comparison `run` in `region`, by grid then address: at most
    /// `limit`, after `offset`; for one department (`module`), only the changes of its rules.
    /// A household is listed in the grid it lives in now (one that moved goes to its new town),
    /// and not once closed.
    public func rechecks(of run: UUID, in region: RegionCode, module: ModuleID?, limit: Int, offset: Int) async throws -> [RecheckView] {
        let ofModule: SQL =
            module.map { "AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.changes) e WHERE e->>'rule' LIKE \($0.rawValue + ".%"))" } ?? ""
        return try await pool.query(
            """
            SELECT c.household_id, h.grid_code, h.address, c.changes::text AS changes
            FROM comparison_recheck c JOIN household h ON h.id = c.household_id
            WHERE c.run_id = \(run) AND h.status = 'active' AND h.grid_code LIKE \(region.scopePrefix) || '%' \(ofModule)
            ORDER BY h.grid_code, h.address, c.household_id LIMIT \(limit) OFFSET \(offset)
            """
        ).map { row in
            let stored = try JSONDecoder().decode([StoredChange].self, from: Data(try row.decode("changes", as: String.self).utf8))
            return RecheckView(
                householdID: try row.decode("household_id"), gridCode: try row.decode("grid_code"), address: try row.decode("address"),
                changes: stored.filter { change in module.map { change.rule.module == $0 } ?? true }.map { change in
                    FindingChange(
                        rule: change.rule, ruleName: catalog.alertRuleName(change.rule), conditionKey: change.conditionKey,
                        before: change.beforeLevel.map { ComparisonFinding(level: $0, amountFen: change.beforeAmountFen) },
                        after: change.afterLevel.map { ComparisonFinding(level: $0, amountFen: change.afterAmountFen) })
                })
        }
    }

    /// A change as the recheck row keeps it.
    private struct StoredChange: Decodable {
        let rule: AlertRuleID
        let conditionKey: String
        let beforeLevel: RiskLevel?
        let beforeAmountFen: Int?
        let afterLevel: RiskLevel?
        let afterAmountFen: Int?
    }
}
