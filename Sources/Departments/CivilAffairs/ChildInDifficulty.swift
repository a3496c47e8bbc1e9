import SafetyNetKernel

/// 困境儿童基本生活保障: a child under 18 who lacks parental care (事实无人抚养), who has a
/// disability, or who lives in a dibao or tekun household. Children without parental care get the
/// higher allowance.
public struct ChildInDifficulty: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("child-in-difficulty")
    public let chineseName = "困境儿童基本生活保障"
    public let englishName = "Basic living allowance for children in difficulty"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "困境儿童保障资金"
    public let requiredDocuments = ["申请书", "户口簿", "儿童及监护人身份证明", "困境情形证明"]

    let unattendedAllowance: AssistanceParameter
    let otherAllowance: AssistanceParameter

    /// Creates the type.
    public init() {
        unattendedAllowance = AssistanceParameter(
            key: "\(id).unattendedChildFen", chineseName: "事实无人抚养儿童基本生活补贴（元/月）", defaultValue: 150_000, unit: .fen,
            summary: "monthly allowance for a child without parental care (as for orphans)")
        otherAllowance = AssistanceParameter(
            key: "\(id).otherChildFen", chineseName: "其他困境儿童基本生活补贴（元/月）", defaultValue: 50_000, unit: .fen,
            summary: "monthly allowance for other children in difficulty")
    }

    public var parameters: [AssistanceParameter] { [unattendedAllowance, otherAllowance] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let child = try input.beneficiary()
            let age = child.age(on: input.date)
            let basis = "《国务院关于加强困境儿童保障工作的意见》(国发〔2016〕36号)"
            guard age < 18 else { throw .notMet("not_a_child", "申请人已满\(age)周岁，不属于未满18周岁的儿童", basis: basis) }
            if child.lacksParentalCare == true {
                let amount = settings.value(unattendedAllowance)
                return BenefitProposal(amountFen: amount, period: .monthly, working: "事实无人抚养儿童，基本生活费\(Money.yuan(amount))元")
            }
            let poor = !input.household.categories.isDisjoint(with: [.dibao, .tekun])
            guard poor || child.disability != nil else {
                guard child.lacksParentalCare != nil else {
                    throw .missing("members[\(child.personID)].lacksParentalCare", "check whether the child's parents can care for it")
                }
                throw .notMet("no_difficulty", "儿童有父母抚养照料、无残疾，且家庭不属于低保或特困家庭", basis: basis)
            }
            let amount = settings.value(otherAllowance)
            return BenefitProposal(
                amountFen: amount, period: .monthly,
                working: "\(poor ? "低保、特困家庭儿童" : "残疾儿童")，基本生活费\(Money.yuan(amount))元")
        }
    }
}
