import SafetyNetKernel

/// Who the medical rules treat how: the household's standing sets the deductible and the rate.
enum MedicalStanding: String, CaseIterable {
    case tekun, dibao, lowIncome = "low_income", other

    init(_ household: HouseholdFacts) {
        let categories = household.categories
        if categories.contains(.tekun) { self = .tekun }
        else if categories.contains(.dibao) { self = .dibao }
        else if household.isLowIncome || categories.contains(.povertyRelapseWatch) { self = .lowIncome }
        else { self = .other }
    }
}

/// The share of a year's self-paid costs the fund pays: (cost − deductible) × rate, less what was
/// already approved this year, and never beyond the annual cap.
struct MedicalShare {
    let selfPaid: Int
    let deductible: Int
    let rateBP: Int
    let cap: Int
    let history: AssistanceHistory
    let basis: String

    func benefit() throws(AssessmentStop) -> BenefitProposal {
        let remainingCap = cap - history.approvedThisYearFen
        guard remainingCap > 0 else {
            throw .notMet("annual_cap_reached", "the annual cap \(Money.yuan(cap)) has been approved already", basis: basis)
        }
        let share = max(0, selfPaid - deductible) * rateBP / 10_000
        let due = share - history.approvedThisYearFen
        guard due > 0 else {
            throw .notMet("nothing_above_deductible",
                          "self-paid \(Money.yuan(selfPaid)) less the deductible \(Money.yuan(deductible)) at \(rateBP / 100)% gives \(Money.yuan(share)), already approved \(Money.yuan(history.approvedThisYearFen))",
                          basis: basis)
        }
        let amount = min(due, remainingCap)
        return BenefitProposal(amountFen: amount, period: .once,
                               working: "(\(Money.yuan(selfPaid)) − \(Money.yuan(deductible))) × \(rateBP / 100)% − approved \(Money.yuan(history.approvedThisYearFen)), cap left \(Money.yuan(remainingCap))")
    }
}

extension AssessmentInput {
    /// The year's policy-scope self-paid medical cost, which the medical types need.
    func selfPaidMedicalCost() throws(AssessmentStop) -> Int {
        guard let cost = claim.selfPaidMedicalFen else {
            throw .missing("claim.selfPaidMedicalFen", "state this year's policy-scope self-paid medical costs, in fen")
        }
        return cost
    }
}
