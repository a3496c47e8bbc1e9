import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 统计监督: the dashboard of a region and period, read with the supervision API's own query
/// rules (``SupervisionController/scope(_:_:)``, ``SupervisionController/period(_:start:)``).
extension ConsoleController {
    /// The API's supervision routes, whose query rules the dashboard shares.
    var supervisionRoutes: SupervisionController {
        SupervisionController(supervision: services.supervision, publication: services.publication, catalog: services.catalog, clock: services.clock)
    }

    @Sendable func dashboard(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let routes = supervisionRoutes
            let input = try QueryInput(request, form: true)
            let (principal, region, module) = try routes.scope(input, context)
            let period = try routes.period(input) { $0.firstOfYear }
            let query = DashboardQuery(region: region, from: period.from, through: period.through, module: module)
            let supervision = services.supervision
            async let figures = supervision.figures(SupervisionQuery(region: region, period: period, module: module, type: nil))
            async let areas = supervision.riskByArea(in: region)
            async let months = supervision.monthly(in: region, module: module)
            async let joint = supervision.openJointCases(in: region, module: module)
            let regionName = try await services.registry.regionName(region) ?? region.value
            let catalog = services.catalog
            let names = DashboardPage.Names(
                department: catalog.departmentName, type: { catalog.type($0)?.chineseName ?? $0.rawValue },
                decisionLimit: { catalog.limits(for: $0).decision.chineseName })
            let departments = principal.departmentFilter.map { [$0] } ?? catalog.departments.sorted()
            let page = DashboardPage(
                frame: try frame("统计监督", request, context), query: query, regionName: regionName, figures: try await figures,
                areas: try await areas, months: try await months, jointCases: try await joint, departments: departments, names: names,
                scope: principal.scope)
            return html(renderer.render(page))
        }
    }
}
