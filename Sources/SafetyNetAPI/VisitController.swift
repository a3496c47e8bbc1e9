import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Recording visits and the list of visits due.
struct VisitController {
    let registry: RegistryStore
    let visits: VisitStore

    struct NewVisit: Codable {
        let householdID: UUID
        let kind: VisitKind
        let visitedAt: Date
        let findings: String
        let needs: [Need]?
    }

    struct DueList: ResponseEncodable {
        let region: RegionCode
        let asOf: Date
        let overdue: Int
        let items: [VisitDue]
    }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.post("visits", use: record)
        group.get("visits/due", use: due)
    }

    @Sendable func record(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<VisitView> {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(NewVisit.self, from: request, context: context)
        guard let grid = try await registry.grid(ofHousehold: body.householdID) else {
            throw APIError(.unprocessableContent, code: "unknown_household", message: "no household with this id", field: "householdID")
        }
        try principal.require(.recordVisit, in: grid)
        let draft = try VisitDraft(householdID: body.householdID, kind: body.kind, visitedAt: body.visitedAt,
                                   findings: body.findings, needs: body.needs ?? [], now: Date())
        return EditedResponse(status: .created, response: try await visits.record(draft, by: principal, source: context.remoteAddress))
    }

    @Sendable func due(_ request: Request, context: SafetyNetRequestContext) async throws -> DueList {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request)
        let region = try query.region("region") ?? principal.scope
        try principal.require(.readRegistry, in: region)
        let days = try query.integer("withinDays", in: 0...31) ?? 7
        let now = Date()
        let items = try await visits.due(in: region, before: now.addingTimeInterval(TimeInterval(days * 86_400)), now: now)
        return DueList(region: region, asOf: now, overdue: items.count { $0.isOverdue }, items: items)
    }
}

extension VisitView: ResponseEncodable {}
