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

    struct NewReferral: Codable {
        let householdID: UUID
        let personID: UUID?
        let visitID: UUID?
        let caseItemID: UUID?
        let need: Need
        let description: String
        let module: ModuleID?
        let level: HandlingLevel?
    }

    struct Answer: Codable { let answer: String? }
    struct Decline: Codable { let reason: String; let basis: String }
    struct HandBack: Codable { let reason: String }
    struct Note: Codable { let note: String? }
    struct Address: Codable { let module: ModuleID?; let level: HandlingLevel? }

    struct ReferralList: ResponseEncodable { let items: [ReferralView] }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.post("referrals", use: send)
        group.get("referrals", use: list)
        group.get("referrals/{id}", use: read)
        group.get("households/{id}/referrals", use: ofHousehold)
        group.post("referrals/{id}/accept", use: accept)
        group.post("referrals/{id}/resolve", use: resolve)
        group.post("referrals/{id}/decline", use: decline)
        group.post("referrals/{id}/hand-back", use: handBack)
        group.post("referrals/{id}/readdress", use: readdress)
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
        case (_?, _?): throw FieldError(field: "caseItemID", code: "one_origin", message: "name the visit or the case item the need came from, not both")
        }
        let draft = try ReferralDraft(householdID: body.householdID, personID: body.personID, origin: origin, need: body.need,
                                      description: body.description, module: body.module, level: body.level)
        if let department = body.module { try modules.require(department) }  // an unnamed one is routed to a department that is on
        let view = try await referrals.send(draft, by: principal) { grid in try principal.require(.sendReferrals, in: grid) }
        return EditedResponse(status: .created, response: view)
    }

    /// `?box=inbox` (the default): open referrals the caller answers; `?box=sent`: what the caller sent, with the answers.
    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> ReferralList {
        let principal = try context.requirePrincipal()
        switch try QueryInput(request).word("box", among: ["inbox", "sent"], fallback: "inbox") {
        case "inbox":
            try principal.require(.answerReferrals)
            return ReferralList(items: try await referrals.inbox(of: principal))
        case "sent":
            try principal.require(.sendReferrals)
            return ReferralList(items: try await referrals.sent(by: principal))
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
        return try await referrals.readdress(try context.pathID(), module: body.module, level: body.level,
                                             by: principal) { try principal.requireReaddressing(grid: $0.gridCode, sentBy: $0.sentBy) }
    }

    private func answer(_ draft: ReferralAnswerDraft, _ context: SafetyNetRequestContext) async throws -> ReferralView {
        let principal = try context.requirePrincipal()
        return try await referrals.answer(try context.pathID(), draft, by: principal,
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

extension ReferralView: ResponseEncodable {}
