import Foundation
import PostgresClient
import SafetyNetKernel

/// Where a referral stands and whom it is addressed to: what an access check needs before a step.
public struct ReferralContext: Sendable, Hashable {
    public let id: UUID
    public let householdID: UUID
    public let gridCode: RegionCode
    public let need: Need
    public let address: ReferralAddress
    public let state: ReferralState
    public let sentBy: UUID
    /// The case the referral came from, or the case filed on its strength.
    public let caseID: UUID?

    var subject: ChainSubject {
        ChainSubject(householdID: householdID, gridCode: gridCode, module: address.module, caseID: caseID, referralID: id)
    }
}

/// Referrals (转介 / 转办单): sending a household's need to a department or level, its answer, and
/// re-addressing. Every write runs in one transaction with the answer limit in `deadline` and
/// an assistance event, which the push channel announces to both sides.
public struct ReferralStore: Sendable {
    let pool: ConnectionPool
    let catalog: AssistanceCatalog
    let calendar: CalendarBook
    let clock: any WallClock
    /// Whether a department's module is switched on: routing passes switched-off ones over.
    let isOn: @Sendable (ModuleID) -> Bool

    /// Creates the store; `clock` is "now" for every answer limit, and `isOn` tells which
    /// departments routing may pick (all of them unless given, as for the command line).
    public init(
        pool: ConnectionPool, catalog: AssistanceCatalog, calendar: CalendarBook, clock: any WallClock,
        isOn: @escaping @Sendable (ModuleID) -> Bool = { _ in true }
    ) {
        self.pool = pool
        self.catalog = catalog
        self.calendar = calendar
        self.clock = clock
        self.isOn = isOn
    }

    /// The check a caller passes before a step on a referral: throws to refuse.
    public typealias Authorize = @Sendable (ReferralContext) throws -> Void

    /// Sends a referral. `authorize` sees the household's grid before anything is written.
    public func send(_ draft: ReferralDraft, by actor: Principal, authorize: @Sendable @escaping (RegionCode) throws -> Void) async throws
        -> ReferralView
    {
        let id = try await pool.transaction { connection in try send(draft, by: actor, at: clock.now(), authorize: authorize, on: connection) }
        return try await view(id) { _ in }
    }

    /// Sends a referral inside the caller's transaction (a confirmed alert's, say): the referral,
    /// its answer limit, the chain step and the audit entry. Returns the referral's id.
    func send(
        _ draft: ReferralDraft, by actor: Principal, at now: Date, authorize: (RegionCode) throws -> Void, on connection: PostgresConnection
    ) throws -> UUID {
        if let module = draft.module, catalog.referralHandling[module] == nil {
            throw ReferralError.notAReferralDepartment(module, field: "module")
        }
        let address = catalog.address(for: draft.need, module: draft.module, level: draft.level, isOn: isOn)
        let id = UUID()
        let grid = try CaseStore.lockActiveHousehold(draft.householdID, on: connection)
        try authorize(grid)
        let originCase = try Self.checkOrigin(draft, on: connection)
        if let person = draft.personID, !(try CaseStore.members(of: draft.householdID, on: connection).contains { $0.personID == person }) {
            throw FieldError(field: "personID", code: "not_a_member", message: "this person is not an active member of the household")
        }
        var visitID: UUID?
        var itemID: UUID?
        switch draft.origin {
        case .visit(let visit): visitID = visit
        case .caseItem(let item): itemID = item
        case .manual: break
        }
        try connection.query(
            """
            INSERT INTO referral (id, household_id, grid_code, person_id, origin, origin_visit_id, origin_case_item_id, need, description,
                                  module_id, level, region_code, state, sent_by, sent_at, updated_at)
            VALUES (\(id), \(draft.householdID), \(grid), \(draft.personID), \(draft.origin.kind), \(visitID), \(itemID), \(draft.need),
                    \(draft.description), \(address.module), \(address.level), \(address.level.region(for: grid)), 'sent', \(actor.id),
                    \(now), \(now))
            """)
        let context = ReferralContext(
            id: id, householdID: draft.householdID, gridCode: grid, need: draft.need, address: address,
            state: .sent, sentBy: actor.id, caseID: originCase)
        try openAnswerLimit(context, from: now, on: connection)
        try AssistanceEvents.record(
            "referral.sent", context.subject, actor: actor, at: now,
            summary: "\(draft.need.chineseName)需求转办至\(describe(address))", on: connection)
        try AuditLog.append(
            AuditEntry(
                actor: actor, source: nil, action: "referral.send", entity: "referral", entityID: id.uuidString,
                after: try PostgresJSON(encoding: address)), on: connection)
        return id
    }

    /// Accepts, resolves, declines or hands back a referral. Every answer but acceptance meets the
    /// answer limit and goes back to the origin through the chain and the push channel.
    public func answer(_ id: UUID, _ answer: ReferralAnswerDraft, by actor: Principal, authorize: @escaping Authorize) async throws -> ReferralView {
        try await step(answer.action, referral: id, by: actor, authorize: authorize) { context, now, connection in
            if answer.action == .accept {
                try connection.query("UPDATE referral SET accepted_at = \(now) WHERE id = \(id)")
                return answer.text
            }
            try Self.recordAnswer(id, text: answer.text!, basis: answer.basis, by: actor, at: now, on: connection)
            return [answer.text, answer.basis.map { "（依据：\($0)）" }].compactMap { $0 }.joined()
        }
    }

    /// Sends a handed-back referral again, to another department or level, with a new answer limit.
    public func readdress(_ id: UUID, module: ModuleID?, level: HandlingLevel?, by actor: Principal, authorize: @escaping Authorize) async throws
        -> ReferralView
    {
        if let module, catalog.referralHandling[module] == nil { throw ReferralError.notAReferralDepartment(module, field: "module") }
        return try await step(.readdress, referral: id, by: actor, authorize: authorize) { context, now, connection in
            let address = catalog.address(for: context.need, module: module, level: level, isOn: isOn)
            _ = try move(context, to: address, at: now, on: connection)
            return "改转至\(describe(address))"
        }
    }

    /// The referral, after `authorize` passed on it.
    public func view(_ id: UUID, authorize: @escaping Authorize) async throws -> ReferralView {
        try await pool.withConnection { connection in
            try authorize(try context(id, lock: false, on: connection))
            return try ReferralReader(now: clock.now()).views(where: "r.id = \(id)", on: connection)[0]
        }
    }

    /// The household's referrals, newest first; a department officer sees those to the department and those they sent.
    public func referrals(ofHousehold household: UUID, visibleTo principal: Principal) async throws -> [ReferralView] {
        try await pool.withConnection { connection in
            let visible: SQL = principal.departmentFilter.map { "AND (r.module_id = \($0) OR r.sent_by = \(principal.id))" } ?? ""
            return try ReferralReader(now: clock.now()).views(
                where: "r.household_id = \(household) \(visible) ORDER BY r.sent_at DESC", on: connection)
        }
    }

    /// The open referrals the principal may answer, the earliest due first. The SQL narrows by
    /// level, region and department as `Principal.requireAnswer` does, so the limit never cuts
    /// the caller's own referrals off behind others'; the check itself then decides.
    public func inbox(of principal: Principal) async throws -> [ReferralView] {
        let levels = principal.answeringLevels.map(\.rawValue)
        let ofDepartment: SQL = principal.departmentFilter.map { "AND r.module_id = \($0)" } ?? ""
        let officeOnly = principal.role != .departmentOfficer && principal.role != .admin
        let ofOffice: SQL =
            officeOnly
            ? "AND (r.module_id IS NULL OR r.module_id = \(catalog.leadModule?.rawValue ?? "") OR r.level = 'district_lead')" : ""
        let candidates = try await pool.report { connection in
            try ReferralReader(now: clock.now()).views(
                where: """
                    r.state IN ('sent', 'accepted') AND r.level = ANY(\(levels)) AND r.region_code LIKE \(principal.scope.scopePrefix) || '%'
                    \(ofDepartment) \(ofOffice)
                    ORDER BY due_at NULLS LAST LIMIT 500
                    """,
                on: connection)
        }
        let lead = catalog.leadModule
        return candidates.filter { view in
            (try? principal.requireAnswer(to: ReferralAddress(module: view.module, level: view.level), grid: view.gridCode, leadModule: lead)) != nil
        }
    }

    /// What the principal sent, newest first, with the answers that came back: `limit` of them after the first `offset`.
    public func sent(by principal: Principal, limit: Int, offset: Int) async throws -> [ReferralView] {
        try await pool.withConnection { connection in
            try ReferralReader(now: clock.now()).views(
                where: "r.sent_by = \(principal.id) ORDER BY r.sent_at DESC, r.id LIMIT \(limit) OFFSET \(offset)", on: connection)
        }
    }

    /// The skeleton every step shares: lock, authorize, move the state, do the step's writes, record it.
    func step(
        _ action: ReferralAction, referral id: UUID, by actor: Principal, authorize: @escaping Authorize,
        body: @Sendable @escaping (ReferralContext, Date, PostgresConnection) throws -> String?
    ) async throws -> ReferralView {
        try await pool.transaction { connection in
            let context = try context(id, lock: true, on: connection)
            try authorize(context)
            guard let next = ReferralWorkflow.next(after: action, from: context.state) else {
                throw ReferralError.invalidTransition(action: action, state: context.state)
            }
            let now = clock.now()
            let note = try body(context, now, connection)
            try connection.query("UPDATE referral SET state = \(next), updated_at = \(now) WHERE id = \(id)")
            let summary =
                (action == .readdress ? action.chineseName : "\(describe(context.address))\(action.chineseName)")
                + (note.map { "——\($0)" } ?? "")
            try AssistanceEvents.record("referral.\(action.rawValue)", context.subject, actor: actor, at: now, summary: summary, on: connection)
        }
        return try await view(id) { _ in }
    }

    /// Writes the answer that goes back to the origin and meets the answer limit.
    static func recordAnswer(_ id: UUID, text: String, basis: String?, by actor: Principal, at now: Date, on connection: PostgresConnection) throws {
        try connection.query(
            """
            UPDATE referral SET answered_at = \(now), answered_by = \(actor.id), answer = \(text), basis = \(basis) WHERE id = \(id)
            """)
        try DeadlineLedger.close(.referral(id), at: now, outcome: .met, on: connection)
    }

    /// Sends the referral to `address` as a fresh one (no acceptance, no answer) with a new answer
    /// limit: what re-addressing and escalation both do. Returns the referral as it now stands.
    func move(_ context: ReferralContext, to address: ReferralAddress, at now: Date, on connection: PostgresConnection) throws -> ReferralContext {
        try connection.query(
            """
            UPDATE referral SET state = 'sent', module_id = \(address.module), level = \(address.level),
                                region_code = \(address.level.region(for: context.gridCode)), accepted_at = NULL, answered_at = NULL,
                                answered_by = NULL, answer = NULL, basis = NULL, updated_at = \(now)
            WHERE id = \(context.id)
            """)
        let moved = ReferralContext(
            id: context.id, householdID: context.householdID, gridCode: context.gridCode, need: context.need,
            address: address, state: .sent, sentBy: context.sentBy, caseID: context.caseID)
        try openAnswerLimit(moved, from: now, on: connection)
        return moved
    }

    func openAnswerLimit(_ context: ReferralContext, from start: Date, on connection: PostgresConnection) throws {
        let days = catalog.settings.value(ReferralParameters.answerWorkingDays)
        try DeadlineLedger.open(
            .referralAnswer, for: context.subject, from: start, limit: .workingDays(days), calendar: calendar.current, on: connection)
    }

    /// The addressee in words: the level's own office, e.g. 乡镇(街道), or a department at a level, e.g. 医疗保障（区级）.
    func describe(_ address: ReferralAddress) -> String {
        let level = address.level.chineseName
        return address.module.map { "\(catalog.departmentName($0))（\(level)）" } ?? level
    }

    /// SQL for the case a referral `r` concerns: the one filed on its answer, else the one it came from.
    static let caseIDExpression: SQL = "coalesce(r.case_id, (SELECT oi.case_id FROM case_item oi WHERE oi.id = r.origin_case_item_id))"

    func context(_ id: UUID, lock: Bool, on connection: PostgresConnection) throws -> ReferralContext {
        let locking: SQL = lock ? "FOR NO KEY UPDATE" : ""
        let rows = try connection.query(
            """
            SELECT r.household_id, r.grid_code, r.need, r.module_id, r.level, r.state, r.sent_by,
                   \(Self.caseIDExpression) AS case_id
            FROM referral r WHERE r.id = \(id) \(locking)
            """)
        guard let row = rows.first else { throw ReferralError.notFound }
        return ReferralContext(
            id: id, householdID: try row.decode("household_id"), gridCode: try row.decode("grid_code", as: RegionCode.self),
            need: try row.decode("need", as: Need.self),
            address: ReferralAddress(
                module: try row.decode("module_id", as: ModuleID?.self),
                level: try row.decode("level", as: HandlingLevel.self)),
            state: try row.decode("state", as: ReferralState.self), sentBy: try row.decode("sent_by"),
            caseID: try row.decode("case_id", as: UUID?.self))
    }

    /// Checks the visit or case item belongs to the household; returns the origin case's id.
    private static func checkOrigin(_ draft: ReferralDraft, on connection: PostgresConnection) throws -> UUID? {
        switch draft.origin {
        case .manual:
            return nil
        case .visit(let visit):
            guard try !connection.query("SELECT 1 FROM visit WHERE id = \(visit) AND household_id = \(draft.householdID)").isEmpty else {
                throw FieldError(field: "visitID", code: "not_found", message: "no visit with this id was made to the household")
            }
            return nil
        case .caseItem(let item):
            let rows = try connection.query(
                """
                SELECT c.id FROM case_item i JOIN assistance_case c ON c.id = i.case_id WHERE i.id = \(item) AND c.household_id = \(draft.householdID)
                """)
            guard let row = rows.first else {
                throw FieldError(field: "caseItemID", code: "not_found", message: "no case item with this id belongs to the household")
            }
            return try row.decode("id")
        }
    }
}
