import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Referrals: sending a household's need from a visit, a case or by hand to a department or
/// level, the addressee's answer, re-addressing what was handed back, and the inbox and sent box.
struct ReferralController {
    let registry: RegistryStore
    let referrals: ReferralStore
    let catalog: AssistanceCatalog
    let modules: ModuleSwitchboard

    struct NewReferral: Codable, WireConstrained {
        let householdID: UUID
        let personID: UUID?
        let visitID: UUID?
        let caseItemID: UUID?
        let need: Need
        let description: String
        let module: ModuleID?
        let level: HandlingLevel?

        static let fieldRules: [String: [FieldRule]] = [
            "visitID": [.note("the visit that found the need")], "caseItemID": [.note("the case item that needs another department")],
            "description": [.text(.statement)], "module": [.note("the department, e.g. medical-aid; routed by the need when left out")],
        ]
    }

    struct Answer: Codable, WireConstrained {
        let answer: String
        static let fieldRules: [String: [FieldRule]] = ["answer": [.text(.remark)]]
    }

    struct Decline: Codable, WireConstrained {
        let reason: String
        let basis: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)], "basis": [.text(.brief)]]
    }

    struct HandBack: Codable, WireConstrained {
        let reason: String
        static let fieldRules: [String: [FieldRule]] = ["reason": [.text(.remark)]]
    }

    struct Note: Codable, WireConstrained {
        let note: String?
        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.remark)]]
    }

    struct Address: Codable {
        let module: ModuleID?
        let level: HandlingLevel?
    }

    struct ReferralList: ResponseCodable { let items: [ReferralView] }

    static let box = Query.word(
        "box", among: ["inbox", "sent"], "inbox (the default): open referrals the caller answers; sent: what the caller sent, with the answers")
    static let limit = Query.integer("limit", in: 1...500, "The sent box: referrals per page (100 when left out)")
    static let offset = Query.integer("offset", in: 0...1_000_000, "The sent box: referrals to skip, newest first (0 when left out)")

    func addRoutes(to routes: DocumentedRoutes) {
        let step: [HTTPResponse.Status] = [.forbidden, .conflict, .unprocessableContent]
        let referral = APIOperation.Answer.ok(ReferralView.self, "The referral as it is now")
        routes.post(
            "referrals", "Send a household's need to a department or level (转办), from a visit, a case item or by hand",
            body: NewReferral.self, answers: [.created(ReferralView.self, "Sent")], refusals: step, use: send)
        routes.get(
            "referrals", "The caller's inbox (up to 500 open referrals, the earliest due first) or sent box (a page, newest first)",
            parameters: [Self.box.documented, Self.limit.documented, Self.offset.documented],
            answers: [.ok(ReferralList.self, "The referrals")], refusals: [.forbidden], use: list)
        routes.get("referrals/{id}", "One referral", answers: [referral], refusals: [.forbidden], use: read)
        routes.get(
            "households/{id}/referrals", "A household's referrals", answers: [.ok(ReferralList.self, "The referrals")],
            refusals: [.forbidden], use: ofHousehold)
        routes.post(
            "referrals/{id}/accept", "Accept: the answer limit starts", body: Note.self, bodyOptional: true,
            answers: [referral], refusals: step, use: accept)
        routes.post("referrals/{id}/resolve", "Resolve with the answer", body: Answer.self, answers: [referral], refusals: step, use: resolve)
        routes.post(
            "referrals/{id}/decline", "Decline with a reason and its basis", body: Decline.self, answers: [referral], refusals: step, use: decline)
        routes.post(
            "referrals/{id}/hand-back", "Hand back to the sender: not ours", body: HandBack.self, answers: [referral], refusals: step, use: handBack)
        routes.post(
            "referrals/{id}/readdress", "The sender re-addresses a referral handed back", body: Address.self,
            answers: [referral], refusals: step, use: readdress)
    }

    @Sendable func send(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<ReferralView> {
        let principal = try context.requirePrincipal()
        try principal.require(.sendReferrals)
        let body = try await StrictJSON.decode(NewReferral.self, from: request, context: context)
        let origin: ReferralDraft.Origin
        switch (body.visitID, body.caseItemID) {
        case (let visit?, nil): origin = .visit(visit)
        case (nil, let item?): origin = .caseItem(item)
        case (nil, nil): origin = .manual
        case (_?, _?):
            throw FieldError(field: "caseItemID", code: "one_origin", message: "name the visit or the case item the need came from, not both")
        }
        let draft = try ReferralDraft(
            householdID: body.householdID, personID: body.personID, origin: origin, need: body.need,
            description: body.description, module: body.module, level: body.level)
        return EditedResponse(status: .created, response: try await Self.send(draft, by: principal, referrals: referrals, modules: modules))
    }

    /// Sends `draft` for `principal`, from the API or the console: a named department must be
    /// switched on (an unnamed one is routed to a department that is), and the caller must send
    /// referrals in the household's grid.
    static func send(_ draft: ReferralDraft, by principal: Principal, referrals: ReferralStore, modules: ModuleSwitchboard) async throws
        -> ReferralView
    {
        if let department = draft.module { try modules.require(department) }
        return try await referrals.send(draft, by: principal) { grid in try principal.require(.sendReferrals, in: grid) }
    }

    /// `?box=inbox` (the default): open referrals the caller answers; `?box=sent`: what the caller sent, with the answers.
    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralList {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request)
        // Read before the box is chosen, so that a bad value is refused whichever box is asked for.
        let (limit, offset) = (try query.read(Self.limit) ?? 100, try query.read(Self.offset) ?? 0)
        switch try query.read(Self.box) ?? "inbox" {
        case "inbox":
            try principal.require(.answerReferrals)
            return ReferralList(items: try await referrals.inbox(of: principal))
        case "sent":
            try principal.require(.sendReferrals)
            return ReferralList(items: try await referrals.sent(by: principal, limit: limit, offset: offset))
        default:
            throw FieldError(field: "box", code: "invalid", message: "box is inbox or sent")
        }
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let principal = try context.requirePrincipal()
        return try await referrals.view(try context.pathID()) {
            try principal.requireReading(referralTo: $0.address, grid: $0.gridCode, sentBy: $0.sentBy)
        }
    }

    @Sendable func ofHousehold(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralList {
        let (principal, household) = try await ScopeCheck(registry: registry).household(context, .readCases)
        return ReferralList(items: try await referrals.referrals(ofHousehold: household, visibleTo: principal))
    }

    @Sendable func accept(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let body = try await StrictJSON.decodeOptional(Note.self, from: request, context: context)
        return try await answer(ReferralAnswerDraft(action: .accept, text: body?.note, basis: nil), context)
    }

    @Sendable func resolve(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let body = try await StrictJSON.decode(Answer.self, from: request, context: context)
        return try await answer(ReferralAnswerDraft(action: .resolve, text: body.answer, basis: nil), context)
    }

    @Sendable func decline(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let body = try await StrictJSON.decode(Decline.self, from: request, context: context)
        return try await answer(ReferralAnswerDraft(action: .decline, text: body.reason, basis: body.basis), context)
    }

    @Sendable func handBack(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let body = try await StrictJSON.decode(HandBack.self, from: request, context: context)
        return try await answer(ReferralAnswerDraft(action: .handBack, text: body.reason, basis: nil), context)
    }

    @Sendable func readdress(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralView {
        let principal = try context.requirePrincipal()
        let body = try await StrictJSON.decode(Address.self, from: request, context: context)
        if let department = body.module { try modules.require(department) }
        return try await referrals.readdress(
            try context.pathID(), module: body.module, level: body.level,
            by: principal
        ) { try principal.requireReaddressing(grid: $0.gridCode, sentBy: $0.sentBy) }
    }

    private func answer(_ draft: ReferralAnswerDraft, _ context: SafetyNetRequestContext) async throws -> ReferralView {
        let principal = try context.requirePrincipal()
        return try await referrals.answer(
            try context.pathID(), draft, by: principal,
            authorize: Self.answerer(principal, catalog: catalog, modules: modules))
    }

    /// The check for answering: the addressed level in scope or the named department, whose
    /// module must be switched on, except at the district lead, which answers for every
    /// department: a referral that climbed there from a switched-off one is not stranded.
    static func answerer(_ principal: Principal, catalog: AssistanceCatalog, modules: ModuleSwitchboard) -> ReferralStore.Authorize {
        let lead = catalog.leadModule
        return { referral in
            try principal.requireAnswer(to: referral.address, grid: referral.gridCode, leadModule: lead)
            if referral.address.level != .districtLead, let department = referral.address.module { try modules.require(department) }
        }
    }
}

extension ReferralView: ResponseCodable {}
