import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// The workbench and a household's page: visits due and alerts, the visit form, the referral form.
extension ConsoleController {
    @Sendable func workbench(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let principal = try context.requirePrincipal()
            let now = services.clock.now()
            let visits =
                principal.role.permissions.contains(.recordVisit)
                ? try await services.visits.due(in: principal.scope, before: now.addingTimeInterval(7 * 86_400), now: now) : nil
            var filter = AlertFilter(scope: principal.scope)
            filter.status = .raised
            filter.module = principal.departmentFilter
            let alerts =
                principal.role.permissions.contains(.recordVisit)
                ? try await services.alerts.list(filter, limit: Self.listLimit + 1, offset: 0) : nil
            let queue =
                principal.role.permissions.contains(.handleCases) ? try await services.cases.queueCounts(CaseQueueFilter(for: principal)) : nil
            let frame = try frame("工作台", request, context)
            let page = WorkbenchPage(frame: frame, visits: visits, alerts: alerts, queue: queue, now: now, limit: Self.listLimit)
            return html(renderer.render(page))
        }
    }

    @Sendable func household(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let query = request.uri.queryParameters
            let notice: String? =
                switch query.get("saved") {
                case "visit": "走访记录已保存，已记入救助链。发现的需求可在下方转办。"
                case "referral": "已转办，答复后将记入救助链。"
                default: nil
                }
            // After a visit, the referral form starts from it and from the first need it found.
            let referral = query.get("visit").flatMap { UUID(uuidString: String($0)) }.map { visit in
                HouseholdPage.ReferralForm(
                    visitID: visit.uuidString, need: query.get("need").map { String($0) } ?? "", module: "", description: "", problem: nil)
            }
            return try await householdPage(request, context, form: nil, referral: referral, notice: notice)
        }
    }

    @Sendable func recordVisit(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let (principal, household) = try await ScopeCheck(registry: services.registry).household(context, .recordVisit)
            let now = services.clock.now()
            do {
                let draft = try Self.visitDraft(form, household: household, now: now)
                let visit = try await services.alerts.recordVisit(draft, by: principal, source: context.remoteAddress)
                let need = draft.needs.first.map { "&need=\($0.rawValue)" } ?? ""
                return .seeOther("/households/\(household.uuidString)?saved=visit&visit=\(visit.id.uuidString)\(need)")
            } catch let problem as FieldError {
                return try await householdPage(request, context, form: Self.visitForm(form, problem: problem), referral: nil, notice: nil)
                    .refusingForm()
            }
        }
    }

    /// The visit a visit form (the household's, or an alert's look in the field) asks for, checked as the API checks one.
    static func visitDraft(_ form: ConsoleForm, household: UUID, now: Date) throws -> VisitDraft {
        guard let kind = form.value("kind").flatMap(VisitKind.init(rawValue:)) else {
            throw FieldError(field: "kind", code: "required", message: "kind")
        }
        guard let visitedAt = form.value("visitedAt").flatMap(ChineseFormat.instant(localInput:)) else {
            throw FieldError(field: "visitedAt", code: "invalid", message: "visitedAt")
        }
        let needs = try Set(form.values("needs")).sorted().map { value throws(FieldError) in
            guard let need = Need(rawValue: value) else { throw FieldError(field: "needs", code: "invalid", message: "needs") }
            return need
        }
        return try VisitDraft(
            householdID: household, kind: kind, visitedAt: visitedAt, findings: form.value("findings") ?? "", needs: needs, now: now)
    }

    /// A visit form as it was sent, to show again with what was wrong with it.
    static func visitForm(_ form: ConsoleForm, problem: FieldError) -> HouseholdPage.VisitForm {
        HouseholdPage.VisitForm(
            kind: form.value("kind") ?? "", visitedAt: form.value("visitedAt") ?? "", findings: form.value("findings") ?? "",
            needs: Set(form.values("needs")), problem: visitProblem(problem))
    }

    @Sendable func sendReferral(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let (principal, household) = try await ScopeCheck(registry: services.registry).household(context, .sendReferrals)
            do {
                let draft = try Self.referralDraft(form, household: household)
                _ = try await ReferralController.send(draft, by: principal, referrals: services.referrals, modules: services.modules)
                return .seeOther("/households/\(household.uuidString)?saved=referral")
            } catch let problem as FieldError {
                let refused = HouseholdPage.ReferralForm(
                    visitID: form.value("visitID"), need: form.value("need") ?? "", module: form.value("module") ?? "",
                    description: form.value("description") ?? "", problem: Self.referralProblem(problem))
                return try await householdPage(request, context, form: nil, referral: refused, notice: nil).refusingForm()
            }
        }
    }

    /// The referral the household page's form asks for: the need, the department ("" to route it
    /// by the need, the village first), the description, and the visit it came from when there is one.
    static func referralDraft(_ form: ConsoleForm, household: UUID) throws -> ReferralDraft {
        guard let need = form.value("need").flatMap(Need.init(rawValue:)) else { throw FieldError(field: "need", code: "required", message: "need") }
        let module = try form.value("module").flatMap { text -> ModuleID? in
            guard !text.isEmpty else { return nil }
            guard let id = ModuleID(rawValue: text) else { throw FieldError(field: "module", code: "invalid", message: "module") }
            return id
        }
        let visit = try form.value("visitID").flatMap { text -> UUID? in
            guard !text.isEmpty else { return nil }
            guard let id = UUID(uuidString: text) else { throw FieldError(field: "visitID", code: "invalid", message: "visitID") }
            return id
        }
        return try ReferralDraft(
            householdID: household, personID: nil, origin: visit.map { .visit($0) } ?? .manual, need: need,
            description: form.value("description") ?? "", module: module, level: nil)
    }

    /// What is wrong with a referral form, in Chinese.
    static func referralProblem(_ problem: FieldError) -> String {
        switch problem.field {
        case "need": "请选择需求。"
        case "description": "请填写情况说明（不超过\(TextLimit.statement.maximum)字）。"
        case "module": "所选部门不受理这项需求，或已停用；可选“按程序先转村(社区)”。"
        default: "转办填写有误，请检查后重新提交。"
        }
    }

    func householdPage(
        _ request: Request, _ context: SafetyNetRequestContext, form: HouseholdPage.VisitForm?, referral: HouseholdPage.ReferralForm?,
        filing: HouseholdPage.FilingForm? = nil, notice: String?
    ) async throws -> Response {
        let (principal, id) = try await ScopeCheck(registry: services.registry).household(context, .readRegistry)
        guard let household = try await services.registry.household(id) else { throw APIError.notFound("household") }
        let readsCases = principal.may(.readCases, in: household.gridCode)
        let chain = readsCases ? try await services.chains.chain(household: id, module: principal.departmentFilter) : nil
        let cases = readsCases ? try await services.cases.cases(ofHousehold: id, visibleTo: principal.departmentFilter) : nil
        let files = principal.may(.applyForAssistance, in: household.gridCode)
        let page = HouseholdPage(
            frame: try frame(household.address, request, context, notice: notice), household: household, chain: chain,
            canRecordVisit: principal.may(.recordVisit, in: household.gridCode), form: form,
            departments: principal.may(.sendReferrals, in: household.gridCode) ? referralDepartments() : nil, referral: referral,
            filing: files ? filing ?? HouseholdPage.FilingForm(types: offeredTypes()) : nil, cases: cases, now: services.clock.now(),
            departmentName: services.catalog.departmentName)
        return html(renderer.render(page))
    }

    @Sendable func fileCase(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let (principal, household) = try await ScopeCheck(registry: services.registry).household(context, .applyForAssistance)
            do {
                let view = try await caseRoutes.file(try filingDraft(form, household: household), by: principal, source: context.remoteAddress)
                return .seeOther("/cases/\(view.id.uuidString)?filed=1")
            } catch {
                guard let problem = Self.caseProblem(error) else { throw error }
                let refused = HouseholdPage.FilingForm(types: offeredTypes(), typed: form.typed, ticked: Set(form.values("types")), problem: problem)
                return try await householdPage(request, context, form: nil, referral: nil, filing: refused, notice: nil).refusingForm()
            }
        }
    }

    /// The application a 帮办代办 form asks for: always on the resident's behalf, each type ticked
    /// for the member chosen when it is granted to a person.
    func filingDraft(_ form: ConsoleForm, household: UUID) throws -> CaseDraft {
        let member = try form.value("personID").flatMap { try Self.optionalID($0, field: "personID") }
        let items = try form.values("types").map { text throws -> CaseDraft.Item in
            guard let id = AssistanceTypeID(rawValue: text), let type = services.catalog.type(id) else {
                throw FieldError(field: "items", code: "invalid", message: "each type ticked is a registered assistance type")
            }
            return CaseDraft.Item(type: id, personID: type.subject == .person ? member : nil)
        }
        let urgency = try form.value("urgency").map { text throws -> Urgency in
            guard let urgency = Urgency(rawValue: text) else {
                throw FieldError(field: "urgency", code: "invalid", message: "urgency is normal, emergency or critical")
            }
            return urgency
        }
        let claim = Claim(
            urgency: urgency ?? .normal, selfPaidMedicalFen: try Self.amount(form, "medical", field: "selfPaidMedicalFen"),
            costFen: try Self.amount(form, "cost", field: "costFen"))
        return try CaseDraft(
            householdID: household, items: items, urgency: urgency ?? .normal, description: form.value("description") ?? "",
            applicantPersonID: try form.value("applicant").flatMap { try Self.optionalID($0, field: "applicantPersonID") }, onBehalf: true,
            facts: CaseFactsDeclaration(), claim: claim)
    }

    /// An id chosen in a select; nil for its empty first option.
    private static func optionalID(_ text: String, field: String) throws -> UUID? {
        guard !text.isEmpty else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw FieldError(field: field, code: "invalid", message: "\(field) is one of the household's members")
        }
        return id
    }

    /// The types an application can ask for now: those of the modules switched on.
    func offeredTypes() -> [HouseholdPage.OfferedType] {
        services.catalog.all.filter { services.modules.isEnabled($0.id.module) }.map {
            HouseholdPage.OfferedType(
                id: $0.id, name: $0.chineseName, department: services.catalog.departmentName($0.id.module), personal: $0.subject == .person)
        }
    }

    /// The departments a referral can be addressed to: those that take referrals and are switched on.
    func referralDepartments() -> [HouseholdPage.Department] {
        services.modules.modules.filter { $0.referralHandling.takesReferrals && services.modules.isEnabled($0.descriptor.id) }.map {
            HouseholdPage.Department(id: $0.descriptor.id, name: services.catalog.departmentName($0.descriptor.id))
        }
    }

    /// What is wrong with a visit form, in Chinese, by the field the check named.
    static func visitProblem(_ problem: FieldError) -> String {
        switch problem.field {
        case "visitedAt" where problem.code == "before_alert": "核实走访须在预警发出之后。"
        case "kind": "请选择走访方式。"
        case "visitedAt": "走访时间须为已经过去的时间，且不早于90天前。"
        case "findings": "请填写走访情况（不超过2000字）。"
        case "needs": "所选需求有误，请重新选择。"
        default: "走访记录填写有误，请检查后重新提交。"
        }
    }
}
