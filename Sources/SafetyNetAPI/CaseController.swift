import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Cases: filing an application for one or more assistance types, each type's review and
/// decision by its own department, payments, follow-up, and the catalog of types.
struct CaseController {
    let registry: RegistryStore
    let cases: CaseStore
    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard

    struct NewCase: Codable, WireConstrained {
        struct Item: Codable, WireConstrained {
            let type: AssistanceTypeID
            let personID: UUID?
            static let fieldRules: [String: [FieldRule]] = [
                "type": [.note("an assistance type id such as civil-affairs.dibao; GET /api/v1/assistance-types lists them")],
                "personID": [.note("the member, for person-level types")],
            ]
        }
        struct ClaimBody: Codable, WireConstrained {
            let selfPaidMedicalFen: Int?
            let costFen: Int?
            static let fieldRules: [String: [FieldRule]] = ["selfPaidMedicalFen": [.amount], "costFen": [.amount]]
        }
        let householdID: UUID
        let items: [Item]
        let urgency: Urgency?
        let description: String
        let applicantPersonID: UUID?
        let onBehalf: Bool?
        let facts: CaseFactsDeclaration?
        let claim: ClaimBody?
        let referralID: UUID?

        static let fieldRules: [String: [FieldRule]] = [
            "items": [.minimumItems(1), .maximumItems(20)], "description": [.text(.statement)],
            "onBehalf": [.note("filed by a worker for the resident (帮办代办)")], "referralID": [.note("the referral this application answers")],
        ]
    }

    struct Note: Codable, WireConstrained {
        let note: String?
        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.remark)]]
    }

    struct Findings: Codable, WireConstrained {
        let facts: CaseFactsDeclaration?
        let note: String?
        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.remark)]]
    }

    struct Rejection: Codable, WireConstrained {
        let code: String?
        let reason: String
        let basis: String
        let notice: String
        static let fieldRules: [String: [FieldRule]] = [
            "code": [.note("a finding code from GET case-items/{id}/assessment, when the rules found one")],
            "reason": [.text(.remark)], "basis": [.text(.brief), .note("the legal or policy basis")],
            "notice": [.text(.brief), .note("how and when the applicant was told")],
        ]
    }

    struct Payment: Codable, WireConstrained {
        let amountFen: Int
        let period: CalendarDate
        let payeePersonID: UUID
        let reference: String?
        static let fieldRules: [String: [FieldRule]] = ["amountFen": [.amount], "period": [.note("the first day of the month or period paid for")]]
    }

    struct JointOpening: Codable, WireConstrained {
        let reason: String
        let departments: [ModuleID]
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)], "departments": [.minimumItems(1)]]
    }

    struct Contribution: Codable, WireConstrained {
        let module: ModuleID?
        let contribution: String
        let amountFen: Int?
        static let fieldRules: [String: [FieldRule]] = ["contribution": [.text(.remark)], "amountFen": [.amount]]
    }

    struct Conclusion: Codable, WireConstrained {
        let conclusion: String
        static let fieldRules: [String: [FieldRule]] = ["conclusion": [.text(.statement)]]
    }

    struct CaseList: ResponseCodable { let items: [CaseView] }

    struct QueueCounts: ResponseCodable { let stages: [CaseQueueCount] }

    static let stage = Query.choice("stage", CaseQueueStage.self, "Only items in this stage (every stage an office acts in when left out)")
    static let urgent = Query.flag("urgent", "true for urgent items only (relief first)")
    static let order = Query.choice(
        "order", CaseQueueOrder.self, "due: the nearest time limit first (when left out); newest: the newest application first")
    static let limit = Query.integer("limit", in: 1...500, "Items per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...1_000_000, "Items to skip (0 when left out)")

    private var moduleFilter: QueryParameter<ModuleID> {
        Query.module("module", among: Set(catalog.all.map(\.id.module)), "Only this department's types")
    }

    func addRoutes(to routes: DocumentedRoutes) {
        let step: [HTTPResponse.Status] = [.forbidden, .conflict, .unprocessableContent]
        let theCase = APIOperation.Answer.ok(CaseView.self, "The case as it is now")
        routes.post(
            "cases", "File an application for one or more assistance types (一次申请、分类审核认定), for oneself or on a resident's behalf",
            body: NewCase.self, answers: [.created(CaseView.self, "Filed")], refusals: step, use: apply)
        routes.get(
            "case-items", "The work queue (待办): items in the caller's region still waiting for an office to act, with each one's nearest time limit",
            parameters: [
                Self.stage.documented, moduleFilter.documented, Self.urgent.documented, Self.order.documented, Self.limit.documented,
                Self.offset.documented,
            ],
            answers: [.ok(CaseQueuePage.self, "A page of the queue and the total it is from")], refusals: [.forbidden], use: queue)
        routes.get(
            "case-items/counts", "How many items of the work queue wait in each stage, and how many of them are past a time limit",
            parameters: [moduleFilter.documented, Self.urgent.documented],
            answers: [.ok(QueueCounts.self, "Every stage's count")], refusals: [.forbidden], use: queueCounts)
        routes.get("cases/{id}", "One case with its items, limits and joint handling", answers: [theCase], refusals: [.forbidden], use: read)
        routes.get(
            "households/{id}/cases", "A household's cases", answers: [.ok(CaseList.self, "The cases")], refusals: [.forbidden], use: ofHousehold)
        routes.post(
            "cases/{id}/joint", "The lead department opens joint handling (一事一议) with other departments", body: JointOpening.self,
            answers: [theCase], refusals: step, use: openJoint)
        routes.post(
            "cases/{id}/joint/contributions", "A department answers a joint case", body: Contribution.self,
            answers: [theCase], refusals: step, use: contribute)
        routes.post(
            "cases/{id}/joint/conclude", "The lead concludes a joint case once every department answered", body: Conclusion.self,
            answers: [theCase], refusals: step, use: concludeJoint)
        routes.get(
            "case-items/{id}/assessment",
            "What the type's rules say about the item now: eligible, benefit proposed, or the finding and missing facts",
            answers: [.ok(AssessmentView.self, "The assessment")], refusals: step, use: assessment)
        for action in [CaseAction.accept, .investigate, .forward, .withdraw, .close] {
            routes.post(
                "case-items/{id}/\(action.rawValue)", "Step: \(action.rawValue), with an optional note", body: Note.self, bodyOptional: true,
                answers: [theCase], refusals: step
            ) { request, context in try await take(action, request, context) }
        }
        routes.post(
            "case-items/{id}/findings", "Record the investigation's findings and verified facts", body: Findings.self,
            answers: [theCase], refusals: step, use: findings)
        routes.post(
            "case-items/{id}/approve", "Approve: the rules must find the household eligible", answers: [theCase], refusals: step, use: approve)
        routes.post(
            "case-items/{id}/reject", "Reject with the reason, the legal basis and how the applicant was told", body: Rejection.self,
            answers: [theCase], refusals: step, use: reject)
        routes.post(
            "case-items/{id}/payments", "Record a payment the approval covers", body: Payment.self,
            answers: [.created(CaseView.self, "The case with the payment")], refusals: step, use: pay)
        routes.post("case-items/{id}/follow-up", "Move an approved item to follow-up", answers: [theCase], refusals: step, use: followUp)
        routes.post(
            "case-items/{id}/papers-complete", "The applicant's papers are complete: the review limit starts",
            answers: [theCase], refusals: step, use: papersComplete)
    }

    @Sendable func apply(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<CaseView> {
        let principal = try context.requirePrincipal()
        try principal.require(.applyForAssistance)  // before the body is read: a role that may not file learns that first
        let body = try await StrictJSON.decode(NewCase.self, from: request, context: context)
        let urgency = body.urgency ?? .normal
        let draft = try CaseDraft(
            householdID: body.householdID, items: body.items.map { CaseDraft.Item(type: $0.type, personID: $0.personID) },
            urgency: urgency, description: body.description, applicantPersonID: body.applicantPersonID,
            onBehalf: body.onBehalf ?? false, facts: body.facts ?? CaseFactsDeclaration(),
            claim: Claim(urgency: urgency, selfPaidMedicalFen: body.claim?.selfPaidMedicalFen, costFen: body.claim?.costFen),
            referralID: body.referralID)
        return EditedResponse(status: .created, response: try await file(draft, by: principal, source: context.remoteAddress))
    }

    /// Files `draft` for `principal`, the API's application and the console's 帮办代办 alike: the
    /// types' modules must be on and the household in the filer's scope.
    func file(_ draft: CaseDraft, by principal: Principal, source: String?) async throws -> CaseView {
        try principal.require(.applyForAssistance)
        try modules.require(draft.items.map(\.type.module))
        return try await cases.apply(draft, by: principal, source: source) { grid in try principal.require(.applyForAssistance, in: grid) }
    }

    @Sendable func queue(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseQueuePage {
        let (base, query) = try queueFilter(request, context)
        var filter = base
        filter.stage = try query.read(Self.stage)
        filter.order = try query.read(Self.order) ?? .due
        return try await cases.queue(filter, limit: try query.read(Self.limit) ?? 100, offset: try query.read(Self.offset) ?? 0)
    }

    @Sendable func queueCounts(_ request: Request, context: SafetyNetRequestContext) async throws -> QueueCounts {
        QueueCounts(stages: try await cases.queueCounts(try queueFilter(request, context).filter))
    }

    /// The queue of the caller's region (an officer's: its department's), of the department and urgency the query asks for.
    private func queueFilter(_ request: Request, _ context: SafetyNetRequestContext) throws -> (filter: CaseQueueFilter, query: QueryInput) {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases)
        let query = try QueryInput(request)
        var filter = CaseQueueFilter(for: principal)
        filter.module = try filter.module ?? query.read(moduleFilter)
        filter.urgentOnly = try query.read(Self.urgent) ?? false
        return (filter, query)
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let principal = try context.requirePrincipal()
        try principal.require(.readCases)
        let id = try context.pathID()
        guard let view = try await cases.view(id, visibleTo: principal.departmentFilter) else { throw APIError.notFound("case") }
        try principal.require(.readCases, in: view.gridCode)
        return view
    }

    @Sendable func ofHousehold(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseList {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .readCases)
        return CaseList(items: try await cases.cases(ofHousehold: household, visibleTo: principal.departmentFilter))
    }

    @Sendable func openJoint(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, id) = try itemRequest(context)
        return try await openJoint(case: id, try await StrictJSON.decode(JointOpening.self, from: request, context: context), by: principal)
    }

    @Sendable func contribute(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, id) = try itemRequest(context)
        return try await contribute(to: id, try await StrictJSON.decode(Contribution.self, from: request, context: context), by: principal)
    }

    @Sendable func concludeJoint(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, id) = try itemRequest(context)
        return try await concludeJoint(case: id, try await StrictJSON.decode(Conclusion.self, from: request, context: context), by: principal)
    }

    /// Opens joint handling (一事一议) of case `id` as `body` asks, the API's and the console's alike:
    /// district civil affairs leads, and every department asked must be on.
    func openJoint(case id: UUID, _ body: JointOpening, by principal: Principal) async throws -> CaseView {
        guard let lead = catalog.leadModule else {
            throw APIError(.conflict, code: "no_lead", message: "no module leads joint cases; enable civil affairs")
        }
        let draft = try JointCaseDraft(reason: body.reason, departments: Set(body.departments), leadModule: lead)
        try modules.require(draft.departments.sorted())
        return try await cases.openJoint(case: id, draft, by: principal) { try principal.requireLeading(leadModule: lead, in: $0) }
    }

    /// Records a department's answer to joint case `id`: the department `body` names, else the caller's own (or the lead's).
    func contribute(to id: UUID, _ body: Contribution, by principal: Principal) async throws -> CaseView {
        let lead = catalog.leadModule
        guard let module = body.module ?? principal.department ?? lead else {
            throw FieldError(field: "module", code: "required", message: "name the department the contribution is from")
        }
        let draft = try JointContributionDraft(module: module, contribution: body.contribution, amountFen: body.amountFen)
        try modules.require(module)
        return try await cases.contribute(case: id, draft, by: principal) {
            try principal.requireActing(.decideCases, for: module, leadModule: lead, in: $0)
        }
    }

    /// Concludes joint case `id` once every department answered; the lead's step.
    func concludeJoint(case id: UUID, _ body: Conclusion, by principal: Principal) async throws -> CaseView {
        let lead = catalog.leadModule
        return try await cases.concludeJoint(case: id, conclusion: body.conclusion, by: principal) {
            try principal.requireLeading(leadModule: lead, in: $0)
        }
    }

    @Sendable func assessment(_ request: Request, context: SafetyNetRequestContext) async throws -> AssessmentView {
        let (principal, item) = try itemRequest(context)
        return try await cases.assessment(item: item) { try principal.require(.readCases, module: $0.module, in: $0.gridCode) }
    }

    @Sendable func take(_ action: CaseAction, _ request: Request, _ context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decodeOptional(Note.self, from: request, context: context)
        let note = try body?.note.map { try TextRule.required($0, field: "note", limit: .remark) }
        return try await cases.take(action, item: item, note: note, by: principal, authorize: authorization(action, by: principal))
    }

    @Sendable func findings(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Findings.self, from: request, context: context)
        let note = try body.note.map { try TextRule.required($0, field: "note", limit: .remark) }
        return try await cases.submitFindings(
            item: item, facts: body.facts, note: note, by: principal, authorize: authorization(.submitFindings, by: principal))
    }

    @Sendable func approve(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.approve(item: item, by: principal, source: context.remoteAddress, authorize: authorization(.approve, by: principal))
    }

    @Sendable func reject(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Rejection.self, from: request, context: context)
        let draft = try RejectionDraft(code: body.code, reason: body.reason, basis: body.basis, notice: body.notice)
        return try await cases.reject(
            item: item, draft, by: principal, source: context.remoteAddress, authorize: authorization(.reject, by: principal))
    }

    @Sendable func pay(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<CaseView> {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Payment.self, from: request, context: context)
        let draft = try PaymentDraft(amountFen: body.amountFen, period: body.period, payeePersonID: body.payeePersonID, reference: body.reference)
        let view = try await cases.pay(item: item, draft, by: principal, source: context.remoteAddress, authorize: authorization(.pay, by: principal))
        return EditedResponse(status: .created, response: view)
    }

    @Sendable func followUp(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.followUp(item: item, by: principal, authorize: authorization(.followUp, by: principal))
    }

    @Sendable func papersComplete(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.completePapers(item: item, by: principal, authorize: handler(principal))
    }

    private func itemRequest(_ context: SafetyNetRequestContext) throws -> (Principal, UUID) {
        (try context.requirePrincipal(), try context.pathID())
    }

    /// The check `action` on an item passes for `principal`, the same for the API and the console:
    /// handling steps by the type's department or the levels in scope, decisions and payments by
    /// the level that decides the type, closing by those who decide; the applicant's withdrawal
    /// even while the module is switched off.
    func authorization(_ action: CaseAction, by principal: Principal) -> CaseStore.Authorize {
        switch action {
        case .accept, .investigate, .submitFindings, .forward: handler(principal)
        case .approve, .reject, .pay, .followUp: decider(principal)
        case .close: gated { try principal.require(.decideCases, module: $0.module, in: $0.gridCode) }
        case .withdraw: { try principal.require(.handleCases, module: $0.module, in: $0.gridCode) }
        }
    }

    /// The check for handling steps: the type's own department, or the levels in scope.
    func handler(_ principal: Principal) -> CaseStore.Authorize {
        gated { try principal.require(.handleCases, module: $0.module, in: $0.gridCode) }
    }

    /// The check for deciding steps: the type's own department, at a level that may decide it.
    private func decider(_ principal: Principal) -> CaseStore.Authorize {
        let lead = catalog.leadModule
        return gated { try principal.requireDecision(on: $0.type, level: $0.decisionLevel, leadModule: lead, in: $0.gridCode) }
    }

    /// `check`, then the item's module must be switched on: a disabled module's items are kept, not
    /// worked. Reads (the assessment too) and the applicant's withdrawal are not gated.
    private func gated(_ check: @escaping CaseStore.Authorize) -> CaseStore.Authorize {
        let modules = modules
        return { context in
            try check(context)
            try modules.require(context.module)
        }
    }
}

/// The registered assistance types with the settings in force (read per request, as the admin
/// may change them) and whether each type's module is switched on now.
struct AssistanceTypesController {
    struct TypeEntry: Codable, ModuleOwnedEntry {
        let id: AssistanceTypeID
        let module: ModuleID
        let chineseName: String
        let englishName: String
        let subject: AssistanceSubject
        let decisionLevel: DecisionLevel
        let allowsUrgentRelief: Bool
        let fundingLine: String
        let requiredDocuments: [String]
        let settings: [SettingsController.Entry]
        /// Whether the type's module is on; a disabled module's types refuse new applications and steps.
        var enabled = true
    }

    struct Catalog: ResponseCodable { let items: [TypeEntry] }

    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard

    func addRoutes(to routes: DocumentedRoutes) {
        routes.get(
            "assistance-types",
            "The registered assistance types with their papers, decision level, the district settings in force and whether the type's module is switched on",
            answers: [.ok(Catalog.self, "The catalog")], use: list)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> Catalog {
        _ = try context.requirePrincipal()
        let settings = catalog.settings
        let items = catalog.all.map { type in
            TypeEntry(
                id: type.id, module: type.id.module, chineseName: type.chineseName, englishName: type.englishName, subject: type.subject,
                decisionLevel: type.decisionLevel, allowsUrgentRelief: type.allowsUrgentRelief, fundingLine: type.fundingLine,
                requiredDocuments: type.requiredDocuments,
                settings: (type.parameters + CaseTimeLimits.parameters(for: type.id)).map { SettingsController.Entry($0, in: settings) })
        }
        return Catalog(items: modules.marking(items))
    }
}

extension CaseView: ResponseCodable {}
extension AssessmentView: ResponseCodable {}
extension CaseQueuePage: ResponseCodable {}

extension CaseFactsDeclaration: WireConstrained {
    static let fieldRules: [String: [FieldRule]] = [
        "financialAssetsFen": [.amount], "vehicles": [.range(0...100)], "annualRigidExpenditureFen": [.amount],
    ]
}

extension CaseFactsDeclaration.Member: WireConstrained {
    static let fieldRules: [String: [FieldRule]] = ["monthlyIncomeFen": [.amount]]
}
