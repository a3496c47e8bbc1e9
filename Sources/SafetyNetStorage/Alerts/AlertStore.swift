import Foundation
import PostgresClient
import SafetyNetKernel

/// Where an alert stands.
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    /// Raised and pushed to the town and the grid; waiting for a look in the field.
    case raised
    /// Looked at in the field; waiting to be confirmed or dismissed.
    case verified
    /// Confirmed: help followed.
    case confirmed
    /// Dismissed with a reason.
    case dismissed
}

/// One alert as the town, the grid worker and the department see it.
public struct AlertView: Sendable, Codable, Hashable {
    public let id: UUID
    /// The rule that raised it, and its Chinese name.
    public let rule: AlertRuleID
    public let ruleName: String
    public let module: ModuleID
    public let householdID: UUID
    /// The person the row named, for rules about a person.
    public let personID: UUID?
    public let gridCode: RegionCode
    /// Its level now, and the level it was first raised at.
    public let level: RiskLevel
    public let raisedLevel: RiskLevel
    /// For rules measuring an amount: the amount in fen and the threshold it went over.
    public let amountFen: Int?
    public let thresholdFen: Int?
    /// The calendar year summed, for rules over a year's total.
    public let year: Int?
    /// The values of the row that raised it (or last raised its level), as the feed stored them:
    /// dates `2026-03-01`, amounts in fen, choices by code.
    public let facts: [String: String]
    /// The district settings version its level was measured under.
    public let settingsVersion: Int
    /// The batch and row that raised it (or last raised its level).
    public let batchID: UUID?
    public let row: Int?
    public let status: AlertStatus
    public let raisedAt: Date
    /// When it was last raised to a level or changed.
    public let updatedAt: Date
}

/// What a list of alerts is narrowed to.
public struct AlertFilter: Sendable, Hashable {
    /// The caller's region: only alerts of households in it.
    public var scope: RegionCode
    /// One department's rules only.
    public var module: ModuleID?
    public var status: AlertStatus?
    public var level: RiskLevel?
    public var rule: AlertRuleID?
    public var household: UUID?

    /// A filter over `scope` alone.
    public init(scope: RegionCode) { self.scope = scope }
}

/// Reads the alerts the rules raised.
public struct AlertStore: Sendable {
    let pool: ConnectionPool

    /// Creates the store.
    public init(pool: ConnectionPool) { self.pool = pool }

    /// The alerts `filter` selects, most urgent first, then newest: at most `limit`, after `offset`.
    public func list(_ filter: AlertFilter, rules: [AlertRuleID: AlertRule], limit: Int, offset: Int) async throws -> [AlertView] {
        var conditions: [SQL] = ["a.grid_code LIKE \(filter.scope.scopePrefix) || '%'"]
        if let module = filter.module { conditions.append("a.module_id = \(module)") }
        if let status = filter.status { conditions.append("a.status = \(status)") }
        if let level = filter.level { conditions.append("a.level = \(level)") }
        if let rule = filter.rule { conditions.append("a.rule_id = \(rule)") }
        if let household = filter.household { conditions.append("a.household_id = \(household)") }
        return try await pool.query(
            """
            SELECT \(Self.columns) FROM alert a WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.level_rank, a.updated_at DESC, a.id LIMIT \(limit) OFFSET \(offset)
            """
        ).map { try Self.view($0, rules: rules) }
    }

    /// The alert with `id`, or nil.
    public func alert(_ id: UUID, rules: [AlertRuleID: AlertRule]) async throws -> AlertView? {
        try await pool.query("SELECT \(Self.columns) FROM alert a WHERE a.id = \(id)").first.map { try Self.view($0, rules: rules) }
    }

    static let columns: SQL = """
        a.id, a.rule_id, a.module_id, a.household_id, a.person_id, a.grid_code, a.condition_key, a.level, a.raised_level, a.amount_fen,
        a.threshold_fen, (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each_text(a.facts)) AS facts,
        a.settings_version, a.batch_id, a.row_number, a.status, a.raised_at, a.updated_at
        """

    private static func view(_ row: PostgresRow, rules: [AlertRuleID: AlertRule]) throws -> AlertView {
        let rule: AlertRuleID = try row.decode("rule_id")
        let key: String = try row.decode("condition_key")
        return AlertView(
            id: try row.decode("id"), rule: rule, ruleName: rules[rule]?.chineseName ?? rule.rawValue, module: try row.decode("module_id"),
            householdID: try row.decode("household_id"), personID: try row.decode("person_id", as: UUID?.self),
            gridCode: try row.decode("grid_code"), level: try row.decode("level"), raisedLevel: try row.decode("raised_level"),
            amountFen: try row.decode("amount_fen", as: Int?.self), thresholdFen: try row.decode("threshold_fen", as: Int?.self),
            year: rules[rule]?.measure.conditionScope == .year ? Int(key) : nil,
            facts: try row.decode("facts", as: PostgresJSON.self).decode([String: String].self),
            settingsVersion: try row.decode("settings_version"), batchID: try row.decode("batch_id", as: UUID?.self),
            row: try row.decode("row_number", as: Int?.self), status: try row.decode("status"), raisedAt: try row.decode("raised_at"),
            updatedAt: try row.decode("updated_at"))
    }
}
