import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Supervision (督办): figures per assistance type and department for a region and period, and
/// the list of limits passed. A department officer sees its own department's only.
struct SupervisionController {
    let supervision: SupervisionStore
    let publication: PublicationStore
    let catalog: AssistanceCatalog
    let clock: any WallClock

    struct OverdueList: ResponseEncodable {
        let region: RegionCode
        let items: [OverdueLimit]
    }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("supervision/figures", use: figures)
        group.get("supervision/overdue", use: overdue)
        group.get("supervision/publication", use: publicationList)
    }

    /// `region` (default: the caller's scope), `from` and `to` (default: this year so far), `module`, `type`.
    @Sendable func figures(_ request: Request, context: SafetyNetRequestContext) async throws -> SupervisionFigures {
        let query = try QueryInput(request)
        let (principal, region, module) = try scope(query, context)
        let period = try period(query) { $0.firstOfYear }
        let type = try query.assistanceType("type", in: catalog)
        if let type { try principal.require(.readCases, module: type.module, in: region) }
        return try await supervision.figures(SupervisionQuery(region: region, period: period, module: module, type: type))
    }

    /// 公示: the approvals of the period (default: this month) still in benefit, names and ID numbers masked; `format=html` to print.
    @Sendable func publicationList(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let query = try QueryInput(request)
        let (_, region, module) = try scope(query, context)
        let period = try period(query) { $0.firstOfMonth }
        let type = try query.assistanceType("type", in: catalog)
        let list = try await publication.list(region: region, period: period, module: module, type: type)
        return try HTMLTablePage.respond(list, page: \.page, request: request, context: context)
    }

    @Sendable func overdue(_ request: Request, context: SafetyNetRequestContext) async throws -> OverdueList {
        let (_, region, module) = try scope(try QueryInput(request), context)
        return OverdueList(region: region, items: try await supervision.overdue(in: region, module: module))
    }

    /// `from` and `to` from the query, defaulting to `start(today)` and today.
    private func period(_ query: QueryInput, start: (CalendarDate) -> CalendarDate) throws -> ReportPeriod {
        let today = WorkingCalendar.day(of: clock.now())
        return try ReportPeriod(from: try query.day("from") ?? start(today), through: try query.day("to") ?? today)
    }

    /// The caller, the region asked for (in scope), and the department: an officer's own, else the one asked for.
    private func scope(_ query: QueryInput, _ context: SafetyNetRequestContext) throws -> (Principal, RegionCode, ModuleID?) {
        let principal = try context.requirePrincipal()
        let region = try query.region("region") ?? principal.scope
        let asked = try query.module("module", among: catalog.departments)
        if let asked { try principal.require(.readCases, module: asked, in: region) } else { try principal.require(.readCases, in: region) }
        return (principal, region, asked ?? principal.departmentFilter)
    }
}

extension SupervisionFigures: ResponseEncodable {}
extension PublicationList: ResponseEncodable {}

extension PublicationList {
    /// The list as a notice to post (社会救助公示).
    var page: HTMLTablePage {
        HTMLTablePage(
            title: "社会救助对象公示", intro: "\(region) · \(from) 至 \(through) 批准 · 共 \(entries.count) 户(人)",
            columns: ["村(社区)", "救助类别", "姓名", "身份证号", "家庭人口", "金额(元)", "期间", "批准日期"],
            rows: entries.map { entry in
                HTMLTablePage.Row(cells: [
                    entry.villageName, entry.typeName, entry.name, entry.idNumber, "\(entry.householdSize)",
                    Money.yuan(entry.amountFen), entry.period.chineseName, entry.approvedOn.description])
            })
    }
}
