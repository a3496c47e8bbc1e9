import Foundation
import PostgresClient
import SafetyNetKernel

/// One step of the chain: when, who, what.
public struct ChainEntry: Sendable, Codable, Hashable {
    public let at: Date
    public let stage: ChainStage
    /// The event's kind, e.g. `visit.home`, `referral.sent`, `case.approve`.
    public let kind: String
    /// The account that took the step, 系统 for the deadline service, or 历史台账导入 for imported visits.
    public let actor: String
    public let summary: String
    public let module: ModuleID?
    public let caseID: UUID?
    public let itemID: UUID?
    public let referralID: UUID?
    public let alertID: UUID?
}

/// A household's (or one member's) assistance chain, oldest step first.
public struct AssistanceChainView: Sendable, Codable, Hashable {
    public let householdID: UUID
    public let gridCode: RegionCode
    public let address: String
    /// The head of household's name.
    public let head: String?
    /// Set when the chain is one member's: household-wide steps and that member's own.
    public let personID: UUID?
    public let entries: [ChainEntry]
}

/// Reads the assistance chain (一户一条救助链) in one query: the ledger's risk changes, visits, and
/// every case, referral, joint-case and deadline event, each with its actor and time.
public struct ChainReader: Sendable {
    let pool: ConnectionPool

    /// Creates the reader.
    public init(pool: ConnectionPool) {
        self.pool = pool
    }

    /// The chain of `household`, or of one member when `person` is given; for a department officer
    /// (`module`) only that department's case, referral and deadline steps besides visits and risk changes. Nil for no such household.
    public func chain(household: UUID, person: UUID? = nil, module: ModuleID?) async throws -> AssistanceChainView? {
        try await pool.report { connection in
            let heads = try connection.query(
                """
                SELECT h.grid_code, h.address, p.name FROM household h LEFT JOIN person p ON p.household_id = h.id AND p.relation = 'head' AND p.status = 'active'
                WHERE h.id = \(household)
                """)
            guard let head = heads.first else { return nil }
            let entries = try connection.query(Self.timeline(household: household, module: module, person: person)).map(Self.entry)
            return AssistanceChainView(
                householdID: household, gridCode: try head.decode("grid_code", as: RegionCode.self), address: try head.decode("address"),
                head: try head.decode("name", as: String?.self), personID: person, entries: entries)
        }
    }

    /// One member's chain: the household's common steps and the member's own; nil for no such person.
    public func chain(ofPerson person: UUID, module: ModuleID?) async throws -> AssistanceChainView? {
        guard let row = try await pool.query("SELECT household_id FROM person WHERE id = \(person)").first else { return nil }
        return try await chain(household: try row.decode("household_id"), person: person, module: module)
    }

    /// Indexes that find a person's own steps wherever they lived, for the person's chain.
    static let personSteps = SchemaMigration(
        version: 16, name: "a person's own steps across households",
        sql: """
            CREATE INDEX case_item_person ON case_item (person_id) WHERE person_id IS NOT NULL;
            CREATE INDEX referral_person ON referral (person_id) WHERE person_id IS NOT NULL;
            CREATE INDEX assistance_event_item ON assistance_event (case_item_id) WHERE case_item_id IS NOT NULL;
            """)

    /// A household's whole monitoring history (ended periods too) for its chain: only the open
    /// period was indexed, so each chain scanned all of the district's monitoring (at a million
    /// persons: 10 of the chain's 14 ms).
    static let monitoringHistory = SchemaMigration(
        version: 19, name: "a household's monitoring history",
        sql: """
            CREATE INDEX monitoring_household ON monitoring (household_id);
            """)

    /// SQL naming the need code `n.code` in Chinese, e.g. 医疗 for `medical`.
    private static let needNames = ChineseNameSQL.naming("n.code", as: Need.self, \.chineseName)

    /// SQL naming the risk level in `column` in Chinese, e.g. 红色 for `red`.
    private static func levelName(_ column: String) -> SQL { ChineseNameSQL.naming(column, as: RiskLevel.self, \.chineseName) }

    /// The steps of `household`; for an officer of `module` only the registry's steps, its own
    /// department's, and the opening and conclusion of joint cases it contributes to; for `person`,
    /// the household's common steps and the member's own, including those from households the
    /// member lived in before.
    private static func timeline(household: UUID, module: ModuleID?, person: UUID?) -> SQL {
        let inModule: SQL =
            module.map { module in
                """
                AND (e.module_id = \(module)
                     OR (e.module_id IS NULL AND e.kind LIKE 'joint.%'
                         AND EXISTS (SELECT 1 FROM joint_contribution p WHERE p.case_id = e.case_id AND p.module_id = \(module))))
                """
            } ?? ""
        let ofPerson: SQL = person.map { "AND coalesce(i.person_id, r.person_id, \($0)) = \($0)" } ?? ""
        // A member's own steps from households they lived in before (they moved away and came back),
        // found from the member's items and referrals, never by scanning every other household's events.
        let ownModule: SQL = module.map { "AND e.module_id = \($0)" } ?? ""
        let earlierHouseholds: SQL =
            person.map { person in
                """
                UNION ALL
                SELECT e.at, e.kind, e.actor_name, e.summary, e.module_id, e.case_id, e.case_item_id, e.referral_id, e.alert_id, 3
                FROM assistance_event e
                WHERE e.household_id <> \(household) \(ownModule)
                  AND e.id IN (SELECT o.id FROM case_item i JOIN assistance_event o ON o.case_item_id = i.id WHERE i.person_id = \(person)
                               UNION
                               SELECT o.id FROM referral r JOIN assistance_event o ON o.referral_id = r.id WHERE r.person_id = \(person))
                """
            } ?? ""
        return """
            SELECT at, kind, actor, summary, module_id, case_id, case_item_id, referral_id, alert_id FROM (
                SELECT e.at, e.kind, e.actor_name AS actor, e.summary, e.module_id, e.case_id, e.case_item_id, e.referral_id, e.alert_id,
                       3 AS source
                FROM assistance_event e
                LEFT JOIN case_item i ON i.id = e.case_item_id
                LEFT JOIN referral r ON r.id = e.referral_id
                WHERE e.household_id = \(household) \(inModule) \(ofPerson)
                \(earlierHouseholds)
                UNION ALL
                SELECT v.visited_at, 'visit.' || v.kind, coalesce(u.login, '历史台账导入'),
                       v.findings || CASE WHEN cardinality(v.needs) = 0 THEN '' ELSE '（需求：' || (
                           SELECT string_agg(\(needNames), '、' ORDER BY n.ord) FROM unnest(v.needs) WITH ORDINALITY AS n(code, ord)) || '）' END,
                       NULL, NULL, NULL, NULL, NULL, 2
                FROM visit v LEFT JOIN app_user u ON u.id = v.recorded_by WHERE v.household_id = \(household)
                UNION ALL
                SELECT c.changed_at, CASE WHEN c.from_level IS NULL THEN 'monitoring.started' ELSE 'risk.changed' END, coalesce(u.login, '系统'),
                       CASE WHEN c.from_level IS NULL THEN '纳入监测，风险等级 ' || \(levelName("c.to_level"))
                            ELSE '风险等级 ' || \(levelName("c.from_level")) || ' → ' || \(levelName("c.to_level")) END || '：' || c.reason,
                       NULL, NULL, NULL, NULL, NULL, 1
                FROM monitoring m JOIN monitoring_risk_change c ON c.monitoring_id = m.id LEFT JOIN app_user u ON u.id = c.changed_by
                WHERE m.household_id = \(household)
                UNION ALL
                SELECT m.ended_at, 'monitoring.ended', coalesce(nullif(a.actor_login, 'system'), '系统'), '退出监测台账：' || m.ended_reason,
                       NULL, NULL, NULL, NULL, NULL, 1
                FROM monitoring m LEFT JOIN LATERAL (
                    SELECT actor_login FROM audit_log
                    WHERE entity = 'household' AND entity_id = \(household.uuidString) AND action = 'monitoring.end'
                    ORDER BY abs(extract(epoch FROM at - m.ended_at)) LIMIT 1) a ON true
                WHERE m.household_id = \(household) AND m.ended_at IS NOT NULL
            ) steps
            ORDER BY at, source, kind
            LIMIT 5000
            """
    }

    private static func entry(_ row: PostgresRow) throws -> ChainEntry {
        let kind: String = try row.decode("kind")
        return ChainEntry(
            at: try row.decode("at"), stage: ChainStage(kind: kind), kind: kind, actor: try row.decode("actor"), summary: try row.decode("summary"),
            module: try row.decode("module_id", as: ModuleID?.self), caseID: try row.decode("case_id", as: UUID?.self),
            itemID: try row.decode("case_item_id", as: UUID?.self), referralID: try row.decode("referral_id", as: UUID?.self),
            alertID: try row.decode("alert_id", as: UUID?.self))
    }
}
