import Foundation
import PostgresClient
import SafetyNetKernel

/// A project with what is left of its places and fund.
public struct ProjectView: Sendable, Codable, Hashable {
    public let id: UUID
    public let module: ModuleID
    public let name: String
    public let description: String
    public let needs: [Need]
    public let region: RegionCode
    public let capacity: Int
    public let placesTaken: Int
    public let fundsFen: Int
    public let fundsCommittedFen: Int
    public let openUntil: CalendarDate?
}

/// What matching a referral to a project refuses.
public enum ProjectError: Error, Hashable, Sendable {
    /// No project with this id.
    case notFound
    /// The project belongs to another department than the referral's addressee.
    case otherDepartment(ModuleID)
    /// The project does not meet this need or serve this household's region.
    case doesNotFit(String)
    /// Past its last day.
    case closed(CalendarDate)
    /// Every place is taken.
    case full
    /// The amount is more than what is left of the fund.
    case notEnoughFunds(remainingFen: Int)
}

/// Projects (charity's 慈善项目 and the like): created by their department, listed with what is
/// left, and matched to referred needs. A match takes a place and commits funds in the same
/// transaction that answers the referral; the table's checks refuse any over-commitment.
public struct ProjectStore: Sendable {
    let referrals: ReferralStore
    var pool: ConnectionPool { referrals.pool }

    /// Creates the store over the referral store's database and clock.
    public init(referrals: ReferralStore) {
        self.referrals = referrals
    }

    /// Creates a project.
    public func create(_ draft: ProjectDraft, by actor: Principal) async throws -> ProjectView {
        guard referrals.catalog.departments.contains(draft.module) else {
            throw FieldError(field: "module", code: "unknown_department", message: "\(draft.module) is not an enabled department")
        }
        let id = UUID()
        try await pool.transaction { connection in
            try connection.query(
                """
                INSERT INTO assistance_project (id, module_id, name, description, needs, region_code, capacity, funds_fen, open_until, created_by, created_at)
                VALUES (\(id), \(draft.module), \(draft.name), \(draft.description), \(draft.needs.map(\.rawValue).sorted()),
                        \(draft.region), \(draft.capacity), \(draft.fundsFen), \(draft.openUntil), \(actor.id),
                        \(referrals.clock.now()))
                """)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: nil, action: "project.create", entity: "project", entityID: id.uuidString,
                    after: try PostgresJSON(encoding: ["name": draft.name, "fundsFen": "\(draft.fundsFen)"])), on: connection)
        }
        return try await projects(where: "p.id = \(id)").first!
    }

    /// The projects of `module` (all when nil), newest first.
    public func list(module: ModuleID?) async throws -> [ProjectView] {
        let ofModule: SQL = module.map { "p.module_id = \($0)" } ?? "true"
        return try await projects(where: "\(ofModule) ORDER BY p.created_at DESC LIMIT 500")
    }

    /// The projects that could take the referral now: its department's, open, meeting its need in the household's region, with room.
    public func candidates(for referral: UUID, authorize: @escaping ReferralStore.Authorize) async throws -> [ProjectView] {
        let context = try await pool.withConnection { connection in try referrals.context(referral, lock: false, on: connection) }
        try authorize(context)
        let today = WorkingCalendar.day(of: referrals.clock.now())
        return try await projects(
            where: """
                p.module_id = \(context.address.module) AND \(context.need) = ANY(p.needs)
                  AND p.places_taken < p.capacity AND (p.open_until IS NULL OR p.open_until >= \(today))
                ORDER BY p.funds_fen - p.funds_committed_fen DESC LIMIT 500
                """
        ).filter { $0.region.contains(context.gridCode) }
    }

    /// Matches the referral to a project: takes a place, commits `amountFen`, and resolves the referral with the answer.
    public func match(referral: UUID, _ draft: ProjectMatchDraft, by actor: Principal, authorize: @escaping ReferralStore.Authorize) async throws
        -> ReferralView
    {
        try await referrals.step(.resolve, referral: referral, by: actor, authorize: authorize) { context, now, connection in
            let project = try Self.lockFitting(draft.projectID, for: context, today: WorkingCalendar.day(of: now), on: connection)
            guard project.placesTaken < project.capacity else { throw ProjectError.full }
            guard draft.amountFen <= project.fundsFen - project.fundsCommittedFen else {
                throw ProjectError.notEnoughFunds(remainingFen: project.fundsFen - project.fundsCommittedFen)
            }
            try connection.query(
                """
                UPDATE assistance_project SET places_taken = places_taken + 1,
                                              funds_committed_fen = funds_committed_fen + \(draft.amountFen) WHERE id = \(project.id)
                """)
            try connection.query(
                """
                INSERT INTO project_place (id, project_id, referral_id, household_id, amount_fen, matched_by, matched_at)
                VALUES (\(UUID()), \(project.id), \(referral), \(context.householdID), \(draft.amountFen), \(actor.id), \(now))
                """)
            let answer = "\(draft.answer)（\(project.name)" + (draft.amountFen > 0 ? "，\(Money.yuan(draft.amountFen)) 元" : "") + "）"
            try ReferralStore.recordAnswer(referral, text: answer, basis: nil, by: actor, at: now, on: connection)
            return "对接\(referrals.catalog.departmentName(project.module))项目：\(answer)"
        }
    }

    /// Locks the project and checks it may take the referral.
    private static func lockFitting(_ id: UUID, for referral: ReferralContext, today: CalendarDate, on connection: PostgresConnection) throws
        -> ProjectView
    {
        guard let project = try connection.query("\(select) WHERE p.id = \(id) FOR UPDATE").map(view).first else { throw ProjectError.notFound }
        guard project.module == referral.address.module else { throw ProjectError.otherDepartment(project.module) }
        guard project.needs.contains(referral.need) else { throw ProjectError.doesNotFit("it does not meet \(referral.need.rawValue) needs") }
        guard project.region.contains(referral.gridCode) else { throw ProjectError.doesNotFit("it does not serve \(referral.gridCode)") }
        if let last = project.openUntil, last < today { throw ProjectError.closed(last) }
        return project
    }

    private func projects(where condition: SQL) async throws -> [ProjectView] {
        try await pool.query("\(Self.select) WHERE \(condition)").map(Self.view)
    }

    private static let select: SQL = """
        SELECT p.id, p.module_id, p.name, p.description, p.needs, p.region_code, p.capacity, p.places_taken, p.funds_fen,
               p.funds_committed_fen, p.open_until::text AS open_until
        FROM assistance_project p
        """

    private static func view(_ row: PostgresRow) throws -> ProjectView {
        ProjectView(
            id: try row.decode("id"), module: try row.decode("module_id", as: ModuleID.self), name: try row.decode("name"),
            description: try row.decode("description"), needs: try row.decode("needs", as: [String].self).compactMap(Need.init(rawValue:)),
            region: try row.decode("region_code", as: RegionCode.self), capacity: try row.decode("capacity"),
            placesTaken: try row.decode("places_taken"), fundsFen: try row.decode("funds_fen"),
            fundsCommittedFen: try row.decode("funds_committed_fen"),
            openUntil: try row.decode("open_until", as: CalendarDate?.self))
    }
}
