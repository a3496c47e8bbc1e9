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

    struct NewCase: Codable {
        struct Item: Codable { let type: AssistanceTypeID; let personID: UUID? }
        struct ClaimBody: Codable { let selfPaidMedicalFen: Int?; let costFen: Int? }
        let householdID: UUID
        let items: [Item]
        let urgency: Urgency?
        let description: String
        let applicantPersonID: UUID?
        let onBehalf: Bool?
        let facts: CaseFactsDeclaration?
        let claim: ClaimBody?
        let referralID: UUID?
    }

    struct Note: Codable { let note: String? }
    struct Findings: Codable { let facts: CaseFactsDeclaration?; let note: String? }
    struct Rejection: Codable { let code: String?; let reason: String; let basis: String; let notice: String }
    struct Payment: Codable { let amountFen: Int; let period: CalendarDate; let payeePersonID: UUID; let reference: String? }

    struct JointOpening: Codable { let reason: String; let departments: [ModuleID] }
    struct Contribution: Codable { let module: ModuleID?; let contribution: String; let amountFen: Int? }
    struct Conclusion: Codable { let conclusion: String }

    struct CaseList: ResponseEncodable { let items: [CaseView] }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.post("cases", use: apply)
        group.get("cases/{id}", use: read)
        group.get("households/{id}/cases", use: ofHousehold)
        group.post("cases/{id}/joint", use: openJoint)
        group.post("cases/{id}/joint/contributions", use: contribute)
        group.post("cases/{id}/joint/conclude", use: concludeJoint)
        group.get("case-items/{id}/assessment", use: assessment)
        for action in [CaseAction.accept, .investigate, .forward, .withdraw, .close] {
            group.post("case-items/{id}/\(action.rawValue)") { request, context in try await take(action, request, context) }
        }
        group.post("case-items/{id}/findings", use: findings)
        group.post("case-items/{id}/approve", use: approve)
        group.post("case-items/{id}/reject", use: reject)
        group.post("case-items/{id}/payments", use: pay)
        group.post("case-items/{id}/follow-up", use: followUp)
        group.post("case-items/{id}/papers-complete", use: papersComplete)
    }

    @Sendable func apply(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<CaseView> {
        let principal = try context.requirePrincipal()
        try principal.require(.applyForAssistance)
        let body = try await StrictJSON.decode(NewCase.self, from: request, context: context)
        let urgency = body.urgency ?? .normal
        let draft = try CaseDraft(
            householdID: body.householdID, items: body.items.map { CaseDraft.Item(type: $0.type, personID: $0.personID) },
            urgency: urgency, description: body.description, applicantPersonID: body.applicantPersonID,
            onBehalf: body.onBehalf ?? false, facts: body.facts ?? CaseFactsDeclaration(),
            claim: Claim(urgency: urgency, selfPaidMedicalFen: body.claim?.selfPaidMedicalFen, costFen: body.claim?.costFen),
            referralID: body.referralID)
        try modules.require(body.items.map(\.type.module))
        let view = try await cases.apply(draft, by: principal, source: context.remoteAddress) { grid in
            try principal.require(.applyForAssistance, in: grid)
        }
        return EditedResponse(status: .created, response: view)
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
        let body = try await StrictJSON.decode(JointOpening.self, from: request, context: context)
        guard let lead = catalog.leadModule else { throw APIError(.conflict, code: "no_lead", message: "no module leads joint cases; enable civil affairs") }
        let draft = try JointCaseDraft(reason: body.reason, departments: Set(body.departments), leadModule: lead)
        try modules.require(draft.departments.sorted())
        return try await cases.openJoint(case: id, draft, by: principal) { try principal.requireLeading(leadModule: lead, in: $0) }
    }

    @Sendable func contribute(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, id) = try itemRequest(context)
        let body = try await StrictJSON.decode(Contribution.self, from: request, context: context)
        let lead = catalog.leadModule
        guard let module = body.module ?? principal.department ?? lead else {
            throw FieldError(field: "module", code: "required", message: "name the department the contribution is from")
        }
        let draft = try JointContributionDraft(module: module, contribution: body.contribution, amountFen: body.amountFen)
        try modules.require(module)
        return try await cases.contribute(case: id, draft, by: principal) { try principal.requireActing(for: module, leadModule: lead, in: $0) }
    }

    @Sendable func concludeJoint(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, id) = try itemRequest(context)
        let body = try await StrictJSON.decode(Conclusion.self, from: request, context: context)
        let lead = catalog.leadModule
        return try await cases.concludeJoint(case: id, conclusion: body.conclusion, by: principal) { try principal.requireLeading(leadModule: lead, in: $0) }
    }

    @Sendable func assessment(_ request: Request, context: SafetyNetRequestContext) async throws -> AssessmentView {
        let (principal, item) = try itemRequest(context)
        return try await cases.assessment(item: item) { try principal.require(.readCases, module: $0.module, in: $0.gridCode) }
    }

    @Sendable func take(_ action: CaseAction, _ request: Request, _ context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decodeOptional(Note.self, from: request, context: context)
        let note = try body?.note.map { try TextRule.required($0, field: "note", maximum: 1_000) }
        let permission: Permission = action == .close ? .decideCases : .handleCases
        let check: CaseStore.Authorize = { try principal.require(permission, module: $0.module, in: $0.gridCode) }
        return try await cases.take(action, item: item, note: note, by: principal, authorize: action == .withdraw ? check : gated(check))
    }

    @Sendable func findings(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Findings.self, from: request, context: context)
        let note = try body.note.map { try TextRule.required($0, field: "note", maximum: 1_000) }
        return try await cases.submitFindings(item: item, facts: body.facts, note: note, by: principal, authorize: handler(principal))
    }

    @Sendable func approve(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.approve(item: item, by: principal, source: context.remoteAddress, authorize: decider(principal))
    }

    @Sendable func reject(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Rejection.self, from: request, context: context)
        let draft = try RejectionDraft(code: body.code, reason: body.reason, basis: body.basis, notice: body.notice)
        return try await cases.reject(item: item, draft, by: principal, source: context.remoteAddress, authorize: decider(principal))
    }

    @Sendable func pay(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<CaseView> {
        let (principal, item) = try itemRequest(context)
        let body = try await StrictJSON.decode(Payment.self, from: request, context: context)
        let draft = try PaymentDraft(amountFen: body.amountFen, period: body.period, payeePersonID: body.payeePersonID, reference: body.reference)
        let view = try await cases.pay(item: item, draft, by: principal, source: context.remoteAddress, authorize: decider(principal))
        return EditedResponse(status: .created, response: view)
    }

    @Sendable func followUp(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.followUp(item: item, by: principal, authorize: decider(principal))
    }

    @Sendable func papersComplete(_ request: Request, context: SafetyNetRequestContext) async throws -> CaseView {
        let (principal, item) = try itemRequest(context)
        return try await cases.completePapers(item: item, by: principal, authorize: handler(principal))
    }

    private func itemRequest(_ context: SafetyNetRequestContext) throws -> (Principal, UUID) {
        (try context.requirePrincipal(), try context.pathID())
    }

    /// The check for handling steps: the type's own department, or the levels in scope.
    private func handler(_ principal: Principal) -> CaseStore.Authorize {
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

/// The registered assistance types with the settings in force, built once since neither changes
/// while the server runs, and whether each type's module is switched on now.
struct AssistanceTypesController {
    struct TypeEntry: Codable {
        let id: AssistanceTypeID
        let module: ModuleID
        let chineseName: String
        let englishName: String
        let subject: AssistanceSubject
        let decisionLevel: DecisionLevel
        let allowsUrgentRelief: Bool
        let fundingLine: String
        let requiredDocuments: [String]
        let settings: [Setting]
        /// Whether the type's module is on; a disabled module's types refuse new applications and steps.
        var enabled = true
    }

    struct Setting: Codable { let key: String; let value: Int; let defaultValue: Int; let unit: ParameterUnit; let summary: String }

    struct Catalog: ResponseEncodable { let items: [TypeEntry] }

    let listing: Catalog
    let modules: ModuleSwitchboard

    init(catalog: AssistanceCatalog, modules: ModuleSwitchboard) {
        self.modules = modules
        listing = Catalog(items: catalog.all.map { type in
            TypeEntry(
                id: type.id, module: type.id.module, chineseName: type.chineseName, englishName: type.englishName, subject: type.subject,
                decisionLevel: type.decisionLevel, allowsUrgentRelief: type.allowsUrgentRelief, fundingLine: type.fundingLine,
                requiredDocuments: type.requiredDocuments,
                settings: (type.parameters + CaseTimeLimits.parameters(for: type.id)).map {
                    Setting(key: $0.key, value: catalog.settings.value($0), defaultValue: $0.defaultValue, unit: $0.unit, summary: $0.summary)
                })
        })
    }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("assistance-types", use: list)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> Catalog {
        _ = try context.requirePrincipal()
        return Catalog(items: listing.items.map { entry in
            var entry = entry
            entry.enabled = modules.isEnabled(entry.module)
            return entry
        })
    }
}

extension CaseView: ResponseEncodable {}
extension AssessmentView: ResponseEncodable {}
