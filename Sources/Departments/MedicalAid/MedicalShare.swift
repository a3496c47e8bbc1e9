import SafetyNetKernel

/// Who the medical rules treat how: the household's standing sets the deductible and the rate.
enum MedicalStanding: String, CaseIterable {
    case tekun, dibao
    case lowIncome = "low_income"
    case other

    init(_ household: HouseholdFacts) {
        let categories = household.categories
        if categories.contains(.tekun) {
            self = .tekun
        } else if categories.contains(.dibao) {
            self = .dibao
        } else if household.isLowIncome || categories.contains(.povertyRelapseWatch) {
            self = .lowIncome
        } else {
            self = .other
        }
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
            throw .notMet("annual_cap_reached", "本年度救助限额\(Money.yuan(cap))元已全部核定", basis: basis)
        }
        let share = max(0, selfPaid - deductible) * rateBP / 10_000
        let due = share - history.approvedThisYearFen
        guard due > 0 else {
            throw .notMet(
                "nothing_above_deductible",
                "自付费用\(Money.yuan(selfPaid))元扣除起付线\(Money.yuan(deductible))元后按\(rateBP / 100)%计算为\(Money.yuan(share))元，本年度已核定\(Money.yuan(history.approvedThisYearFen))元",
                basis: basis)
        }
        let amount = min(due, remainingCap)
        return BenefitProposal(
            amountFen: amount, period: .once,
            working:
                "(自付\(Money.yuan(selfPaid))元 − 起付线\(Money.yuan(deductible))元) × \(rateBP / 100)% − 本年度已核定\(Money.yuan(history.approvedThisYearFen))元，剩余限额\(Money.yuan(remainingCap))元"
        )
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
