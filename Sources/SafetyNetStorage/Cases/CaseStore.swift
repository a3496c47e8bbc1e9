import Foundation
import PostgresClient
import SafetyNetKernel

/// Where a case item lives and who owns it: what an access check needs before a step is taken.
public struct CaseItemContext: Sendable, Hashable {
    public let itemID: UUID
    public let caseID: UUID
    public let householdID: UUID
    public let gridCode: RegionCode
    public let type: AssistanceTypeID
    public let module: ModuleID
    public let decisionLevel: DecisionLevel
    /// Where the item stands.
    public let state: CaseItemState
    /// Whether it is on an urgent path (relief first).
    public let urgent: Bool
}

/// Cases (救助申请) and their per-type items: filing, the steps of review, decisions, payments
/// and follow-up. Every write runs in one transaction with its deadlines, its assistance event
/// (which the push channel announces) and, for decisions and payments, its audit entry.
public struct CaseStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let calendar: CalendarBook
    let clock: any WallClock

    /// Creates the store; `clock` is "now" for every time limit.
    public init(pool: ConnectionPool, catalog: AssistanceCatalog, calendar: CalendarBook, clock: any WallClock) {
        self.pool = pool
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
    }

    /// Files an application. `authorize` sees the household's grid before anything is written.
    public func apply(
        _ draft: CaseDraft, by actor: Principal, source: String?, authorize: @Sendable @escaping (RegionCode) throws -> Void
    ) async throws -> CaseView {
        let caseID = try await pool.transaction { connection in
            try file(draft, by: actor, source: source, at: clock.now(), authorize: authorize, on: connection)
        }
        return try await view(caseID, visibleTo: nil).required(or: CaseError.notFound)
    }

    /// Files an application inside the caller's transaction (a confirmed alert's, say): the case,
    /// its items with their urgent limits, the chain steps and the audit entry. Returns the case's id.
    func file(
        _ draft: CaseDraft, by actor: Principal, source: String?, at now: Date, authorize: (RegionCode) throws -> Void,
        on connection: PostgresConnection
    ) throws -> UUID {
        let types = try draft.items.enumerated().map { index, item in try registeredType(item, field: "items[\(index)]") }
        let caseID = UUID()
        let calendar = self.calendar.current
        let grid = try Self.lockActiveHousehold(draft.householdID, on: connection)
        try authorize(grid)
        let members = try Self.members(of: draft.householdID, on: connection)
        try Self.checkPersons(draft, members: members)
        try connection.query(
            """
            INSERT INTO assistance_case (id, household_id, grid_code, applicant_person_id, filed_by, on_behalf, urgency,
                                         description, facts, claim, applied_at)
            VALUES (\(caseID), \(draft.householdID), \(grid), \(draft.applicantPersonID), \(actor.id), \(draft.onBehalf),
                    \(draft.urgency), \(draft.description), \(try PostgresJSON(encoding: draft.facts)),
                    \(try PostgresJSON(encoding: draft.claim)), \(now))
            """)
        for (item, type) in zip(draft.items, types) {
            let urgent = draft.urgency != .normal && type.allowsUrgentRelief
            let context = CaseItemContext(
                itemID: UUID(), caseID: caseID, householdID: draft.householdID, gridCode: grid,
                type: type.id, module: type.id.module, decisionLevel: type.decisionLevel,
                state: .applied, urgent: urgent)
            try connection.query(
                """
                INSERT INTO case_item (id, case_id, assistance_type, module_id, person_id, state, urgent, updated_at)
                VALUES (\(context.itemID), \(caseID), \(type.id), \(type.id.module), \(item.personID), 'applied', \(urgent), \(now))
                """)
            if urgent {
                let limits = catalog.limits(for: type.id)
                let relief = draft.urgency == .critical ? limits.criticalRelief : limits.emergencyRelief
                try DeadlineLedger.open(.relief, for: context.subject, from: now, limit: relief, calendar: calendar, on: connection)
            }
            let who = draft.onBehalf ? "\(actor.name)代居民提出申请" : "申请由\(actor.name)提交"
            try AssistanceEvents.record(
                "case.applied", context.subject, actor: actor, at: now,
                summary: "\(type.chineseName)：\(who)", on: connection)
        }
        if let referral = draft.referralID {
            try Self.link(referral, to: caseID, household: draft.householdID, grid: grid, by: actor, at: now, on: connection)
        }
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: source, action: "case.apply", entity: "case", entityID: caseID.uuidString,
                after: try PostgresJSON(encoding: draft.items.map(\.type))), on: connection)
        return caseID
    }

    /// The case with the items of `module` (all items when nil); nil when there is none to see.
    public func view(_ id: UUID, visibleTo module: ModuleID?) async throws -> CaseView? {
        try await pool.withConnection { connection in try CaseReader(catalog: catalog, now: clock.now()).view(id, module: module, on: connection) }
    }

    /// The household's cases, newest first, with the items of `module` (all when nil).
    public func cases(ofHousehold household: UUID, visibleTo module: ModuleID?) async throws -> [CaseView] {
        try await pool.withConnection { connection in
            let ids = try connection.query("SELECT id FROM assistance_case WHERE household_id = \(household) ORDER BY applied_at DESC")
            let reader = CaseReader(catalog: catalog, now: clock.now())
            return try ids.compactMap { try reader.view(try $0.decode("id"), module: module, on: connection) }
        }
    }

    /// Where an item already read lives, for deciding which steps to offer on it.
    public func context(of item: CaseItemView, in view: CaseView) -> CaseItemContext {
        CaseItemContext(
            itemID: item.id, caseID: view.id, householdID: view.householdID, gridCode: view.gridCode, type: item.type, module: item.module,
            decisionLevel: decisionLevel(of: item.type), state: item.state, urgent: item.urgent)
    }

    /// The level that decides `type`; the district for a type no linked module registers.
    private func decisionLevel(of type: AssistanceTypeID) -> DecisionLevel {
        catalog.type(type)?.decisionLevel ?? .district
    }

    /// Where an item lives, for an access check before reading it.
    public func context(ofItem id: UUID) async throws -> CaseItemContext {
        try await pool.withConnection { connection in try itemContext(id, lock: false, on: connection) }
    }

    private func registeredType(_ item: CaseDraft.Item, field: String) throws -> any AssistanceType {
        guard let type = catalog.type(item.type) else { throw CaseError.unknownType(item.type, field: "\(field).type") }
        guard (type.subject == .person) == (item.personID != nil) else { throw CaseError.subjectMismatch(item.type, field: "\(field).personID") }
        return type
    }

    /// Points the referral at the case filed on its strength, and records that in the chain.
    private static func link(
        _ referral: UUID, to caseID: UUID, household: UUID, grid: RegionCode, by actor: Principal, at now: Date,
        on connection: PostgresConnection
    ) throws {
        let rows = try connection.query(
            """
            UPDATE referral SET case_id = \(caseID),
                                updated_at = \(now) WHERE id = \(referral) AND household_id = \(household) AND case_id IS NULL RETURNING module_id
            """)
        guard let row = rows.first else {
            throw FieldError(field: "referralID", code: "not_linkable", message: "no referral of this household without a case has this id")
        }
        let module = try row.decode("module_id", as: ModuleID?.self)
        let subject = ChainSubject(householdID: household, gridCode: grid, module: module, caseID: caseID, referralID: referral)
        try AssistanceEvents.record("referral.case_filed", subject, actor: actor, at: now, summary: "已依据本转办单提出救助申请", on: connection)
    }

    private static func checkPersons(_ draft: CaseDraft, members: [MemberFacts]) throws {
        let ids = Set(members.map(\.personID))
        for (index, item) in draft.items.enumerated() where item.personID.map({ !ids.contains($0) }) ?? false {
            throw FieldError(field: "items[\(index)].personID", code: "not_a_member", message: "this person is not an active member of the household")
        }
        if let applicant = draft.applicantPersonID, !ids.contains(applicant) {
            throw FieldError(field: "applicantPersonID", code: "not_a_member", message: "the applicant must be an active member of the household")
        }
        try draft.facts.validate(against: members)
    }

    /// Locks the household named by a request's `householdID` against closing and returns its
    /// grid; an unknown id is a field error, a closed household `RegistryError.closed`.
    static func lockActiveHousehold(_ id: UUID, on connection: PostgresConnection) throws -> RegionCode {
        let rows = try connection.query("SELECT grid_code, status FROM household WHERE id = \(id) FOR SHARE")
        // The id comes from the request body, not the path: a field the caller got wrong, not a missing page.
        guard let row = rows.first else { throw FieldError(field: "householdID", code: "unknown_household", message: "no household with this id") }
        guard try row.decode("status", as: String.self) == "active" else { throw RegistryError.closed }
        return try row.decode("grid_code", as: RegionCode.self)
    }

    /// The active members as the rules see them, from the registry.
    static func members(of household: UUID, on connection: PostgresConnection) throws -> [MemberFacts] {
        try connection.query(
            """
            SELECT id, birth_date::text AS birth_date, sex, monthly_income_fen, disability_grade, disability_category
            FROM person WHERE household_id = \(household) AND status = 'active' ORDER BY created_at, id
            """
        ).map { row in
            MemberFacts(
                personID: try row.decode("id"), birthDate: try row.decode("birth_date", as: CalendarDate.self),
                sex: try row.decode("sex", as: ResidentIDNumber.Sex.self), monthlyIncomeFen: try row.decode("monthly_income_fen", as: Int?.self),
                disability: try Disability.decode(row))
        }
    }

    func itemContext(_ id: UUID, lock: Bool, on connection: PostgresConnection) throws -> CaseItemContext {
        let locking: SQL = lock ? "FOR NO KEY UPDATE OF i" : ""
        let rows = try connection.query(
            """
            SELECT i.case_id, c.household_id, c.grid_code, i.assistance_type, i.state, i.urgent
            FROM case_item i JOIN assistance_case c ON c.id = i.case_id
            WHERE i.id = \(id) \(locking)
            """)
        guard let row = rows.first else { throw CaseError.notFound }
        let typeID = try row.decode("assistance_type", as: AssistanceTypeID.self)
        return CaseItemContext(
            itemID: id, caseID: try row.decode("case_id"), householdID: try row.decode("household_id"),
            gridCode: try row.decode("grid_code", as: RegionCode.self), type: typeID, module: typeID.module,
            decisionLevel: decisionLevel(of: typeID), state: try row.decode("state", as: CaseItemState.self),
            urgent: try row.decode("urgent"))
    }
}
