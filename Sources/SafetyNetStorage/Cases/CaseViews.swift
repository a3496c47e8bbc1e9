import Foundation
import SafetyNetKernel

/// An application as filed: the household, the types asked for and what is declared.
public struct CaseDraft: Sendable, Hashable {
    /// One assistance type asked for, with the member for person-level types.
    public struct Item: Sendable, Hashable {
        public let type: AssistanceTypeID
        public let personID: UUID?

        /// Creates the item.
        public init(type: AssistanceTypeID, personID: UUID?) {
            self.type = type
            self.personID = personID
        }
    }

    public let householdID: UUID
    public let items: [Item]
    public let urgency: Urgency
    public let description: String
    /// The resident the application is for; with `onBehalf` the filer is a worker (帮办代办).
    public let applicantPersonID: UUID?
    public let onBehalf: Bool
    public let facts: CaseFactsDeclaration
    public let claim: Claim
    /// The referral the application answers, which then points at the case.
    public let referralID: UUID?

    /// Checks what needs no database: at least one type, none twice, a description.
    public init(
        householdID: UUID, items: [Item], urgency: Urgency, description: String, applicantPersonID: UUID?,
        onBehalf: Bool, facts: CaseFactsDeclaration, claim: Claim, referralID: UUID? = nil
    ) throws(FieldError) {
        guard !items.isEmpty else { throw FieldError(field: "items", code: "required", message: "name at least one assistance type") }
        guard Set(items).count == items.count else {
            throw FieldError(field: "items", code: "duplicate", message: "each assistance type is asked for once per member")
        }
        for (field, value) in [("claim.costFen", claim.costFen), ("claim.selfPaidMedicalFen", claim.selfPaidMedicalFen)] {
            if let value { try AmountRule.fen(value, field: field) }
        }
        self.householdID = householdID
        self.items = items
        self.urgency = urgency
        self.description = try TextRule.required(description, field: "description", limit: .statement)
        self.applicantPersonID = applicantPersonID
        self.onBehalf = onBehalf
        self.facts = facts
        self.claim = claim
        self.referralID = referralID
    }
}

/// A time limit of an item and where it stands.
public struct DeadlineView: Sendable, Codable, Hashable {
    public let kind: DeadlineKind
    public let dueAt: Date
    public let metAt: Date?
    public let outcome: DeadlineOutcome?
    /// Open and past due, or met late.
    public let isOverdue: Bool
    /// Counted into a year whose holiday schedule is not published yet: the due time may move when it is.
    public let isProvisional: Bool
}

/// Why an item was refused, as the applicant's notice states it.
public struct RejectionView: Sendable, Codable, Hashable {
    public let code: String?
    public let reason: String
    public let basis: String
    /// How and when the applicant was told (告知).
    public let notice: String
}

/// One assistance type of a case.
public struct CaseItemView: Sendable, Codable, Hashable {
    public let id: UUID
    public let type: AssistanceTypeID
    public let typeName: String
    public let module: ModuleID
    public let personID: UUID?
    public let state: CaseItemState
    public let urgent: Bool
    public let forwardedAt: Date?
    public let decidedAt: Date?
    public let benefit: BenefitProposal?
    public let fundingLine: String?
    public let rejection: RejectionView?
    public let papersCompletedAt: Date?
    public let paidFen: Int
    public let deadlines: [DeadlineView]
}

/// 一事一议: the lead's reason, each department's answer, and the conclusion.
public struct JointCaseView: Sendable, Codable, Hashable {
    /// One department's part.
    public struct Contribution: Sendable, Codable, Hashable {
        public let module: ModuleID
        public let contribution: String?
        public let amountFen: Int?
        public let answeredBy: String?
        public let answeredAt: Date?
    }

    public let leadModule: ModuleID
    public let reason: String
    public let openedAt: Date
    public let contributions: [Contribution]
    public let conclusion: String?
    public let concludedAt: Date?
}

/// A case with the items the reader may see.
public struct CaseView: Sendable, Codable, Hashable {
    public let id: UUID
    public let householdID: UUID
    public let gridCode: RegionCode
    public let urgency: Urgency
    public let description: String
    public let applicantPersonID: UUID?
    public let onBehalf: Bool
    public let filedBy: String
    public let appliedAt: Date
    public let facts: CaseFactsDeclaration
    public let claim: Claim
    public let items: [CaseItemView]
    /// Set when the case is handled jointly.
    public let joint: JointCaseView?
}

/// What the rules say about an item now, before anyone decides.
public struct AssessmentView: Sendable, Codable, Hashable {
    /// What the rules found.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Eligible, with the benefit proposed.
        case eligible
        /// Not eligible, with the finding.
        case ineligible
        /// Facts are missing, listed.
        case incomplete
    }

    public let itemID: UUID
    public let outcome: Outcome
    public let benefit: BenefitProposal?
    public let finding: Ineligibility?
    public let missing: [FieldError]
}

extension FieldError: Codable {
    enum CodingKeys: String, CodingKey { case field, code, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            field: try container.decode(String.self, forKey: .field), code: try container.decode(String.self, forKey: .code),
            message: try container.decode(String.self, forKey: .message))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
    }
}

/// What the case store refuses, each with what to do instead.
public enum CaseError: Error, Equatable, Sendable {
    /// No case or item with this id (or none the reader may see).
    case notFound
    /// The type is not registered (or its module is not linked in).
    case unknownType(AssistanceTypeID, field: String)
    /// A person-level type without a member, or a household-level type with one.
    case subjectMismatch(AssistanceTypeID, field: String)
    /// The step is not allowed in the item's state.
    case workflow(WorkflowError)
    /// The rules are not met: approval is refused; reject the item with this finding instead.
    case notEligible(Ineligibility)
    /// The rules need facts the case does not hold.
    case incompleteFacts([FieldError])
    /// A payment the approval does not cover.
    case paymentRefused(code: String, message: String, field: String?)
}

/// A refusal as the applicant's notice states it: reason, legal or policy basis, and how they were told.
public struct RejectionDraft: Sendable, Hashable {
    public let code: String?
    public let reason: String
    public let basis: String
    public let notice: String

    /// Validates: reason, basis and notice are all required (002: 明确告知不能办理的理由和依据).
    public init(code: String?, reason: String, basis: String, notice: String) throws(FieldError) {
        self.code = code
        self.reason = try TextRule.required(reason, field: "reason", limit: .remark)
        self.basis = try TextRule.required(basis, field: "basis", limit: .brief)
        self.notice = try TextRule.required(notice, field: "notice", limit: .brief)
    }
}
