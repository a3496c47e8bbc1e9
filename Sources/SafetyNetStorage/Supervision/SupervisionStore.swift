import Foundation
import PostgresClient
import SafetyNetKernel

/// The days a report covers, in China Standard Time.
public struct ReportPeriod: Sendable, Hashable {
    /// The first day counted.
    public let from: CalendarDate
    /// The last day counted.
    public let through: CalendarDate

    /// Validates: `from` not after `through`, at most ten years.
    public init(from: CalendarDate, through: CalendarDate) throws(FieldError) {
        guard from <= through else { throw FieldError(field: "from", code: "out_of_range", message: "from is after to") }
        guard through.daysSinceEpoch - from.daysSinceEpoch <= 3_660 else {
            throw FieldError(field: "to", code: "out_of_range", message: "a period is at most ten years")
        }
        self.from = from
        self.through = through
    }

    /// The first instant counted and the first one after.
    var instants: (Date, Date) { (WorkingCalendar.startOfDay(from), WorkingCalendar.startOfDay(through.adding(days: 1))) }
}

/// What the figures cover: a region, a period of application days, and optionally one
/// department or one assistance type.
public struct SupervisionQuery: Sendable, Hashable {
    public let region: RegionCode
    public let period: ReportPeriod
    public let module: ModuleID?
    public let type: AssistanceTypeID?

    /// Creates the query.
    public init(region: RegionCode, period: ReportPeriod, module: ModuleID?, type: AssistanceTypeID?) {
        self.region = region
        self.period = period
        self.module = module
        self.type = type
    }
}

/// One assistance type's figures over the period.
public struct TypeFigures: Sendable, Codable, Hashable {
    public let type: AssistanceTypeID
    public let module: ModuleID
    /// Items applied for in the period.
    public let applications: Int
    public let approvals: Int
    public let rejections: Int
    /// Decided or withdrawn, over applications (办结率); nil without applications.
    public let closureRate: Double?
    /// Paid in the period, whatever the application date, in fen.
    public let paidFen: Int
    /// Days from application to decision, for the items decided.
    public let averageHandlingDays: Double?
    public let p90HandlingDays: Double?
    /// Time used over time allowed on the decision and relief limits met: 1 is exactly at the limit.
    public let averageShareOfLimit: Double?
    public let p90ShareOfLimit: Double?
    /// The decision limit in force, e.g. "20 working days".
    public let decisionLimit: String
    /// Limits open and passed now.
    public let overdue: Int
    /// Limits met after they passed.
    public let metLate: Int
}

/// Referral figures per addressed department (nil for the levels' own offices).
public struct ReferralFigures: Sendable, Codable, Hashable {
    public let module: ModuleID?
    public let sent: Int
    public let answered: Int
    public let declined: Int
    public let escalations: Int
    /// Open, with the answer limit passed.
    public let overdue: Int
}

/// The supervision figures of a region and period.
public struct SupervisionFigures: Sendable, Codable, Hashable {
    public let region: RegionCode
    public let from: CalendarDate
    public let through: CalendarDate
    public let asOf: Date
    public let types: [TypeFigures]
    public let referrals: [ReferralFigures]
    /// Monitoring, alerts, discoveries and what followed; left out when one assistance type is asked for.
    public let earlyWarning: EarlyWarningFigures?
}

/// A limit open and passed, for the overdue list.
public struct OverdueLimit: Sendable, Codable, Hashable {
    public let kind: DeadlineKind
    public let dueAt: Date
    public let householdID: UUID
    public let gridCode: RegionCode
    public let module: ModuleID?
    public let caseID: UUID?
    public let itemID: UUID?
    public let referralID: UUID?
    public let alertID: UUID?
}

/// Supervision (督办): the figures per type and department, and the overdue list. Each is one
/// query over the region's grid prefix; the overdue list reads the open-deadline index only.
public struct SupervisionStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let clock: any WallClock

    /// Creates the store; `clock` is "now" for what is overdue.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog, clock: any WallClock) {
        self.pool = pool
        self.catalog = catalog
        self.clock = clock
    }

    /// The figures for `query`.
    public func figures(_ query: SupervisionQuery) async throws -> SupervisionFigures {
        let now = clock.now()
        let (start, end) = query.period.instants
        let scope = ReportScope(prefix: query.region.scopePrefix, start: start, end: end, module: query.module, type: query.type)
        return try await pool.report { connection in
            let types = try connection.query(Self.typeFigures(scope, now: now)).map(typeFigures)
            let referrals = query.type == nil ? try connection.query(Self.referralFigures(scope, now: now)).map(Self.referralFigures) : []
            let earlyWarning =
                query.type == nil ? try self.earlyWarning(scope, wholeDistrict: query.region.level == .district, now: now, on: connection) : nil
            return SupervisionFigures(
                region: query.region, from: query.period.from, through: query.period.through, asOf: now, types: types,
                referrals: referrals, earlyWarning: earlyWarning)
        }
    }

    /// The limits open and passed in `region` (of `module` only, when given), the longest overdue first.
    public func overdue(in region: RegionCode, module: ModuleID?, limit: Int = 500) async throws -> [OverdueLimit] {
        let ofModule: SQL = module.map { "AND d.module_id = \($0)" } ?? ""
        return try await pool.report { connection in
            try connection.query(
                """
                SELECT d.kind, d.due_at, d.household_id, d.grid_code, d.module_id, i.case_id, d.case_item_id, d.referral_id, d.alert_id
                FROM deadline d LEFT JOIN case_item i ON i.id = d.case_item_id
                WHERE d.met_at IS NULL AND d.due_at < \(clock.now()) AND d.grid_code LIKE \(region.scopePrefix) || '%' \(ofModule)
                ORDER BY d.due_at LIMIT \(limit)
                """
            ).map { row in
                OverdueLimit(
                    kind: try row.decode("kind", as: DeadlineKind.self), dueAt: try row.decode("due_at"), householdID: try row.decode("household_id"),
                    gridCode: try row.decode("grid_code", as: RegionCode.self),
                    module: try row.decode("module_id", as: ModuleID?.self), caseID: try row.decode("case_id", as: UUID?.self),
                    itemID: try row.decode("case_item_id", as: UUID?.self), referralID: try row.decode("referral_id", as: UUID?.self),
                    alertID: try row.decode("alert_id", as: UUID?.self))
            }
        }
    }

    /// Each assistance type's figures over the items applied for within `scope`; limits count as overdue at `now`.
    private static func typeFigures(_ scope: ReportScope, now: Date) -> SQL {
        """
        WITH items AS (
            SELECT i.id, i.assistance_type, i.module_id, i.state, i.amount_fen, i.rejection_reason, i.decided_at, i.closed_at, c.applied_at
            FROM case_item i JOIN assistance_case c ON c.id = i.case_id
            WHERE c.grid_code LIKE \(scope.prefix) || '%' AND c.applied_at >= \(scope.start) AND c.applied_at < \(scope.end) \(scope.items)
        ), limits AS (
            SELECT d.case_item_id,
                   count(*) FILTER (WHERE d.met_at IS NULL AND d.due_at < \(now)) AS overdue,
                   count(*) FILTER (WHERE d.outcome = 'met' AND d.met_at > d.due_at) AS met_late,
                   max(extract(epoch FROM d.met_at - d.started_at) / nullif(extract(epoch FROM d.due_at - d.started_at), 0))
                       FILTER (WHERE d.outcome = 'met' AND d.kind IN ('decision', 'relief')) AS share
            FROM deadline d JOIN items ON items.id = d.case_item_id GROUP BY d.case_item_id
        ), by_type AS (
            SELECT items.assistance_type, min(items.module_id) AS module_id, count(*) AS applications,
                   count(*) FILTER (WHERE amount_fen IS NOT NULL) AS approvals,
                   count(*) FILTER (WHERE rejection_reason IS NOT NULL) AS rejections,
                   count(*) FILTER (WHERE decided_at IS NOT NULL OR closed_at IS NOT NULL) AS concluded,
                   avg(extract(epoch FROM decided_at - applied_at)) / 86400 AS avg_days,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - applied_at)) / 86400 AS p90_days,
                   avg(limits.share) AS avg_share,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY limits.share) AS p90_share,
                   coalesce(sum(limits.overdue), 0)::bigint AS overdue, coalesce(sum(limits.met_late), 0)::bigint AS met_late
            FROM items LEFT JOIN limits ON limits.case_item_id = items.id GROUP BY items.assistance_type
        ), paid AS (
            SELECT i.assistance_type, min(i.module_id) AS module_id, sum(p.amount_fen)::bigint AS paid_fen
            FROM payment p JOIN case_item i ON i.id = p.case_item_id JOIN assistance_case c ON c.id = i.case_id
            WHERE p.paid_at >= \(scope.start) AND p.paid_at < \(scope.end) AND c.grid_code LIKE \(scope.prefix) || '%' \(scope.items)
            GROUP BY i.assistance_type
        )
        SELECT coalesce(t.assistance_type, p.assistance_type) AS assistance_type, coalesce(t.module_id, p.module_id) AS module_id,
               coalesce(t.applications, 0) AS applications, coalesce(t.approvals, 0) AS approvals, coalesce(t.rejections, 0) AS rejections,
               coalesce(t.concluded, 0) AS concluded, coalesce(p.paid_fen, 0) AS paid_fen, t.avg_days::float8 AS avg_days, t.p90_days::float8 AS p90_days,
               t.avg_share::float8 AS avg_share, t.p90_share::float8 AS p90_share,
               coalesce(t.overdue, 0) AS overdue, coalesce(t.met_late, 0) AS met_late
        FROM by_type t FULL JOIN paid p ON p.assistance_type = t.assistance_type
        ORDER BY 1
        """
    }

    /// The referrals sent within `scope`, by the department they are addressed to now; limits count as overdue at `now`.
    private static func referralFigures(_ scope: ReportScope, now: Date) -> SQL {
        """
        SELECT r.module_id, count(*) AS sent,
               count(*) FILTER (WHERE r.state IN ('resolved', 'declined')) AS answered,
               count(*) FILTER (WHERE r.state = 'declined') AS declined,
               coalesce(sum(escalated.n), 0)::bigint AS escalations,
               count(*) FILTER (WHERE r.state IN ('sent', 'accepted') AND EXISTS (
                   SELECT 1 FROM deadline d WHERE d.referral_id = r.id AND d.met_at IS NULL AND d.due_at < \(now))) AS overdue
        FROM referral r
        LEFT JOIN LATERAL (SELECT count(*) AS n FROM deadline e WHERE e.referral_id = r.id AND e.outcome = 'escalated') escalated ON true
        WHERE r.grid_code LIKE \(scope.prefix) || '%' AND r.sent_at >= \(scope.start) AND r.sent_at < \(scope.end) \(scope.referrals)
        GROUP BY r.module_id ORDER BY r.module_id NULLS FIRST
        """
    }

    private func typeFigures(_ row: PostgresRow) throws -> TypeFigures {
        let type = try row.decode("assistance_type", as: AssistanceTypeID.self)
        let applications: Int = try row.decode("applications")
        let concluded: Int = try row.decode("concluded")
        return TypeFigures(
            type: type, module: try row.decode("module_id", as: ModuleID.self), applications: applications,
            approvals: try row.decode("approvals"), rejections: try row.decode("rejections"),
            closureRate: applications == 0 ? nil : Double(concluded) / Double(applications), paidFen: try row.decode("paid_fen"),
            averageHandlingDays: try row.decode("avg_days", as: Double?.self), p90HandlingDays: try row.decode("p90_days", as: Double?.self),
            averageShareOfLimit: try row.decode("avg_share", as: Double?.self), p90ShareOfLimit: try row.decode("p90_share", as: Double?.self),
            decisionLimit: catalog.limits(for: type).decision.description,
            overdue: try row.decode("overdue"), metLate: try row.decode("met_late"))
    }

    private static func referralFigures(_ row: PostgresRow) throws -> ReferralFigures {
        ReferralFigures(
            module: try row.decode("module_id", as: ModuleID?.self), sent: try row.decode("sent"),
            answered: try row.decode("answered"), declined: try row.decode("declined"), escalations: try row.decode("escalations"),
            overdue: try row.decode("overdue"))
    }
}
