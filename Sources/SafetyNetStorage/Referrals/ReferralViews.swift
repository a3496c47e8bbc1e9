import Foundation
import SafetyNetKernel

/// A referral as sent: the household's need, where it came from, and whom it goes to.
public struct ReferralDraft: Sendable, Hashable {
    /// Where the need was found.
    public enum Origin: Sendable, Hashable {
        case visit(UUID)
        case caseItem(UUID)
        case manual

        /// The origin's kind.
        public var kind: ReferralOrigin {
            switch self {
            case .visit: .visit
            case .caseItem: .caseItem
            case .manual: .manual
            }
        }
    }

    public let householdID: UUID
    /// The member concerned, when the need is one person's.
    public let personID: UUID?
    public let origin: Origin
    public let need: Need
    public let description: String
    /// The department named by the sender, if any.
    public let module: ModuleID?
    /// The level named by the sender, if any.
    public let level: HandlingLevel?

    /// Validates the description (1–2000 characters).
    public init(householdID: UUID, personID: UUID?, origin: Origin, need: Need, description: String, module: ModuleID?, level: HandlingLevel?)
        throws(FieldError)
    {
        self.householdID = householdID
        self.personID = personID
        self.origin = origin
        self.need = need
        self.description = try TextRule.required(description, field: "description", limit: .statement)
        self.module = module
        self.level = level
    }
}

/// An answer to a referral: what was done, or why it cannot be, and on what basis.
public struct ReferralAnswerDraft: Sendable, Hashable {
    public let action: ReferralAction
    public let text: String?
    public let basis: String?

    /// Validates: a resolution and a hand-back say what happened; a decline also needs its legal or policy basis.
    public init(action: ReferralAction, text: String?, basis: String?) throws(FieldError) {
        self.action = action
        switch action {
        case .resolve, .handBack, .decline:
            self.text = try TextRule.required(text ?? "", field: action == .resolve ? "answer" : "reason", limit: .remark)
        case .accept:
            self.text = try text.map { text throws(FieldError) in try TextRule.required(text, field: "note", limit: .remark) }
        case .readdress:
            throw FieldError(field: "action", code: "not_an_answer", message: "re-addressing is the sender's step, not an answer")
        }
        self.basis = action == .decline ? try TextRule.required(basis ?? "", field: "basis", limit: .brief) : nil
    }
}

/// The answer that went back to the origin.
public struct ReferralAnswerView: Sendable, Codable, Hashable {
    public let by: String
    public let at: Date
    public let text: String
    public let basis: String?
}

/// A referral with where it stands.
public struct ReferralView: Sendable, Codable, Hashable {
    public let id: UUID
    public let householdID: UUID
    public let gridCode: RegionCode
    public let personID: UUID?
    public let origin: ReferralOrigin
    public let originVisitID: UUID?
    public let originCaseItemID: UUID?
    public let need: Need
    public let description: String
    /// The department addressed, if any.
    public let module: ModuleID?
    public let level: HandlingLevel
    /// The region answering at the level.
    public let region: RegionCode
    public let state: ReferralState
    public let sentBy: String
    public let sentAt: Date
    /// The open answer limit at the current level.
    public let dueAt: Date?
    public let isOverdue: Bool
    /// The open limit counts into a year whose holiday schedule is not published yet.
    public let dueIsProvisional: Bool
    public let escalations: Int
    public let acceptedAt: Date?
    public let answer: ReferralAnswerView?
    /// The case filed on the strength of the referral.
    public let caseID: UUID?
}

/// What the referral store refuses.
public enum ReferralError: Error, Equatable, Sendable {
    /// No referral with this id (or none the reader may see).
    case notFound
    /// The step is not allowed in the referral's state.
    case invalidTransition(action: ReferralAction, state: ReferralState)
    /// The department named takes no referrals or is not linked in.
    case notAReferralDepartment(ModuleID, field: String)
}
