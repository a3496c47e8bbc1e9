import SafetyNetKernel

/// Checks the employment types share.
enum WorkingAge {
    static let basis = "《就业促进法》第五十二条、《社会救助暂行办法》第四十二条"

    /// The person is of working age (16 up to retirement at 60) and able to work at least partly.
    static func requireAbleToWork(_ person: MemberFacts, on day: CalendarDate) throws(AssessmentStop) {
        let age = person.age(on: day)
        guard (16..<60).contains(age) else { throw .notMet("not_working_age", "申请人\(age)周岁，不在16至59周岁劳动年龄段", basis: basis) }
        guard let capacity = person.effectiveWorkCapacity(on: day) else {
            throw .missing("members[\(person.personID)].workCapacity", "assess this person's work capacity")
        }
        guard capacity != .incapable else { throw .notMet("no_work_capacity", "申请人无劳动能力", basis: basis) }
    }

    /// The person is registered as unemployed.
    static func requireUnemployed(_ person: MemberFacts) throws(AssessmentStop) {
        guard person.registeredUnemployed else {
            throw .notMet("not_registered_unemployed", "申请人未办理失业登记", basis: basis)
        }
    }
}

/// 就业援助: for registered unemployed members of low-income households able to work, job placement
/// and a monthly social-insurance subsidy.
public struct EmploymentAssistance: AssistanceType {
    public let id = AssistanceTypeID(module: EmploymentModule.id, name: "employment-assistance")
    public let chineseName = "就业援助"
    public let englishName = "Employment assistance"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "就业补助资金"
    public let requiredDocuments = ["申请书", "居民身份证", "就业失业登记证"]

    let subsidy: AssistanceParameter

    /// Creates the type.
    public init() {
        subsidy = AssistanceParameter(
            key: "\(id).socialInsuranceSubsidyFen", chineseName: "就业援助社会保险补贴（元/月）", defaultValue: 50_000, unit: .fen,
            summary: "monthly social-insurance subsidy (社保补贴)")
    }

    public var parameters: [AssistanceParameter] { [subsidy] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let person = try input.beneficiary()
            try WorkingAge.requireAbleToWork(person, on: input.date)
            try WorkingAge.requireUnemployed(person)
            guard input.household.isLowIncome else {
                throw .notMet("not_in_assisted_group", "家庭不属于低保、特困、低保边缘、支出型困难等低收入家庭", basis: WorkingAge.basis)
            }
            let amount = settings.value(subsidy)
            return BenefitProposal(amountFen: amount, period: .monthly, working: "社会保险补贴\(Money.yuan(amount))元")
        }
    }
}

/// 公益性岗位: a post for a registered unemployed person who is hard to employ (就业困难人员):
/// women from 40 and men from 50 (4050), disabled people, or members of low-income households.
public struct PublicWelfarePost: AssistanceType {
    public let id = AssistanceTypeID(module: EmploymentModule.id, name: "public-welfare-post")
    public let chineseName = "公益性岗位安置"
    public let englishName = "Public-welfare post"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "就业补助资金(公益性岗位)"
    public let requiredDocuments = ["申请书", "居民身份证", "就业失业登记证", "就业困难人员认定表"]

    let postSubsidy: AssistanceParameter

    /// Creates the type.
    public init() {
        postSubsidy = AssistanceParameter(
            key: "\(id).monthlySubsidyFen", chineseName: "公益性岗位补贴（元/月）", defaultValue: 188_000, unit: .fen,
            summary: "monthly post subsidy (the default is Jilin's first-tier minimum wage)")
    }

    public var parameters: [AssistanceParameter] { [postSubsidy] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let person = try input.beneficiary()
            try WorkingAge.requireAbleToWork(person, on: input.date)
            try WorkingAge.requireUnemployed(person)
            let age = person.age(on: input.date)
            let is4050 = age >= (person.sex == .female ? 40 : 50)
            guard is4050 || person.disability != nil || input.household.isLowIncome else {
                throw .notMet("not_hard_to_employ", "申请人不属于就业困难人员：非“4050”人员、非残疾人、非低收入家庭成员", basis: WorkingAge.basis)
            }
            let amount = settings.value(postSubsidy)
            return BenefitProposal(amountFen: amount, period: .monthly, working: "公益性岗位补贴\(Money.yuan(amount))元")
        }
    }
}

/// 技能培训转介: a training place with a one-off subsidy for a person able to work; a limited number per year.
public struct TrainingReferral: AssistanceType {
    public let id = AssistanceTypeID(module: EmploymentModule.id, name: "training")
    public let chineseName = "职业技能培训"
    public let englishName = "Vocational training referral"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "职业技能提升资金"
    public let requiredDocuments = ["申请书", "居民身份证"]

    let trainingSubsidy: AssistanceParameter
    let perYear: AssistanceParameter

    /// Creates the type.
    public init() {
        trainingSubsidy = AssistanceParameter(
            key: "\(id).subsidyFen", chineseName: "职业技能培训补贴（元/期）", defaultValue: 150_000, unit: .fen,
            summary: "training subsidy per course")
        perYear = AssistanceParameter(
            key: "\(id).perYear", chineseName: "每人每年补贴培训次数（次）", defaultValue: 1, unit: .count, range: 1...6,
            summary: "subsidised courses per person per year")
    }

    public var parameters: [AssistanceParameter] { [trainingSubsidy, perYear] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let person = try input.beneficiary()
            try WorkingAge.requireAbleToWork(person, on: input.date)
            guard input.history.grantsThisYear < settings.value(perYear) else {
                throw .notMet("training_limit_reached", "申请人本年度已参加补贴培训\(input.history.grantsThisYear)次", basis: WorkingAge.basis)
            }
            let amount = settings.value(trainingSubsidy)
            return BenefitProposal(amountFen: amount, period: .once, working: "职业技能培训补贴\(Money.yuan(amount))元")
        }
    }
}
