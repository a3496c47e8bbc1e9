import SafetyNetKernel

/// 特困人员救助供养: no work capacity, no source of livelihood (income below the dibao standard) and
/// no supporter able to support. The benefit is the basic living standard plus a care allowance
/// by self-care ability.
public struct Tekun: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("tekun")
    public let isStandingBenefit = true
    public let chineseName = "特困人员救助供养"
    public let englishName = "Support for people in extreme poverty (tekun)"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "特困人员救助供养资金"
    public let requiredDocuments = ["申请书", "户口簿", "居民身份证", "劳动能力及生活自理能力评估", "法定义务人履行能力说明"]

    let basicRate: AssistanceParameter
    let careFull: AssistanceParameter
    let carePartial: AssistanceParameter
    let careNone: AssistanceParameter

    /// Creates the type.
    public init() {
        basicRate = AssistanceParameter(
            key: "\(id).basicStandardBP", chineseName: "特困人员基本生活标准（占低保标准万分比）", defaultValue: 13_000, unit: .basisPoints, range: 10_000...30_000,
            summary: "basic living standard as a share of the dibao standard (不低于1.3倍)")
        careFull = AssistanceParameter(
            key: "\(id).careFullSelfCareFen", chineseName: "特困人员照料护理标准（全自理，元/月）", defaultValue: 10_000, unit: .fen,
            summary: "monthly care allowance, fully self-caring (全自理)")
        carePartial = AssistanceParameter(
            key: "\(id).carePartialSelfCareFen", chineseName: "特困人员照料护理标准（半护理，元/月）", defaultValue: 40_000, unit: .fen,
            summary: "monthly care allowance, partly self-caring (半护理)")
        careNone = AssistanceParameter(
            key: "\(id).careNoSelfCareFen", chineseName: "特困人员照料护理标准（全护理，元/月）", defaultValue: 80_000, unit: .fen,
            summary: "monthly care allowance, not self-caring (全护理)")
    }

    public var parameters: [AssistanceParameter] { [DistrictParameters.dibaoStandard, basicRate, careFull, carePartial, careNone] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let person = try input.beneficiary()
            let field = "members[\(person.personID)]"
            guard let capacity = person.effectiveWorkCapacity(on: input.date) else {
                throw .missing("\(field).workCapacity", "assess this person's work capacity")
            }
            guard capacity == .incapable else {
                throw .notMet("has_work_capacity", "申请人具有\(capacity.chineseName)", basis: "《特困人员认定办法》第五条、第六条")
            }
            let standard = settings.value(DistrictParameters.dibaoStandard)
            guard let income = person.monthlyIncomeFen else {
                throw .missing("\(field).monthlyIncomeFen", "record this person's monthly income (0 when there is none)")
            }
            guard income < standard else {
                throw .notMet("has_income_source", "申请人月收入\(Money.yuan(income))元，不低于低保标准\(Money.yuan(standard))元", basis: "《特困人员认定办法》第七条")
            }
            guard let supporter = person.hasAbleSupporter else {
                throw .missing("\(field).hasAbleSupporter", "check whether anyone with the legal duty of support is able to support")
            }
            guard !supporter else {
                throw .notMet("supporter_able", "申请人有具备赡养、抚养、扶养能力的法定义务人", basis: "《特困人员认定办法》第八条")
            }
            guard let selfCare = person.selfCare else { throw .missing("\(field).selfCare", "assess this person's self-care ability") }
            let basic = standard * settings.value(basicRate) / 10_000
            let care = settings.value([.independent: careFull, .partlyDependent: carePartial, .dependent: careNone][selfCare]!)
            return BenefitProposal(
                amountFen: basic + care, period: .monthly,
                working: "基本生活费\(Money.yuan(basic))元 + 照料护理费(\(selfCare.chineseName))\(Money.yuan(care))元")
        }
    }
}
