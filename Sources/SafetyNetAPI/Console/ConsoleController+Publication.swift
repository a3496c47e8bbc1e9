import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 公示: the approvals of a region and period to post, as `GET /api/v1/supervision/publication`
/// reads them (its scope and period rules), as a page to print and as a CSV file.
extension ConsoleController {
    @Sendable func publication(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (list, type) = try await publicationList(request, context)
            let catalog = services.catalog
            let principal = try context.requirePrincipal()
            let types = catalog.all.filter { type in principal.departmentFilter.map { $0 == type.id.module } ?? true }.map { ($0.id, $0.chineseName) }
            let page = PublicationPage(
                frame: try frame("社会救助对象公示", request, context), list: list,
                regionName: try await services.registry.regionName(list.region) ?? list.region.value, types: types, type: type)
            return html(renderer.render(page))
        }
    }

    @Sendable func publicationCSV(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (list, _) = try await publicationList(request, context)
            return Self.csvFile(
                PublicationPage.csv(list), name: "社会救助对象公示-\(list.from)至\(list.through).csv",
                plainName: "publication-\(list.from)-\(list.through).csv")
        }
    }

    /// The list for the query: the region (the caller's scope when not given), the period (this
    /// month when not given), the type; checked by the supervision API's own rules.
    private func publicationList(_ request: Request, _ context: SafetyNetRequestContext) async throws -> (PublicationList, AssistanceTypeID?) {
        let routes = supervisionRoutes
        let query = try QueryInput(request, form: true)
        let (principal, region, module) = try routes.scope(query, context)
        let period = try routes.period(query) { $0.firstOfMonth }
        let type = try query.read(routes.type)
        if let type { try principal.require(.readCases, module: type.module, in: region) }
        return (try await services.publication.list(region: region, period: period, module: module, type: type), type)
    }
}
