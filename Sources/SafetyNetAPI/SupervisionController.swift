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

    struct OverdueList: ResponseCodable {
        let region: RegionCode
        let items: [OverdueLimit]
    }

    static let region = Query.region("region", "A region code inside the caller's scope; the caller's scope when left out")
    static let from = Query.day("from", "The period's first day")
    static let to = Query.day("to", "The period's last day (today when left out)")
    var module: QueryParameter<ModuleID> {
        Query.module("module", among: catalog.departments, "One department; a department officer sees only its own")
    }
    var type: QueryParameter<AssistanceTypeID> { Query.assistanceType("type", in: catalog, "One assistance type") }

    func addRoutes(to routes: DocumentedRoutes) {
        let scope = [Self.region.documented, module.documented]
        routes.get(
            "supervision/figures",
            "Figures per assistance type and department for a region and period (督办): applications, decisions, time taken, overdue; and early warning: households monitored, alerts raised, verified, confirmed, dismissed and escalated, discoveries, and the assistance that followed",
            parameters: scope + [Self.from.documented, Self.to.documented, type.documented],
            answers: [.ok(SupervisionFigures.self, "The figures")], refusals: [.forbidden], use: figures)
        routes.get(
            "supervision/overdue", "Every limit passed and still open, in the region", parameters: scope,
            answers: [.ok(OverdueList.self, "The limits")], refusals: [.forbidden], use: overdue)
        routes.get(
            "supervision/publication", "公示: the approvals of the period (this month when left out) still in benefit, names and ID numbers masked",
            parameters: scope + [Self.from.documented, Self.to.documented, type.documented],
            answers: [APIOperation.Answer.ok(PublicationList.self, "The list").printable], refusals: [.forbidden], use: publicationList)
    }

    /// `region` (default: the caller's scope), `from` and `to` (default: this year so far), `module`, `type`.
    @Sendable func figures(_ request: Request, context: SafetyNetRequestContext) async throws -> SupervisionFigures {
        let query = try QueryInput(request)
        let (principal, region, module) = try scope(query, context)
        let period = try period(query) { $0.firstOfYear }
        let type = try query.read(type)
        if let type { try principal.require(.readCases, module: type.module, in: region) }
        return try await supervision.figures(SupervisionQuery(region: region, period: period, module: module, type: type))
    }

    /// 公示: the approvals of the period (default: this month) still in benefit, names and ID numbers masked; `format=html` to print.
    @Sendable func publicationList(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let query = try QueryInput(request)
        let (_, region, module) = try scope(query, context)
        let period = try period(query) { $0.firstOfMonth }
        let type = try query.read(type)
        let list = try await publication.list(region: region, period: period, module: module, type: type)
        return try HTMLTablePage.respond(list, page: \.page, request: request, context: context)
    }

    @Sendable func overdue(_ request: Request, context: SafetyNetRequestContext) async throws -> OverdueList {
        let (_, region, module) = try scope(try QueryInput(request), context)
        return OverdueList(region: region, items: try await supervision.overdue(in: region, module: module))
    }

    /// `from` and `to` from the query, defaulting to `start(today)` and today.
    func period(_ query: QueryInput, start: (CalendarDate) -> CalendarDate) throws -> ReportPeriod {
        let today = WorkingCalendar.day(of: clock.now())
        return try ReportPeriod(from: try query.read(Self.from) ?? start(today), through: try query.read(Self.to) ?? today)
    }

    /// The caller, the region asked for (in scope), and the department: an officer's own, else the one asked for.
    func scope(_ query: QueryInput, _ context: SafetyNetRequestContext) throws -> (Principal, RegionCode, ModuleID?) {
        let principal = try context.requirePrincipal()
        let region = try query.read(Self.region) ?? principal.scope
        let asked = try query.read(module)
        if let asked { try principal.require(.readCases, module: asked, in: region) } else { try principal.require(.readCases, in: region) }
        return (principal, region, asked ?? principal.departmentFilter)
    }
}

extension SupervisionFigures: ResponseCodable {}
extension PublicationList: ResponseCodable {}

extension PublicationList {
    /// The list as a notice to post (社会救助公示).
    var page: HTMLTablePage {
        HTMLTablePage(
            title: "社会救助对象公示", intro: "\(region) · \(from) 至 \(through) 批准 · 共 \(entries.count) 户(人)",
            columns: ["村(社区)", "救助类别", "姓名", "身份证号", "家庭人口", "金额(元)", "期间", "批准日期"],
            rows: entries.map { entry in
                HTMLTablePage.Row(cells: [
                    entry.villageName, entry.typeName, entry.name, entry.idNumber, "\(entry.householdSize)",
                    Money.yuan(entry.amountFen), entry.period.chineseName, entry.approvedOn.description,
                ])
            })
    }
}
