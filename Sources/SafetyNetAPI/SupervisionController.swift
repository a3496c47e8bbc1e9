import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Supervision (督办): figures per assistance type and department for a region and period, and
/// the list of limits passed. A department officer sees its own department's only.
struct SupervisionController {
    let supervision: SupervisionStore
    let clock: any WallClock

    struct OverdueList: ResponseEncodable {
        let region: RegionCode
        let items: [OverdueLimit]
    }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("supervision/figures", use: figures)
        group.get("supervision/overdue", use: overdue)
    }

    /// `region` (default: the caller's scope), `from` and `to` (default: this year so far), `module`, `type`.
    @Sendable func figures(_ request: Request, context: SafetyNetRequestContext) async throws -> SupervisionFigures {
        let (principal, region, module) = try scope(request, context)
        let parameters = request.uri.queryParameters
        let today = WorkingCalendar.day(of: clock.now())
        let from = try parameters.get("from").map { try InputParsing.day($0, field: "from") } ?? CalendarDate(year: today.year, month: 1, day: 1)!
        let through = try parameters.get("to").map { try InputParsing.day($0, field: "to") } ?? today
        var type: AssistanceTypeID?
        if let text = parameters.get("type") {
            guard let parsed = AssistanceTypeID(rawValue: text) else {
                throw FieldError(field: "type", code: "invalid", message: "type is module.name, e.g. civil-affairs.dibao")
            }
            try principal.require(.readCases, module: parsed.module, in: region)
            type = parsed
        }
        return try await supervision.figures(try SupervisionQuery(region: region, from: from, through: through, module: module, type: type))
    }

    @Sendable func overdue(_ request: Request, context: SafetyNetRequestContext) async throws -> OverdueList {
        let (_, region, module) = try scope(request, context)
        return OverdueList(region: region, items: try await supervision.overdue(in: region, module: module))
    }

    /// The caller, the region asked for (in scope), and the department: an officer's own, else the one asked for.
    private func scope(_ request: Request, _ context: SafetyNetRequestContext) throws -> (Principal, RegionCode, ModuleID?) {
        let principal = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let region = try parameters.get("region").map { try InputParsing.region($0, field: "region") } ?? principal.scope
        let asked = parameters.get("module").map(ModuleID.init(rawValue:))
        if let asked { try principal.require(.readCases, module: asked, in: region) } else { try principal.require(.readCases, in: region) }
        return (principal, region, asked ?? principal.departmentFilter)
    }
}

extension SupervisionFigures: ResponseEncodable {}
