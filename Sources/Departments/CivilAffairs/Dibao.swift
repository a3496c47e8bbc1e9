import SafetyNetKernel

/// 最低生活保障: per-capita income below the local standard and the asset test met; the benefit
/// is the gap between the standard and the income, for every member, each month.
public struct Dibao: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("dibao")
    public let isStandingBenefit = true
    public let chineseName = "最低生活保障"
    public let englishName = "Minimum living allowance (dibao)"
    public let subject = AssistanceSubject.household
    public let decisionLevel = DecisionLevel.town
    public let fundingLine = "城乡低保资金"
    public let requiredDocuments = ["申请书", "户口簿", "居民身份证", "家庭经济状况核对授权书", "家庭收入及财产申报表"]

    let assetMonths: AssistanceParameter
    let vehiclesAllowed: AssistanceParameter

    /// Creates the type.
    public init() {
        assetMonths = AssistanceParameter(
            key: "\(id).assetMonths", chineseName: "低保人均金融资产上限（月低保标准倍数）", defaultValue: 24, unit: .months, range: 0...120,
            summary: "financial assets at most this many months of the standard per member")
        vehiclesAllowed = AssistanceParameter(
            key: "\(id).vehiclesAllowed", chineseName: "低保家庭可拥有机动车数（辆）", defaultValue: 0, unit: .count, range: 0...5,
            summary: "motor vehicles a household may own (mobility vehicles for the disabled are not declared)")
    }

    public var parameters: [AssistanceParameter] { [DistrictParameters.dibaoStandard, assetMonths, vehiclesAllowed] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let standard = settings.value(DistrictParameters.dibaoStandard)
            let total = try IncomeTests.requireBelow(
                input.household, standard: standard, code: "income_at_or_above_standard",
                line: "低保标准", basis: "《社会救助暂行办法》第九条")
            try IncomeTests.requireAssets(
                input.household, standard: standard, months: settings.value(assetMonths),
                vehiclesAllowed: settings.value(vehiclesAllowed), basis: "《最低生活保障审核确认办法》第十三条")
            let members = input.household.members.count
            return BenefitProposal(
                amountFen: standard * members - total, period: .monthly,
                working: "低保标准\(Money.yuan(standard))元 × \(members)人 − 家庭月收入\(Money.yuan(total))元")
        }
    }
}
