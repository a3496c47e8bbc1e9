import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// The audit log, for auditors and the admin: filtered, newest first, and its verification. The
/// log is the whole district's: reading it takes an account whose scope is the district.
struct AuditController {
    let trail: AuditTrail
    let clock: any WallClock

    struct Verification: ResponseCodable {
        let entries: Int
        /// The chain intact and every checkpoint holding.
        let intact: Bool
        let firstBrokenSeq: Int64?
        let problem: String?
        /// Signed checkpoints checked; absent when the server keeps none.
        let checkpoints: Int?
        let checkedAt: Date

        init(_ report: AuditReport) {
            entries = report.chain.entries
            intact = report.isIntact
            firstBrokenSeq = report.chain.firstBrokenSeq
            problem = report.chain.problem ?? report.checkpoints?.problem
            checkpoints = report.checkpoints?.checkpoints
            checkedAt = report.checkedAt
        }
    }

    static let action = Query.text("action", "An action (user.create) or the start of several (user)")
    static let entity = Query.text("entity", "A kind of record: household, person, user, module, case …")
    static let entityID = Query.text("entityID", "One record's id")
    static let actor = Query.text("actor", "A login, or system for the server itself")
    static let from = Query.day("from", "Entries from this day on (China time)")
    static let to = Query.day("to", "Entries up to this day (China time)")
    static let before = QueryParameter<Int64>(name: "before", schema: .integer(minimum: 1), description: "nextBefore of the previous page") {
        text throws(FieldError) in
        guard let value = Int64(text), value > 0 else { throw FieldError(field: "before", code: "invalid", message: "before is an entry's number") }
        return value
    }
    static let limit = Query.integer("limit", in: 1...500, "Entries per page (100 when left out)")

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "audit", "The audit log, newest first: who did what to which record, before and after",
            parameters: [Self.action, Self.entity, Self.entityID, Self.actor].map(\.documented)
                + [Self.from.documented, Self.to.documented, Self.before.documented, Self.limit.documented],
            answers: [.ok(AuditPage.self, "A page of entries")], refusals: [.forbidden], use: entries)
        routes.get(
            "audit/verification",
            "Recompute the audit chain's hashes and links and check the signed checkpoints: intact, or the first problem (one check at a time; a result is kept a minute)",
            answers: [.ok(Verification.self, "What the check found")], refusals: [.forbidden], use: verify)
    }

    @Sendable func entries(_ request: Request, context: SafetyNetRequestContext) async throws -> AuditPage {
        try Self.requireReader(context)
        let query = try QueryInput(request)
        return try await trail.entries(try Self.filter(query), limit: try query.read(Self.limit) ?? 100)
    }

    @Sendable func verify(_ request: Request, context: SafetyNetRequestContext) async throws -> Verification {
        try Self.requireReader(context)
        return Verification(try await trail.verify(now: clock.now()))
    }

    /// The caller, who must read the audit log over the whole district.
    @discardableResult
    static func requireReader(_ context: SafetyNetRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        try principal.require(.readAudit)
        guard principal.scope.level == .district else { throw AccessDenial.outsideScope(principal.scope) }
        return principal
    }

    /// The filter a query asks for; shared with the console's audit page.
    static func filter(_ query: QueryInput) throws -> AuditFilter {
        var filter = AuditFilter()
        filter.action = try query.read(action)
        filter.entity = try query.read(entity)
        filter.entityID = try query.read(entityID)
        filter.actor = try query.read(actor)
        filter.from = try query.read(from)
        filter.through = try query.read(to)
        filter.before = try query.read(before)
        return filter
    }
}

extension AuditPage: ResponseCodable {}
