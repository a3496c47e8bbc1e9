import SafetyNetKernel

/// 医疗救助: for members of tekun, dibao and other low-income households, a share of the year's
/// self-paid costs above a deductible, at a rate by standing, up to an annual cap.
public struct MedicalAssistance: AssistanceType {
    public let id = AssistanceTypeID(module: MedicalAidModule.id, name: "medical-assistance")
    public let chineseName = "医疗救助"
    public let englishName = "Medical assistance"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "城乡医疗救助基金"
    public let requiredDocuments = ["申请书", "居民身份证", "医疗费用结算单", "诊断证明"]

    let deductibles: [MedicalStanding: AssistanceParameter]
    let rates: [MedicalStanding: AssistanceParameter]
    let annualCap: AssistanceParameter

    /// Creates the type; the defaults follow 国办发〔2021〕42号 (tekun fully, dibao 70 %, low-income 60 %).
    public init() {
        let defaults: [(MedicalStanding, String, Int, Int)] = [
            (.tekun, "特困人员", 0, 10_000), (.dibao, "低保对象", 0, 7_000), (.lowIncome, "其他低收入人口", 100_000, 6_000),
        ]
        var deductibles: [MedicalStanding: AssistanceParameter] = [:]
        var rates: [MedicalStanding: AssistanceParameter] = [:]
        for (standing, group, deductible, rate) in defaults {
            deductibles[standing] = AssistanceParameter(
                key: "\(id).\(standing.rawValue)DeductibleFen", chineseName: "\(group)医疗救助起付线（元/年）", defaultValue: deductible, unit: .fen,
                summary: "yearly deductible for \(standing.rawValue) members")
            rates[standing] = AssistanceParameter(
                key: "\(id).\(standing.rawValue)RateBP", chineseName: "\(group)医疗救助比例（万分比）", defaultValue: rate, unit: .basisPoints,
                summary: "share paid above the deductible for \(standing.rawValue) members")
        }
        self.deductibles = deductibles
        self.rates = rates
        annualCap = AssistanceParameter(
            key: "\(id).annualCapFen", chineseName: "医疗救助年度限额（元/人）", defaultValue: 5_000_000, unit: .fen,
            summary: "most approved per person per year")
    }

    public var parameters: [AssistanceParameter] {
        [MedicalStanding.tekun, .dibao, .lowIncome].flatMap { [deductibles[$0]!, rates[$0]!] } + [annualCap]
    }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            _ = try input.beneficiary()
            let basis = "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》(国办发〔2021〕42号)"
            let standing = MedicalStanding(input.household)
            guard let deductible = deductibles[standing], let rate = rates[standing] else {
                throw .notMet("not_in_assisted_group", "家庭不属于特困、低保或其他低收入家庭，可申请大病救助", basis: basis)
            }
            return try MedicalShare(
                selfPaid: input.selfPaidMedicalCost(), deductible: settings.value(deductible),
                rateBP: settings.value(rate), cap: settings.value(annualCap), history: input.history, basis: basis
            ).benefit()
        }
    }
}

/// 大病救助 (倾斜救助): for anyone whose self-paid costs this year pass a threshold, so that
/// illness does not push a household into poverty (因病致贫); low-income members at a higher rate.
public struct SeriousIllnessAssistance: AssistanceType {
    public let id = AssistanceTypeID(module: MedicalAidModule.id, name: "serious-illness")
    public let chineseName = "大病救助"
    public let englishName = "Serious-illness assistance"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "城乡医疗救助基金(大病)"
    public let requiredDocuments = ["申请书", "居民身份证", "医疗费用结算单", "诊断证明", "家庭经济状况核对授权书"]

    let threshold: AssistanceParameter
    let lowIncomeRate: AssistanceParameter
    let otherRate: AssistanceParameter
    let annualCap: AssistanceParameter

    /// Creates the type.
    public init() {
        threshold = AssistanceParameter(
            key: "\(id).thresholdFen", chineseName: "大病救助起付线（元/年）", defaultValue: 2_000_000, unit: .fen,
            summary: "self-paid costs a year above this qualify (自付费用超过起付线)")
        lowIncomeRate = AssistanceParameter(
            key: "\(id).lowIncomeRateBP", chineseName: "低收入人口大病救助比例（万分比）", defaultValue: 7_000, unit: .basisPoints,
            summary: "share above the threshold for low-income members")
        otherRate = AssistanceParameter(
            key: "\(id).otherRateBP", chineseName: "其他人员大病救助比例（万分比）", defaultValue: 5_000, unit: .basisPoints,
            summary: "share above the threshold for others")
        annualCap = AssistanceParameter(
            key: "\(id).annualCapFen", chineseName: "大病救助年度限额（元/人）", defaultValue: 10_000_000, unit: .fen,
            summary: "most approved per person per year")
    }

    public var parameters: [AssistanceParameter] { [threshold, lowIncomeRate, otherRate, annualCap] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            _ = try input.beneficiary()
            let basis = "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》(国办发〔2021〕42号) 第三条"
            let selfPaid = try input.selfPaidMedicalCost()
            let line = settings.value(threshold)
            guard selfPaid > line else {
                throw .notMet("below_threshold", "政策范围内自付费用\(Money.yuan(selfPaid))元，未超过起付标准\(Money.yuan(line))元", basis: basis)
            }
            let rate = MedicalStanding(input.household) == .other ? otherRate : lowIncomeRate
            return try MedicalShare(
                selfPaid: selfPaid, deductible: line, rateBP: settings.value(rate),
                cap: settings.value(annualCap), history: input.history, basis: basis
            ).benefit()
        }
    }
}
