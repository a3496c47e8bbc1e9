/// 一事一议: a complex or costly case that civil affairs leads, with each participating
/// department recording what it contributes; it is concluded only when every one has answered.
public struct JointCaseDraft: Hashable, Sendable {
    /// Why the case is handled jointly.
    public let reason: String
    /// The departments asked to contribute, the lead included when it contributes too.
    public let departments: Set<ModuleID>

    /// Validates: a reason, and at least one department besides the lead.
    public init(reason: String, departments: Set<ModuleID>, leadModule: ModuleID) throws(FieldError) {
        self.reason = try TextRule.required(reason, field: "reason", limit: .remark)
        guard !departments.subtracting([leadModule]).isEmpty else {
            throw FieldError(field: "departments", code: "required", message: "name at least one department besides \(leadModule)")
        }
        self.departments = departments
    }
}

/// One department's answer to a joint case: what it does, and the amount when it pays.
public struct JointContributionDraft: Hashable, Sendable {
    public let module: ModuleID
    public let contribution: String
    public let amountFen: Int?

    /// Validates: the contribution in words; an amount, when given, is positive fen.
    public init(module: ModuleID, contribution: String, amountFen: Int?) throws(FieldError) {
        if let amountFen, amountFen <= 0 {
            throw FieldError(
                field: "amountFen", code: "out_of_range", message: "a contribution's amount is positive fen; leave it out when nothing is paid")
        }
        if let amountFen { try AmountRule.fen(amountFen, field: "amountFen") }
        self.module = module
        self.contribution = try TextRule.required(contribution, field: "contribution", limit: .remark)
        self.amountFen = amountFen
    }
}

/// What a joint case refuses.
public enum JointCaseError: Error, Hashable, Sendable {
    /// The case is joint already.
    case alreadyJoint
    /// The case is not joint.
    case notJoint
    /// The department was not asked to contribute.
    case notAParticipant(ModuleID)
    /// The department answered already.
    case alreadyAnswered(ModuleID)
    /// The case cannot be concluded while these departments have not answered.
    case pending([ModuleID])
    /// The joint case is concluded; nothing more is recorded on it.
    case concluded
    /// Every item of the case is closed: nothing is left to handle jointly.
    case caseClosed
}

extension Principal {
    /// Throws unless the principal leads joint cases in `region`: district civil affairs (or an admin).
    public func requireLeading(leadModule: ModuleID?, in region: RegionCode) throws(AccessDenial) {
        try require(.decideCases, in: region)
        guard role == .districtCivilAffairs || role == .admin else { throw .otherDepartment(leadModule ?? .kernel) }
    }

}
