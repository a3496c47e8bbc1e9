import Foundation
import PostgresClient
import SafetyNetKernel

/// One alert as the town, the grid worker and the department see it.
public struct AlertView: Sendable, Codable, Hashable {
    public let id: UUID
    /// The rule that raised it, and its Chinese name.
    public let rule: AlertRuleID
    public let ruleName: String
    /// The department whose rule raised it; nil for the registry's own (a visit overdue).
    public let module: ModuleID?
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
    /// Where it is pressed for a look in the field: the village first, a level up each time the
    /// verification limit passes.
    public let handlingLevel: HandlingLevel
    /// When the open verification limit falls due; nil once verified.
    public let verifyBy: Date?
    /// When the limit to confirm or dismiss it falls due, once verified; nil once decided.
    public let decideBy: Date?
    /// The look in the field, once made.
    public let verification: AlertVerificationView?
    /// The confirmation or dismissal, once made.
    public let decision: AlertDecisionView?
    /// The application or referral the confirmation opened.
    public let caseID: UUID?
    public let referralID: UUID?
    public let raisedAt: Date
    /// When it was last raised to a level or changed.
    public let updatedAt: Date
}

/// An alert's look in the field (入户核实): when, by whom, the visit recorded, what was found.
public struct AlertVerificationView: Sendable, Codable, Hashable {
    public let at: Date
    public let by: String
    public let visitID: UUID
    public let findings: String
}

/// An alert's confirmation or dismissal: when, by whom, and the note or the reason.
public struct AlertDecisionView: Sendable, Codable, Hashable {
    public let at: Date
    /// Who decided: the account's name, or 系统 for an alert the system closed.
    public let by: String
    public let note: String
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

/// The alerts the rules raised, and their life: verification in the field, then confirmation
/// (the ledger, and the application or referral the rule calls for) or dismissal. Every step runs
/// in one transaction with its limit, its chain step (which the push channel announces) and its
/// audit entry.
public struct AlertStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let clock: any WallClock
    /// Where a confirmation files the application or sends the referral the rule calls for.
    let cases: CaseStore
    let referrals: ReferralStore

    /// Creates the store over the stores a confirmation opens help in; `clock` is "now" for every step.
    public init(cases: CaseStore, referrals: ReferralStore) {
        self.pool = cases.pool
        self.catalog = cases.catalog
        self.clock = cases.clock
        self.cases = cases
        self.referrals = referrals
    }

    /// The alerts `filter` selects, most urgent first, then newest: at most `limit`, after `offset`.
    public func list(_ filter: AlertFilter, limit: Int, offset: Int) async throws -> [AlertView] {
        var conditions: [SQL] = ["a.grid_code LIKE \(filter.scope.scopePrefix) || '%'"]
        if let module = filter.module { conditions.append("a.module_id = \(module)") }
        if let status = filter.status { conditions.append("a.status = \(status)") }
        if let level = filter.level { conditions.append("a.level = \(level)") }
        if let rule = filter.rule { conditions.append("a.rule_id = \(rule)") }
        if let household = filter.household { conditions.append("a.household_id = \(household)") }
        return try await pool.query(
            """
            SELECT \(Self.columns) FROM \(Self.source) WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.level_rank, a.updated_at DESC, a.id LIMIT \(limit) OFFSET \(offset)
            """
        ).map(view)
    }

    /// The alert with `id`, or nil.
    public func alert(_ id: UUID) async throws -> AlertView? {
        try await pool.query("SELECT \(Self.columns) FROM \(Self.source) WHERE a.id = \(id)").first.map(view)
    }

    /// The alert with `id`, locked against other steps for the rest of the transaction.
    func locked(_ id: UUID, on connection: PostgresConnection) throws -> AlertView {
        try connection.query("SELECT \(Self.columns) FROM \(Self.source) WHERE a.id = \(id) FOR NO KEY UPDATE OF a")
            .first.map(view).required(or: AlertError.notFound)
    }

    static let source: SQL = "alert a LEFT JOIN app_user vu ON vu.id = a.verified_by LEFT JOIN app_user du ON du.id = a.decided_by"

    static let columns: SQL = """
        a.id, a.rule_id, a.module_id, a.household_id, a.person_id, a.grid_code, a.condition_key, a.level, a.raised_level, a.amount_fen,
        a.threshold_fen, (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each_text(a.facts)) AS facts,
        a.settings_version, a.batch_id, a.row_number, a.status, a.handling_level,
        (SELECT min(d.due_at) FROM deadline d WHERE d.alert_id = a.id AND d.met_at IS NULL AND d.kind = 'alert_verification') AS verify_by,
        (SELECT min(d.due_at) FROM deadline d WHERE d.alert_id = a.id AND d.met_at IS NULL AND d.kind = 'alert_decision') AS decide_by,
        a.verified_at, vu.display_name AS verified_by_name, a.visit_id, a.findings,
        a.decided_at, coalesce(du.display_name, '系统') AS decided_by_name, a.decision_note, a.case_id, a.referral_id, a.raised_at, a.updated_at
        """

    private func view(_ row: PostgresRow) throws -> AlertView {
        let rules = catalog.alertRules
        let rule: AlertRuleID = try row.decode("rule_id")
        let key: String = try row.decode("condition_key")
        return AlertView(
            id: try row.decode("id"), rule: rule, ruleName: catalog.alertRuleName(rule), module: try row.decode("module_id", as: ModuleID?.self),
            householdID: try row.decode("household_id"), personID: try row.decode("person_id", as: UUID?.self),
            gridCode: try row.decode("grid_code"), level: try row.decode("level"), raisedLevel: try row.decode("raised_level"),
            amountFen: try row.decode("amount_fen", as: Int?.self), thresholdFen: try row.decode("threshold_fen", as: Int?.self),
            year: rules[rule]?.measure.conditionScope == .year ? Int(key) : nil,
            facts: try row.decode("facts", as: PostgresJSON.self).decode([String: String].self),
            settingsVersion: try row.decode("settings_version"), batchID: try row.decode("batch_id", as: UUID?.self),
            row: try row.decode("row_number", as: Int?.self), status: try row.decode("status"),
            handlingLevel: try row.decode("handling_level"), verifyBy: try row.decode("verify_by", as: Date?.self),
            decideBy: try row.decode("decide_by", as: Date?.self),
            verification: try row.decode("verified_at", as: Date?.self).map { at in
                AlertVerificationView(
                    at: at, by: try row.decode("verified_by_name"), visitID: try row.decode("visit_id"), findings: try row.decode("findings"))
            },
            decision: try row.decode("decided_at", as: Date?.self).map { at in
                AlertDecisionView(at: at, by: try row.decode("decided_by_name"), note: try row.decode("decision_note"))
            },
            caseID: try row.decode("case_id", as: UUID?.self), referralID: try row.decode("referral_id", as: UUID?.self),
            raisedAt: try row.decode("raised_at"), updatedAt: try row.decode("updated_at"))
    }
}
