import SafetyNetKernel

/// 低保边缘家庭认定: per-capita income at or above the dibao standard but below a multiple of it
/// (1.5 by default), and the asset test met. Recognition opens special assistance; it pays nothing itself.
public struct LowIncomeEdge: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("low-income-edge")
    public let chineseName = "低保边缘家庭认定"
    public let englishName = "Low-income edge household recognition"
    public let subject = AssistanceSubject.household
    public let decisionLevel = DecisionLevel.town
    public let fundingLine = "无(资格认定)"
    public let requiredDocuments = ["申请书", "户口簿", "居民身份证", "家庭经济状况核对授权书"]

    let edgeLine: AssistanceParameter
    let assetMonths: AssistanceParameter
    let vehiclesAllowed: AssistanceParameter

    /// Creates the type.
    public init() {
        edgeLine = AssistanceParameter(
            key: "\(id).incomeLineBP", chineseName: "低保边缘收入线（占低保标准万分比）", defaultValue: 15_000, unit: .basisPoints, range: 10_000...30_000,
            summary: "per-capita income below this share of the dibao standard (一般不超过1.5倍)")
        assetMonths = AssistanceParameter(
            key: "\(id).assetMonths", chineseName: "低保边缘人均金融资产上限（月低保标准倍数）", defaultValue: 36, unit: .months, range: 0...120,
            summary: "financial assets at most this many months of the standard per member")
        vehiclesAllowed = AssistanceParameter(
            key: "\(id).vehiclesAllowed", chineseName: "低保边缘家庭可拥有机动车数（辆）", defaultValue: 1, unit: .count, range: 0...5,
            summary: "motor vehicles a household may own")
    }

    public var parameters: [AssistanceParameter] { [DistrictParameters.dibaoStandard, edgeLine, assetMonths, vehiclesAllowed] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let standard = settings.value(DistrictParameters.dibaoStandard)
            let basis = "《最低生活保障边缘家庭和刚性支出困难家庭认定办法》第四条"
            let total = try IncomeTests.requireBelow(
                input.household, standard: standard, multiplierBP: settings.value(edgeLine),
                code: "income_above_edge_line", line: "低保边缘家庭收入标准", basis: basis)
            guard total >= standard * input.household.members.count else {
                throw .notMet("qualifies_for_dibao", "家庭月人均收入低于低保标准，应申请最低生活保障", basis: basis)
            }
            try IncomeTests.requireAssets(
                input.household, standard: standard, months: settings.value(assetMonths), vehiclesAllowed: settings.value(vehiclesAllowed),
                basis: basis)
            return BenefitProposal(amountFen: 0, period: .recognition, working: "认定为低保边缘家庭(不发放资金)")
        }
    }
}

/// 刚性支出困难家庭认定: after rigid spending (medical, schooling) over the last 12 months, the
/// household's per-capita monthly income falls below the low-income edge line.
public struct ExpenditureHardship: AssistanceType {
    public let id = AssistanceTypeID.civilAffairs("expenditure-hardship")
    public let chineseName = "支出型困难家庭认定"
    public let englishName = "Expenditure-hardship household recognition"
    public let subject = AssistanceSubject.household
    public let decisionLevel = DecisionLevel.town
    public let fundingLine = "无(资格认定)"
    public let requiredDocuments = ["申请书", "户口簿", "居民身份证", "家庭经济状况核对授权书", "医疗或教育支出凭证"]

    let edgeLine: AssistanceParameter

    /// Creates the type.
    public init() {
        edgeLine = AssistanceParameter(
            key: "\(id).incomeLineBP", chineseName: "支出型困难家庭收入线（占低保标准万分比）", defaultValue: 15_000, unit: .basisPoints, range: 10_000...30_000,
            summary: "income after rigid spending below this share of the dibao standard per member")
    }

    public var parameters: [AssistanceParameter] { [DistrictParameters.dibaoStandard, edgeLine] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let members = try IncomeTests.requireMembers(input.household)
            let monthly = try input.household.totalMonthlyIncome()
            guard let spending = input.household.annualRigidExpenditureFen else {
                throw .missing("annualRigidExpenditureFen", "record the medical and schooling costs of the last 12 months (0 when none)")
            }
            let standard = settings.value(DistrictParameters.dibaoStandard)
            let rate = settings.value(edgeLine)
            let remaining = monthly * 12 - spending
            // remaining / 12 / members < standard × rate, in integers.
            guard remaining * 10_000 < standard * rate * members * 12 else {
                throw .notMet(
                    "income_after_spending_above_line",
                    "家庭年收入\(Money.yuan(monthly * 12))元扣除刚性支出\(Money.yuan(spending))元后，月人均\(Money.yuan(remaining / 12 / members))元，不低于认定标准\(Money.yuan(standard * rate / 10_000))元",
                    basis: "《最低生活保障边缘家庭和刚性支出困难家庭认定办法》第五条")
            }
            return BenefitProposal(amountFen: 0, period: .recognition, working: "认定为支出型困难家庭(不发放资金)")
        }
    }
}
