import Foundation
import PostgresClient
import SafetyNetKernel

/// A recorded visit.
public struct VisitView: Sendable, Codable, Hashable {
    public let id: UUID
    public let householdID: UUID
    public let kind: VisitKind
    public let visitedAt: Date
    public let findings: String
    public let needs: [Need]
    public let recordedBy: String
}

/// A monitored or followed-up household's next visit.
public struct VisitDue: Sendable, Codable, Hashable {
    public let householdID: UUID
    public let gridCode: RegionCode
    public let address: String
    /// The ledger's risk level; nil for a household only followed up.
    public let riskLevel: RiskLevel?
    /// Why it is visited: monitoring, follow-up, or both (the earlier due time counts).
    public let reasons: [VisitReason]
    public let lastVisitAt: Date?
    public let dueAt: Date
    public let isOverdue: Bool
}

/// Visits and the list of visits due for monitored households.
public struct VisitStore: Sendable {
    let pool: ConnectionPool
    let policy: VisitPolicy

    /// Creates the store; `policy` sets the interval per risk level.
    public init(pool: ConnectionPool, policy: VisitPolicy = .standard) {
        self.pool = pool
        self.policy = policy
    }

    /// Records a visit and audits it inside the caller's transaction: an alert's verification, or
    /// ``AlertStore/recordVisit(_:by:source:)``, which verifies the alerts of a visit overdue it makes good.
    static func record(_ draft: VisitDraft, by actor: Principal, source: String?, on connection: PostgresConnection) throws -> VisitView {
        let view = VisitView(
            id: UUID(), householdID: draft.householdID, kind: draft.kind, visitedAt: draft.visitedAt,
            findings: draft.findings, needs: draft.needs, recordedBy: actor.name)
        try connection.query(
            """
            INSERT INTO visit (id, household_id, kind, visited_at, findings, needs, recorded_by)
            VALUES (\(view.id), \(view.householdID), \(view.kind), \(view.visitedAt), \(view.findings), \(view.needs.map(\.rawValue)),
                    \(actor.id))
            """)
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: source, action: "visit.record", entity: "visit", entityID: view.id.uuidString,
                after: try PostgresJSON(encoding: view)),
            on: connection)
        return view
    }

    /// Monitored and followed-up households in `region` whose next visit falls before `horizon`, most overdue first.
    public func due(in region: RegionCode, before horizon: Date, now: Date) async throws -> [VisitDue] {
        try await due(prefix: region.scopePrefix, narrow: [.grid, .village].contains(region.level), before: horizon, now: now)
    }

    /// Households on the ledger or followed up, anywhere, whose next visit fell due before `horizon`.
    func overdue(before horizon: Date, now: Date) async throws -> [VisitDue] {
        try await due(prefix: "", narrow: false, before: horizon, now: now)
    }

    /// Announces, once each, the visits that fall due within `lead` of `now` (a `visit.due` event
    /// to the grid's subscribers); returns how many were announced this time. Safe to run from
    /// several processes at once and again after a restart: the notice table remembers.
    @discardableResult
    public func announceDue(now: Date, lead: Duration = .seconds(86_400)) async throws -> Int {
        let due = try await due(prefix: "", narrow: false, before: now.addingTimeInterval(lead / .seconds(1)), now: now)
        guard !due.isEmpty else { return 0 }
        let rows = try await pool.query(
            """
            WITH due AS (
                SELECT * FROM unnest(\(due.map(\.householdID))::uuid[], \(due.map(\.dueAt))::timestamptz[],
                                     \(due.map(\.gridCode.value))::text[], \(due.map { $0.riskLevel?.rawValue ?? "" })::text[])
                              AS d (household_id, due_at, grid_code, risk_level)
            ), inserted AS (
                INSERT INTO visit_due_notice (household_id, due_at) SELECT household_id, due_at FROM due
                ON CONFLICT DO NOTHING RETURNING household_id, due_at
            )
            SELECT registry_event('visit.due', d.household_id, d.grid_code, NULL, nullif(d.risk_level, ''))
            FROM inserted i JOIN due d ON d.household_id = i.household_id AND d.due_at = i.due_at
            """)
        return rows.count  // one row per announcement
    }

    /// `narrow` (a grid or a village: a few hundred households) starts from the region's households
    /// and looks each up in the open monitoring and follow-up records; otherwise (a town, the
    /// district) it starts from those records, tens of thousands, and joins their households.
    /// Each way is the fast one for its size (a grid of a million-person district: 100 → 5 ms).
    private func due(prefix: String, narrow: Bool, before horizon: Date, now: Date) async throws -> [VisitDue] {
        let households: SQL =
            narrow
            ? "household h"
            : """
            (SELECT household_id FROM monitoring WHERE ended_at IS NULL
             UNION SELECT household_id FROM follow_up WHERE ended_at IS NULL) t JOIN household h ON h.id = t.household_id
            """
        let rows = try await pool.query(
            """
            SELECT h.id, h.grid_code, h.address, m.risk_level, m.started_at, f.interval_days, f.since,
                   (SELECT max(v.visited_at) FROM visit v WHERE v.household_id = h.id) AS last_visit
            FROM \(households)
            LEFT JOIN monitoring m ON m.household_id = h.id AND m.ended_at IS NULL
            LEFT JOIN LATERAL (SELECT min(visit_interval_days) AS interval_days, min(started_at) AS since
                               FROM follow_up WHERE household_id = h.id AND ended_at IS NULL) f ON true
            WHERE h.status = 'active' AND h.grid_code LIKE \(prefix) || '%'
              AND (m.id IS NOT NULL OR f.interval_days IS NOT NULL)
            """)
        return try rows.compactMap { row -> VisitDue? in
            let risk = try row.decode("risk_level", as: String?.self).flatMap(RiskLevel.init(rawValue:))
            let last = try row.decode("last_visit", as: Date?.self)
            var dues: [(VisitReason, Date)] = []
            if let risk { dues.append((.monitoring, policy.nextVisitDue(risk: risk, lastVisit: last, monitoredSince: try row.decode("started_at")))) }
            if let days = try row.decode("interval_days", as: Int?.self) {
                dues.append(
                    (.followUp, VisitPolicy.nextFollowUpVisitDue(intervalDays: days, lastVisit: last, followedSince: try row.decode("since"))))
            }
            guard let due = dues.map(\.1).min(), due < horizon else { return nil }
            return VisitDue(
                householdID: try row.decode("id"), gridCode: try row.decode("grid_code", as: RegionCode.self),
                address: try row.decode("address"), riskLevel: risk, reasons: dues.map(\.0), lastVisitAt: last, dueAt: due, isOverdue: due < now)
        }.sorted { ($0.dueAt, $0.householdID.uuidString) < ($1.dueAt, $1.householdID.uuidString) }
    }
}
