import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Recording visits and the list of visits due.
struct VisitController {
    let registry: RegistryStore
    let visits: VisitStore
    /// Where a visit is recorded: it verifies the household's alerts of a visit overdue it makes good.
    let alerts: AlertStore
    /// "Now", for visits that may not lie in the future and for what is due.
    let clock: any WallClock

    struct NewVisit: Codable, WireConstrained {
        let householdID: UUID
        let kind: VisitKind
        let visitedAt: Date
        let findings: String
        let needs: [Need]?

        static let fieldRules: [String: [FieldRule]] = [
            "findings": [.text(.statement)], "visitedAt": [.note("when the visit took place: not in the future, at most 90 days ago")],
            "needs": [.note("needs found, kept with the visit; refer each with POST /referrals naming the visit (visitID)")],
        ]
    }

    struct DueList: ResponseCodable {
        let region: RegionCode
        let asOf: Date
        let overdue: Int
        let items: [VisitDue]
    }

    static let region = Query.region("region", "A region code inside the caller's scope; the caller's scope when left out")
    static let withinDays = Query.integer("withinDays", in: 0...31, "Visits falling due within this many days (7 when left out)")

    func addRoutes(to routes: DocumentedRoutes) {
        routes.post(
            "visits", "Record a home or phone visit", body: NewVisit.self, answers: [.created(VisitView.self, "Recorded")],
            refusals: [.forbidden], use: record)
        routes.get(
            "visits/due", "Households whose visit falls due, overdue first", parameters: [Self.region.documented, Self.withinDays.documented],
            answers: [.ok(DueList.self, "The households due")], refusals: [.forbidden], use: due)
    }

    @Sendable func record(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<VisitView> {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(NewVisit.self, from: request, context: context)
        guard let grid = try await registry.grid(ofHousehold: body.householdID) else {
            throw APIError(.unprocessableContent, code: "unknown_household", message: "no household with this id", field: "householdID")
        }
        try principal.require(.recordVisit, in: grid)
        let draft = try VisitDraft(
            householdID: body.householdID, kind: body.kind, visitedAt: body.visitedAt,
            findings: body.findings, needs: body.needs ?? [], now: clock.now())
        return EditedResponse(
            status: .created, response: try await alerts.recordVisit(draft, by: principal, source: context.remoteAddress))
    }

    @Sendable func due(_ request: Request, context: SafetyNetRequestContext) async throws -> DueList {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request)
        let region = try query.read(Self.region) ?? principal.scope
        try principal.require(.readRegistry, in: region)
        let days = try query.read(Self.withinDays) ?? 7
        let now = clock.now()
        let items = try await visits.due(in: region, before: now.addingTimeInterval(TimeInterval(days * 86_400)), now: now)
        return DueList(region: region, asOf: now, overdue: items.count { $0.isOverdue }, items: items)
    }
}

extension VisitView: ResponseCodable {}
