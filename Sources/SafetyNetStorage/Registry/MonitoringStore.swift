import Foundation
import PostgresClient
import SafetyNetKernel

/// The monitoring ledger: putting households on it, changing their risk level, taking them off.
/// Each change is audited, and risk changes are kept with reason and actor.
public struct MonitoringStore: Sendable {
    let pool: ConnectionPool
    /// "Now" for every change, as for the rest of the chain.
    let clock: any WallClock

    /// Creates the store on `pool`.
    public init(pool: ConnectionPool, clock: any WallClock) {
        self.pool = pool
        self.clock = clock
    }

    /// Puts a household on the ledger; ``MonitoringError/alreadyMonitored`` when it is on it.
    public func start(_ draft: MonitoringDraft, household: UUID, by actor: Principal, source: String?) async throws -> MonitoringView {
        do {
            return try await pool.transaction { connection in
                try Self.start(draft, household: household, by: actor, source: source, at: clock.now(), on: connection)
            }
        } catch let error as PostgresError where error.serverError?.constraint == "monitoring_open_per_household" {
            throw MonitoringError.alreadyMonitored
        }
    }

    /// Changes the risk level of the household's open entry.
    public func changeRisk(_ change: RiskChange, household: UUID, by actor: Principal, source: String?) async throws -> MonitoringView {
        try await pool.transaction { connection in
            let before = try Self.openEntry(household, on: connection).required(or: MonitoringError.notMonitored)
            let after = try Self.change(
                before, categories: before.categories, to: change.riskLevel, reason: change.reason, by: actor, at: clock.now(), on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "monitoring.change_risk", entity: "household", entityID: household.uuidString,
                    before: try PostgresJSON(encoding: before), after: try PostgresJSON(encoding: RiskRecord(after: after, reason: change.reason))),
                on: connection)
            return after
        }
    }

    /// Records a confirmed finding inside the caller's transaction: adds `categories` to the open
    /// entry and raises its risk level to `level` when that is more urgent (never lowers it), or
    /// opens an entry at `level` when there is none and `categories` say why, at `instant`.
    /// Returns the entry as it now stands, nil when the household stays off the ledger.
    static func record(
        finding categories: [MonitoringCategory], level: RiskLevel, reason: String, household: UUID, by actor: Principal, at instant: Date,
        on connection: PostgresConnection
    ) throws -> MonitoringView? {
        guard let before = try openEntry(household, on: connection) else {
            guard !categories.isEmpty else { return nil }
            let draft = try MonitoringDraft(categories: categories, riskLevel: level, reason: reason)
            return try start(draft, household: household, by: actor, source: nil, at: instant, on: connection)
        }
        let widened = Array(Set(before.categories + categories)).sorted { $0.rawValue < $1.rawValue }
        let after = try change(
            before, categories: widened, to: min(before.riskLevel, level), reason: reason, by: actor, at: instant, on: connection)
        guard after != before else { return before }
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: nil, action: "monitoring.change_risk", entity: "household", entityID: household.uuidString,
                before: try PostgresJSON(encoding: before), after: try PostgresJSON(encoding: RiskRecord(after: after, reason: reason))),
            on: connection)
        return after
    }

    private static func start(
        _ draft: MonitoringDraft, household: UUID, by actor: Principal, source: String?, at instant: Date, on connection: PostgresConnection
    ) throws -> MonitoringView {
        let id = UUID()
        try connection.query(
            """
            INSERT INTO monitoring (id, household_id, categories, risk_level, reason, started_at)
            VALUES (\(id), \(household), \(draft.categories.map(\.rawValue)), \(draft.riskLevel), \(draft.reason), \(instant))
            """)
        try recordRisk(of: id, from: nil, to: draft.riskLevel, reason: draft.reason, by: actor, at: instant, on: connection)
        let view = MonitoringView(id: id, categories: draft.categories, riskLevel: draft.riskLevel, reason: draft.reason, since: instant)
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: source, action: "monitoring.start", entity: "household",
                entityID: household.uuidString, after: try PostgresJSON(encoding: view)), on: connection)
        return view
    }

    /// Sets the entry's categories and risk level; a new level is kept with its reason.
    private static func change(
        _ entry: MonitoringView, categories: [MonitoringCategory], to level: RiskLevel, reason: String, by actor: Principal, at instant: Date,
        on connection: PostgresConnection
    ) throws -> MonitoringView {
        let after = MonitoringView(id: entry.id, categories: categories, riskLevel: level, reason: entry.reason, since: entry.since)
        guard after != entry else { return entry }
        try connection.query(
            "UPDATE monitoring SET categories = \(categories.map(\.rawValue)), risk_level = \(level) WHERE id = \(entry.id)")
        if level != entry.riskLevel {
            try recordRisk(of: entry.id, from: entry.riskLevel, to: level, reason: reason, by: actor, at: instant, on: connection)
        }
        return after
    }

    private static func recordRisk(
        of entry: UUID, from: RiskLevel?, to: RiskLevel, reason: String, by actor: Principal, at instant: Date, on connection: PostgresConnection
    ) throws {
        try connection.query(
            """
            INSERT INTO monitoring_risk_change (id, monitoring_id, from_level, to_level, reason, changed_by, changed_at)
            VALUES (\(UUID()), \(entry), \(from), \(to), \(reason), \(actor.id), \(instant))
            """)
    }

    /// Takes the household off the ledger, keeping the entry as history.
    public func end(household: UUID, reason: String, by actor: Principal, source: String?) async throws {
        let reason = try TextRule.required(reason, field: "reason", limit: .remark)
        try await pool.transaction { connection in
            let before = try Self.openEntry(household, on: connection).required(or: MonitoringError.notMonitored)
            try connection.query("UPDATE monitoring SET ended_at = \(clock.now()), ended_reason = \(reason) WHERE id = \(before.id)")
            // An overdue visit is no longer a signal for a household off the ledger.
            try AlertStore.cancelOpen(
                where: "household_id = \(household) AND rule_id = \(VisitOverdueAlert.id)", reason: "已退出监测台账", on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "monitoring.end", entity: "household", entityID: household.uuidString,
                    before: try PostgresJSON(encoding: before), after: try PostgresJSON(encoding: ["endedReason": reason])), on: connection)
        }
    }

    private struct RiskRecord: Encodable {
        let after: MonitoringView
        let reason: String
    }

    /// The open entry, locked for the rest of the transaction; nil when there is none.
    private static func openEntry(_ household: UUID, on connection: PostgresConnection) throws -> MonitoringView? {
        let rows = try connection.query(
            """
            SELECT id, categories, risk_level, reason, started_at FROM monitoring
            WHERE household_id = \(household) AND ended_at IS NULL FOR UPDATE
            """)
        return try rows.first.map { try MonitoringView(row: $0, idColumn: "id") }
    }
}

/// Ledger errors a caller can act on.
public enum MonitoringError: Error, Equatable {
    /// The household already has an open entry: change its risk level instead.
    case alreadyMonitored
    /// The household has no open entry.
    case notMonitored
}

extension MonitoringView {
    /// Reads an entry from a row with `categories`, `risk_level`, `reason`, `started_at` and the id in `idColumn`.
    init(row: PostgresRow, idColumn: String) throws {
        self.init(
            id: try row.decode(idColumn),
            categories: try row.decode("categories", as: [String].self).compactMap(MonitoringCategory.init(rawValue:)),
            riskLevel: try row.decode("risk_level", as: RiskLevel.self), reason: try row.decode("reason"), since: try row.decode("started_at"))
    }
}
