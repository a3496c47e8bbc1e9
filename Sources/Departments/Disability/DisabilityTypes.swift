import SafetyNetKernel

extension AssessmentInput {
    /// The beneficiary's disability certificate, which every disability type needs.
    func certifiedDisability(basis: String) throws(AssessmentStop) -> (MemberFacts, Disability) {
        let person = try beneficiary()
        guard let disability = person.disability else {
            throw .notMet("no_disability_certificate", "申请人未持有残疾人证", basis: basis)
        }
        return (person, disability)
    }
}

/// 困难残疾人生活补贴: a monthly subsidy for disabled members of low-income households.
public struct DisabilityLivingSubsidy: AssistanceType {
    public let id = AssistanceTypeID(module: DisabilityModule.id, name: "living-subsidy")
    public let isStandingBenefit = true
    public let chineseName = "困难残疾人生活补贴"
    public let englishName = "Living subsidy for low-income disabled people"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "残疾人两项补贴资金"
    public let requiredDocuments = ["申请书", "居民身份证", "残疾人证"]

    let monthly: AssistanceParameter

    /// Creates the type.
    public init() {
        monthly = AssistanceParameter(
            key: "\(id).monthlyFen", chineseName: "困难残疾人生活补贴（元/月）", defaultValue: 9_000, unit: .fen,
            summary: "monthly living subsidy")
    }

    public var parameters: [AssistanceParameter] { [monthly] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let basis = "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》(国发〔2015〕52号)"
            _ = try input.certifiedDisability(basis: basis)
            guard input.household.isLowIncome else {
                throw .notMet("not_in_assisted_group", "家庭不属于低保、特困、低保边缘、支出型困难等低收入家庭", basis: basis)
            }
            let amount = settings.value(monthly)
            return BenefitProposal(amountFen: amount, period: .monthly, working: "困难残疾人生活补贴\(Money.yuan(amount))元")
        }
    }
}

/// 重度残疾人护理补贴: a monthly subsidy for grades 1 and 2, whatever the household's income.
public struct SevereDisabilityNursingSubsidy: AssistanceType {
    public let id = AssistanceTypeID(module: DisabilityModule.id, name: "nursing-subsidy")
    public let isStandingBenefit = true
    public let chineseName = "重度残疾人护理补贴"
    public let englishName = "Nursing subsidy for severely disabled people"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "残疾人两项补贴资金"
    public let requiredDocuments = ["申请书", "居民身份证", "残疾人证"]

    let gradeOne: AssistanceParameter
    let gradeTwo: AssistanceParameter

    /// Creates the type.
    public init() {
        gradeOne = AssistanceParameter(
            key: "\(id).gradeOneFen", chineseName: "一级重度残疾人护理补贴（元/月）", defaultValue: 10_000, unit: .fen,
            summary: "monthly nursing subsidy, grade 1")
        gradeTwo = AssistanceParameter(
            key: "\(id).gradeTwoFen", chineseName: "二级重度残疾人护理补贴（元/月）", defaultValue: 8_000, unit: .fen,
            summary: "monthly nursing subsidy, grade 2")
    }

    public var parameters: [AssistanceParameter] { [gradeOne, gradeTwo] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let basis = "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》(国发〔2015〕52号)"
            let (_, disability) = try input.certifiedDisability(basis: basis)
            guard disability.isSevere else {
                throw .notMet("not_severe", "残疾等级为\(disability.grade)级，不属于重度残疾；护理补贴限一级、二级残疾人", basis: basis)
            }
            let amount = settings.value(disability.grade == 1 ? gradeOne : gradeTwo)
            return BenefitProposal(amountFen: amount, period: .monthly, working: "\(disability.grade)级残疾护理补贴\(Money.yuan(amount))元")
        }
    }
}

/// 康复辅助器具适配: the cost of a rehabilitation aid for a disabled child, or a disabled member of a
/// low-income household, up to a yearly cap.
public struct RehabilitationAids: AssistanceType {
    public let id = AssistanceTypeID(module: DisabilityModule.id, name: "rehabilitation-aids")
    public let chineseName = "康复辅助器具适配补贴"
    public let englishName = "Rehabilitation aids"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "残疾人康复资金"
    public let requiredDocuments = ["申请书", "残疾人证", "辅具适配评估", "费用凭证"]

    let yearlyCap: AssistanceParameter

    /// Creates the type.
    public init() {
        yearlyCap = AssistanceParameter(
            key: "\(id).yearlyCapFen", chineseName: "康复辅助器具适配补贴年度上限（元/人）", defaultValue: 300_000, unit: .fen,
            summary: "most paid per person per year")
    }

    public var parameters: [AssistanceParameter] { [yearlyCap] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let basis = "《残疾预防和残疾人康复条例》第二十五条"
            let (person, _) = try input.certifiedDisability(basis: basis)
            guard person.age(on: input.date) < 18 || input.household.isLowIncome else {
                throw .notMet("not_in_assisted_group", "辅助器具补贴限残疾儿童和低收入家庭残疾人，申请人不属于上述对象", basis: basis)
            }
            guard let cost = input.claim.costFen, cost > 0 else { throw .missing("claim.costFen", "state the aid's cost, in fen") }
            let cap = settings.value(yearlyCap)
            let room = cap - input.history.approvedThisYearFen
            guard room > 0 else { throw .notMet("annual_cap_reached", "本年度补贴上限\(Money.yuan(cap))元已全部核定", basis: basis) }
            return BenefitProposal(
                amountFen: min(cost, room), period: .once,
                working: "辅具费用\(Money.yuan(cost))元，本年度剩余额度\(Money.yuan(room))元")
        }
    }
}
