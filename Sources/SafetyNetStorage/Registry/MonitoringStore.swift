import Foundation
import PostgresClient
import SafetyNetKernel

/// The monitoring ledger: putting households on it, changing their risk level, taking them off.
/// Each change is audited, and risk changes are kept with reason and actor.
public struct MonitoringStore: Sendable {
    let pool: ConnectionPool

    /// Creates the store on `pool`.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// Puts a household on the ledger; ``MonitoringError/alreadyMonitored`` when it is on it.
    public func start(_ draft: MonitoringDraft, household: UUID, by actor: Principal, source: String?) async throws -> MonitoringView {
        let id = UUID()
        do {
            return try await pool.transaction { connection in
                let rows = try connection.query(
                    """
                    INSERT INTO monitoring (id, household_id, categories, risk_level, reason) VALUES (\(id), \(household),
                                                                                                      \(draft.categories.map(\.rawValue)),
                                                                                                      \(draft.riskLevel), \(draft.reason))
                    RETURNING started_at
                    """)
                try connection.query(
                    """
                    INSERT INTO monitoring_risk_change (id, monitoring_id, from_level, to_level, reason, changed_by)
                    VALUES (\(UUID()), \(id), NULL, \(draft.riskLevel), \(draft.reason), \(actor.id))
                    """)
                let view = MonitoringView(
                    id: id, categories: draft.categories, riskLevel: draft.riskLevel, reason: draft.reason,
                    since: try rows[0].decode("started_at"))
                try AuditLog.append(
                    AuditEntry(
                        actor: actor, source: source, action: "monitoring.start", entity: "household",
                        entityID: household.uuidString, after: try PostgresJSON(encoding: view)), on: connection)
                return view
            }
        } catch let error as PostgresError where error.serverError?.constraint == "monitoring_open_per_household" {
            throw MonitoringError.alreadyMonitored
        }
    }

    /// Changes the risk level of the household's open entry.
    public func changeRisk(_ change: RiskChange, household: UUID, by actor: Principal, source: String?) async throws -> MonitoringView {
        try await pool.transaction { connection in
            let before = try Self.openEntry(household, on: connection)
            try connection.query("UPDATE monitoring SET risk_level = \(change.riskLevel) WHERE id = \(before.id)")
            try connection.query(
                """
                INSERT INTO monitoring_risk_change (id, monitoring_id, from_level, to_level, reason, changed_by)
                VALUES (\(UUID()), \(before.id), \(before.riskLevel), \(change.riskLevel), \(change.reason), \(actor.id))
                """)
            let after = MonitoringView(
                id: before.id, categories: before.categories, riskLevel: change.riskLevel,
                reason: before.reason, since: before.since)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "monitoring.change_risk", entity: "household", entityID: household.uuidString,
                    before: try PostgresJSON(encoding: before), after: try PostgresJSON(encoding: RiskRecord(after: after, reason: change.reason))),
                on: connection)
            return after
        }
    }

    /// Takes the household off the ledger, keeping the entry as history.
    public func end(household: UUID, reason: String, by actor: Principal, source: String?) async throws {
        let reason = try TextRule.required(reason, field: "reason", limit: .remark)
        try await pool.transaction { connection in
            let before = try Self.openEntry(household, on: connection)
            try connection.query("UPDATE monitoring SET ended_at = now(), ended_reason = \(reason) WHERE id = \(before.id)")
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

    /// The open entry, locked for the rest of the transaction.
    private static func openEntry(_ household: UUID, on connection: PostgresConnection) throws -> MonitoringView {
        let rows = try connection.query(
            """
            SELECT id, categories, risk_level, reason, started_at FROM monitoring
            WHERE household_id = \(household) AND ended_at IS NULL FOR UPDATE
            """)
        guard let row = rows.first else { throw MonitoringError.notMonitored }
        return try MonitoringView(row: row, idColumn: "id")
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
