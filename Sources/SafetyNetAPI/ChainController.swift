import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// The assistance chain (一户一条救助链) of a household or one member: JSON, or with
/// `?format=html` a readable page that prints as the household's record.
struct ChainController {
    let registry: RegistryStore
    let chains: ChainReader
    /// Where the page finds the departments' Chinese names.
    let catalog: AssistanceCatalog

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "households/{id}/chain", "The household's assistance chain (一户一条救助链): every step from discovery to feedback",
            answers: [APIOperation.Answer.ok(AssistanceChainView.self, "The chain").printable],
            refusals: [.forbidden], use: ofHousehold)
        routes.get(
            "persons/{id}/chain", "One member's chain, including steps from households they belonged to before",
            answers: [APIOperation.Answer.ok(AssistanceChainView.self, "The chain").printable],
            refusals: [.forbidden], use: ofPerson)
    }

    @Sendable func ofHousehold(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .readCases)
        return try await respond(try await chains.chain(household: household, module: principal.departmentFilter), request, context)
    }

    @Sendable func ofPerson(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        let (principal, person) = try await ScopeCheck(registry: registry).person(context, .readCases)
        return try await respond(try await chains.chain(ofPerson: person, module: principal.departmentFilter), request, context)
    }

    private func respond(_ chain: AssistanceChainView?, _ request: Request, _ context: SafetyNetRequestContext) async throws -> Response {
        guard let chain else { throw APIError.notFound("household") }
        return try HTMLTablePage.respond(
            chain, page: { view in view.page { module in catalog.departmentName(module) } }, request: request, context: context)
    }
}

extension AssistanceChainView {
    /// The chain as a page for reading on screen and printing, one row per step; `departmentName`
    /// names a module's department in Chinese.
    func page(departmentName: (ModuleID) -> String) -> HTMLTablePage {
        let intro = "户主 \(head ?? "—") · \(address) · 网格 \(gridCode) · \(entries.count) 条记录" + (personID.map { " · 成员 \($0.uuidString)" } ?? "")
        return HTMLTablePage(
            title: "一户一条救助链", intro: intro, columns: ["时间", "环节", "事项", "部门", "经办人", "内容"],
            rows: entries.map { entry in
                HTMLTablePage.Row(
                    style: entry.stage.rawValue,
                    cells: [
                        ChineseFormat.dateTime(entry.at), entry.stage.chineseName, ChainStepName.of(entry.kind),
                        entry.module.map(departmentName) ?? "",
                        entry.actor, entry.summary,
                    ])
            })
    }
}

extension AssistanceChainView: ResponseEncodable {}
