import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 受理审批: the work queue, a case's page with the steps the caller may take, and the steps
/// themselves, through the API's own checks (``CaseController/authorization(_:by:)``).
extension ConsoleController {
    /// How many items a page of the work queue lists.
    static let queuePageSize = 50

    /// The API's case routes, whose checks the console's steps share.
    var caseRoutes: CaseController {
        CaseController(registry: services.registry, cases: services.cases, catalog: services.catalog, modules: services.modules)
    }

    /// The most items a CSV file of the queue holds.
    static let queueExportLimit = 5_000

    @Sendable func workQueue(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (filter, query) = try workQueueFilter(request, context)
            let queue = try await services.cases.queue(filter, limit: Self.queuePageSize, offset: query.offset)
            let page = WorkQueuePage(
                frame: try frame("受理审批", request, context), queue: queue, query: query, pageSize: Self.queuePageSize, now: services.clock.now())
            return html(renderer.render(page))
        }
    }

    @Sendable func workQueueCSV(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let (filter, _) = try workQueueFilter(request, context)
            let now = services.clock.now()
            let queue = try await services.cases.queue(filter, limit: Self.queueExportLimit, offset: 0)
            let day = WorkingCalendar.day(of: now)
            return Self.csvFile(WorkQueuePage.csv(queue, now: now), name: "受理审批-\(day).csv", plainName: "cases-\(day).csv")
        }
    }

    /// The queue the page's query asks for, within the caller's region (an officer: its department's types).
    private func workQueueFilter(_ request: Request, _ context: SafetyNetRequestContext) throws -> (CaseQueueFilter, WorkQueueQuery) {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases)
        let input = try QueryInput(request, form: true)
        let query = WorkQueueQuery(
            stage: try input.read(CaseController.stage), urgentOnly: try input.read(CaseController.urgent) ?? false,
            order: try input.read(CaseController.order) ?? .due, offset: try input.read(CaseController.offset) ?? 0)
        var filter = CaseQueueFilter(for: principal)
        (filter.stage, filter.urgentOnly, filter.order) = (query.stage, query.urgentOnly, query.order)
        return (filter, query)
    }

    @Sendable func caseFile(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let done = request.uri.queryParameters.get("done").flatMap { CaseStep(rawValue: String($0))?.done }
            let joint = request.uri.queryParameters.get("joint").flatMap { JointStep(rawValue: String($0))?.done }
            return try await casePage(try context.pathID(), request, context, notice: done ?? joint ?? Self.filedNotice(request))
        }
    }

    /// The notice after an application was filed from a household's page.
    private static func filedNotice(_ request: Request) -> String? {
        request.uri.queryParameters.get("filed") == nil ? nil : "申请已提交，已记入救助链；乡镇（街道）受理后开始计算调查和审批时限。"
    }

    @Sendable func takeCaseStep(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            let item = try context.pathID()
            guard let step = context.parameters.get("step").flatMap(CaseStep.init(rawValue:)) else { throw APIError.notFound("step") }
            do {
                let view = try await take(step, item: item, form: form, by: principal, source: context.remoteAddress)
                return .seeOther("/cases/\(view.id.uuidString)?done=\(step.rawValue)#item-\(item.uuidString)")
            } catch {
                guard let problem = Self.caseProblem(error) else { throw error }
                let caseID = try await services.cases.context(ofItem: item).caseID
                let sent = SentCaseForm(itemID: item, step: step, values: form.typed, problem: problem)
                return try await casePage(caseID, request, context, notice: nil, sent: sent).refusingForm()
            }
        }
    }

    @Sendable func takeJointStep(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            let id = try context.pathID()
            guard let step = context.parameters.get("step").flatMap(JointStep.init(rawValue:)) else { throw APIError.notFound("step") }
            do {
                _ = try await take(step, case: id, form: form, by: principal)
                return .seeOther("/cases/\(id.uuidString)?joint=\(step.rawValue)#joint")
            } catch {
                guard let problem = Self.jointProblem(error) else { throw error }
                let sent = SentJointForm(step: step, values: form.typed, ticked: Set(form.values("department")), problem: problem)
                return try await casePage(id, request, context, notice: nil, sentJoint: sent).refusingForm()
            }
        }
    }

    /// Takes the joint-case `step` on case `id` with what `form` holds, through the API's own path.
    private func take(_ step: JointStep, case id: UUID, form: ConsoleForm, by principal: Principal) async throws -> CaseView {
        let routes = caseRoutes
        switch step {
        case .open:
            let departments = try form.values("department").map { try Self.choice($0, ModuleID.self, field: "departments") }
            return try await routes.openJoint(
                case: id, CaseController.JointOpening(reason: form.value("reason") ?? "", departments: departments), by: principal)
        case .answer:
            let module = try form.value("module").map { try Self.choice($0, ModuleID.self, field: "module") }
            let body = CaseController.Contribution(
                module: module, contribution: form.value("contribution") ?? "", amountFen: try Self.amount(form, "amount", field: "amountFen"))
            return try await routes.contribute(to: id, body, by: principal)
        case .conclude:
            return try await routes.concludeJoint(case: id, CaseController.Conclusion(conclusion: form.value("conclusion") ?? ""), by: principal)
        }
    }

    /// What is wrong with a joint-case form, in Chinese; nil for an error the error page explains.
    static func jointProblem(_ error: any Error) -> String? {
        switch error {
        case let problem as FieldError:
            switch problem.field {
            case "reason": "请填写启动理由（不超过\(TextLimit.remark.maximum)字）。"
            case "departments": "请至少选择一个牵头部门以外的参与部门。"
            case "contribution": "请填写本部门的救助措施（不超过\(TextLimit.remark.maximum)字）。"
            case "amountFen": "救助金额请以元为单位填写，大于零，最多两位小数；不出资的不填。"
            case "conclusion": "请填写结论（不超过\(TextLimit.statement.maximum)字）。"
            default: "填写有误，请检查后重新提交。"
            }
        case JointCaseError.pending: "还有部门未答复，全部答复后才能办结。"
        case JointCaseError.alreadyAnswered: "该部门已答复过。"
        case JointCaseError.notAParticipant: "该部门不在本次一事一议的参与部门中。"
        default: nil
        }
    }

    /// Takes `step` on `item` with what `form` holds, checked as the API checks it.
    private func take(_ step: CaseStep, item: UUID, form: ConsoleForm, by principal: Principal, source: String?) async throws -> CaseView {
        let routes = caseRoutes
        let cases = services.cases
        let note = try form.value("note").flatMap { $0.isEmpty ? nil : try TextRule.required($0, field: "note", limit: .remark) }
        let plain = { (action: CaseAction) in
            try await cases.take(action, item: item, note: note, by: principal, authorize: routes.authorization(action, by: principal))
        }
        switch step {
        case .accept: return try await plain(.accept)
        case .investigate: return try await plain(.investigate)
        case .forward: return try await plain(.forward)
        case .close: return try await plain(.close)
        case .findings:
            let caseID = try await cases.context(ofItem: item).caseID
            let current = try await cases.view(caseID, visibleTo: principal.departmentFilter)?.facts ?? CaseFactsDeclaration()
            return try await cases.submitFindings(
                item: item, facts: try Self.facts(form, over: current), note: note, by: principal,
                authorize: routes.authorization(.submitFindings, by: principal))
        case .approve:
            return try await cases.approve(item: item, by: principal, source: source, authorize: routes.authorization(.approve, by: principal))
        case .reject:
            let code = form.value("code").flatMap { $0.isEmpty ? nil : $0 }
            let draft = try RejectionDraft(
                code: code, reason: form.value("reason") ?? "", basis: form.value("basis") ?? "", notice: form.value("notice") ?? "")
            return try await cases.reject(item: item, draft, by: principal, source: source, authorize: routes.authorization(.reject, by: principal))
        case .pay:
            return try await cases.pay(
                item: item, try Self.payment(form), by: principal, source: source, authorize: routes.authorization(.pay, by: principal))
        case .followUp:
            return try await cases.followUp(item: item, by: principal, authorize: routes.authorization(.followUp, by: principal))
        case .papersComplete:
            return try await cases.completePapers(item: item, by: principal, authorize: routes.handler(principal))
        }
    }

    /// The facts after an investigation: `current` (what was declared or found before) with the
    /// fields the form holds set as the form has them, an emptied field unknown again. Members
    /// and facts the form does not show are kept.
    static func facts(_ form: ConsoleForm, over current: CaseFactsDeclaration) throws -> CaseFactsDeclaration {
        var facts = current
        let named = Set(form.typed.keys.compactMap { key in key.split(separator: ".", maxSplits: 1).last.flatMap { UUID(uuidString: String($0)) } })
        let fresh = named.subtracting(current.members.map(\.personID)).sorted { $0.uuidString < $1.uuidString }
        facts.members = try (current.members + fresh.map { CaseFactsDeclaration.Member(personID: $0) }).map { declared in
            guard named.contains(declared.personID) else { return declared }
            var member = declared
            let key = declared.personID.uuidString
            try update(&member.monthlyIncomeFen, form, "income.\(key)") { try amount($0, field: "monthlyIncomeFen") }
            try update(&member.workCapacity, form, "work.\(key)") { try choice($0, WorkCapacity.self, field: "workCapacity") }
            try update(&member.selfCare, form, "care.\(key)") { try choice($0, SelfCare.self, field: "selfCare") }
            try update(&member.schoolStage, form, "school.\(key)") { try choice($0, SchoolStage.self, field: "schoolStage") }
            try update(&member.registeredUnemployed, form, "unemployed.\(key)") { try yesNo($0, field: "registeredUnemployed") }
            try update(&member.hasAbleSupporter, form, "supporter.\(key)") { try yesNo($0, field: "hasAbleSupporter") }
            try update(&member.lacksParentalCare, form, "parental.\(key)") { try yesNo($0, field: "lacksParentalCare") }
            return member
        }
        try update(&facts.financialAssetsFen, form, "assets") { try amount($0, field: "financialAssetsFen") }
        try update(&facts.annualRigidExpenditureFen, form, "rigid") { try amount($0, field: "annualRigidExpenditureFen") }
        try update(&facts.vehicles, form, "vehicles") { text in
            guard let count = Int(text), (0...100).contains(count) else {
                throw FieldError(field: "vehicles", code: "invalid", message: "vehicles is a count from 0 to 100")
            }
            return count
        }
        return facts
    }

    /// Sets `fact` from the form's field `name` when the form has it: empty makes it unknown, else `read` reads it.
    private static func update<T>(_ fact: inout T?, _ form: ConsoleForm, _ name: String, _ read: (String) throws -> T) throws {
        guard let text = form.value(name) else { return }
        fact = text.isEmpty ? nil : try read(text)
    }

    /// A payment's form: the amount in yuan, the month, the payee and the voucher number.
    static func payment(_ form: ConsoleForm) throws -> PaymentDraft {
        guard let text = form.value("amount"), !text.isEmpty else {
            throw FieldError(field: "amountFen", code: "required", message: "the amount paid is required")
        }
        guard let period = form.value("period").flatMap(ChineseFormat.month(input:)) else {
            throw FieldError(field: "period", code: "invalid", message: "the month paid for is a month such as 2026-12")
        }
        guard let payee = form.value("payee").flatMap(UUID.init(uuidString:)) else {
            throw FieldError(field: "payeePersonID", code: "required", message: "the payee is one of the household's members")
        }
        let reference = form.value("reference").flatMap { $0.isEmpty ? nil : $0 }
        return try PaymentDraft(amountFen: try amount(text, field: "amountFen"), period: period, payeePersonID: payee, reference: reference)
    }

    /// The fen `text` names in yuan.
    static func amount(_ text: String, field: String) throws -> Int {
        guard let fen = ChineseFormat.fen(yuanInput: text) else {
            throw FieldError(field: field, code: "invalid_amount", message: "\(field) is an amount in yuan with at most two decimals")
        }
        return fen
    }

    /// The fen typed in yuan into `name`; nil when left empty.
    static func amount(_ form: ConsoleForm, _ name: String, field: String) throws -> Int? {
        guard let text = form.value(name), !text.isEmpty else { return nil }
        return try amount(text, field: field)
    }

    private static func choice<T: RawRepresentable>(_ text: String, _ type: T.Type, field: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw FieldError(field: field, code: "invalid", message: "\(field) is not one of the choices") }
        return value
    }

    private static func yesNo(_ text: String, field: String) throws -> Bool {
        guard let value = Bool(text) else { throw FieldError(field: field, code: "invalid", message: "\(field) is yes or no") }
        return value
    }

    /// What is wrong with a case form, in Chinese; nil for an error that is not the form's (a
    /// refusal, a step the item's state no longer allows), which the error page explains.
    static func caseProblem(_ error: any Error) -> String? {
        switch error {
        case let problem as FieldError: fieldProblem(problem.field)
        case CaseError.notEligible(let finding): "按政策规则不符合条件：\(finding.reason)（\(finding.basis)）。请作出不予救助决定。"
        case CaseError.incompleteFacts(let missing): "尚缺：" + missing.map { FactName.chinese($0.field) }.joined(separator: "、") + "。请在调查意见中补充。"
        case CaseError.paymentRefused(let code, _, _):
            switch code {
            case "already_paid": "这个月份已登记过发放。"
            case "above_approved": "发放金额超过核定金额。"
            case "nothing_to_pay": "这项认定不发放资金。"
            default: "这笔发放不在核定范围内（\(code)）。"
            }
        case CaseError.subjectMismatch: "个人类救助须选择为哪位成员申请；按户救助不选成员。"
        case CaseError.unknownType: "所选救助类型有误，请重新选择。"
        default: nil
        }
    }

    private static func fieldProblem(_ field: String?) -> String {
        if let field, field.hasPrefix("facts.members"), field.hasSuffix("personID") { return "所填成员不是本户在册成员，请刷新页面后重新填写。" }
        return switch field?.split(separator: ".").last.map(String.init) ?? "" {
        case "reason": "请填写不予救助的理由（不超过\(TextLimit.remark.maximum)字）。"
        case "basis": "请写明依据（政策或法规条款，不超过\(TextLimit.brief.maximum)字）。"
        case "notice": "请写明何时以何种方式告知申请人（不超过\(TextLimit.brief.maximum)字）。"
        case "note": "备注不能超过\(TextLimit.remark.maximum)字。"
        case "amountFen": "请填写发放金额，以元为单位，最多两位小数。"
        case "period": "请选择发放所属月份。"
        case "payeePersonID": "请选择领款人（本户在册成员）。"
        case "monthlyIncomeFen", "financialAssetsFen", "annualRigidExpenditureFen": "金额请以元为单位填写，最多两位小数。"
        case "vehicles": "机动车数量请填写0到100之间的整数。"
        case "workCapacity", "selfCare", "schoolStage", "registeredUnemployed", "hasAbleSupporter", "lacksParentalCare": "所选调查结果有误，请重新选择。"
        case "personID": "个人类救助须选择为哪位成员申请。"
        case "items": "请至少选择一项救助类型。"
        case "description": "请填写困难情况（不超过\(TextLimit.statement.maximum)字）。"
        case "costFen", "selfPaidMedicalFen": "金额请以元为单位填写，最多两位小数。"
        case "applicantPersonID": "申请人须是本户在册成员。"
        default: "填写有误，请检查后重新提交。"
        }
    }

    /// The page of case `id` with the steps the caller may take on each item.
    func casePage(
        _ id: UUID, _ request: Request, _ context: SafetyNetRequestContext, notice: String?, sent: SentCaseForm? = nil,
        sentJoint: SentJointForm? = nil
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases)
        guard let view = try await services.cases.view(id, visibleTo: principal.departmentFilter) else { throw APIError.notFound("case") }
        try principal.require(.readCases, in: view.gridCode)
        guard let household = try await services.registry.household(view.householdID) else { throw APIError.notFound("household") }
        let offers = Dictionary(uniqueKeysWithValues: view.items.map { ($0.id, steps(on: $0, of: view, by: principal)) })
        var assessments: [UUID: AssessmentView] = [:]
        for item in view.items where offers[item.id]?.contains(where: { $0 == .approve || $0 == .reject }) == true {
            assessments[item.id] = try await services.cases.assessment(item: item.id) {
                try principal.require(.readCases, module: $0.module, in: $0.gridCode)
            }
        }
        let page = CasePage(
            frame: try frame("救助申请：\(household.address)", request, context, notice: notice), case: view, household: household, offers: offers,
            assessments: assessments, sent: sent, joint: jointOffers(view, by: principal, sent: sentJoint), now: services.clock.now(),
            departmentName: services.catalog.departmentName)
        return html(renderer.render(page))
    }

    /// The joint-case forms `principal` may use on `view` now, by the API's own checks: opening it
    /// (the lead, naming the departments that are on), answering for a department still asked,
    /// concluding once every one answered.
    func jointOffers(_ view: CaseView, by principal: Principal, sent: SentJointForm?) -> JointOffers {
        let catalog = services.catalog
        let lead = catalog.leadModule
        let leads = lead != nil && (try? principal.requireLeading(leadModule: lead, in: view.gridCode)) != nil
        guard let joint = view.joint else {
            let departments = services.modules.modules.map(\.descriptor.id).filter {
                catalog.departments.contains($0) && services.modules.isEnabled($0)
            }
            // The API asks for a department besides the lead and an item still open; without them,
            // opening would always be refused.
            guard leads, departments.contains(where: { $0 != lead }), view.items.contains(where: { $0.state != .closed }) else {
                return .nothing
            }
            return JointOffers(departments: departments.map { ($0, catalog.departmentName($0)) }, answering: [], conclude: false, sent: sent)
        }
        guard joint.concludedAt == nil else { return .nothing }
        let pending = joint.contributions.filter { $0.answeredAt == nil }.map(\.module)
        let answering = pending.filter { module in
            services.modules.isEnabled(module)
                && (try? principal.requireActing(.decideCases, for: module, leadModule: lead, in: view.gridCode)) != nil
        }
        return JointOffers(departments: [], answering: answering, conclude: leads && pending.isEmpty, sent: sent)
    }

    /// The steps `principal` may take on `item` now: those its state allows that pass the API's check.
    /// Forwarding is offered once, to a town, for a type the district decides; a payment while the
    /// approval leaves money to pay.
    func steps(on item: CaseItemView, of view: CaseView, by principal: Principal) -> [CaseStep] {
        let routes = caseRoutes
        let context = services.cases.context(of: item, in: view)
        let passes = { (check: CaseStore.Authorize) in (try? check(context)) != nil }
        return CaseStep.allCases.filter { step in
            guard let action = step.action else {
                return item.deadlines.contains { $0.kind == .papers && $0.metAt == nil } && passes(routes.handler(principal))
            }
            guard CaseWorkflow.next(after: action, from: item.state, urgent: item.urgent) != nil else { return false }
            if step == .forward, item.forwardedAt != nil || principal.role != .town || context.decisionLevel == .town { return false }
            if step == .pay, !Self.leavesSomethingToPay(item) { return false }
            return passes(routes.authorization(action, by: principal))
        }
    }

    /// Whether an approval leaves money to pay: a monthly benefit always does, a recognition never,
    /// a single or yearly amount until it is paid in full.
    static func leavesSomethingToPay(_ item: CaseItemView) -> Bool {
        switch item.benefit?.period {
        case .monthly: true
        case .once, .annual: item.paidFen < item.benefit?.amountFen ?? 0
        case .recognition, nil: false
        }
    }
}
