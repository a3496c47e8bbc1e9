import Foundation
import Hummingbird
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
                        HTMLTablePage.time(entry.at), entry.stage.chineseName, Self.kindName(entry.kind), entry.module.map(departmentName) ?? "",
                        entry.actor, entry.summary,
                    ])
            })
    }

    /// The Chinese name of a chain step's kind, e.g. 审批通过 for `case.approve`; an unknown kind is shown as it is.
    static func kindName(_ kind: String) -> String {
        let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return kind }
        let (family, code) = (parts[0], parts[1])
        switch family {
        case "case":
            if let action = CaseAction(rawValue: code) { return action.chineseName }
            switch code {
            case "applied": return "提出申请"
            case "papers_completed": return "补齐申请材料"
            default: return kind
            }
        case "referral":
            if let action = ReferralAction(rawValue: code) { return action == .readdress ? action.chineseName : "转办\(action.chineseName)" }
            switch code {
            case "sent": return "转办"
            case "escalated": return "转办提级"
            case "case_filed": return "依转办提出申请"
            default: return kind
            }
        case "joint":
            switch code {
            case "opened": return "启动一事一议"
            case "contribution": return "一事一议部门意见"
            case "concluded": return "一事一议办结"
            default: return kind
            }
        case "deadline":
            switch code {
            case "overdue": return "时限超期"
            case "due_soon": return "时限即将到期"
            default: return kind
            }
        case "visit":
            switch code {
            case "home": return "入户走访"
            case "phone": return "电话巡访"
            default: return kind
            }
        case "monitoring":
            switch code {
            case "started": return "纳入监测"
            case "ended": return "退出监测"
            default: return kind
            }
        case "risk":
            return code == "changed" ? "风险等级调整" : kind
        default:
            return kind
        }
    }
}

extension AssistanceChainView: ResponseEncodable {}
