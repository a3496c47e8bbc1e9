import Foundation

/// Whether a person can work, as assessed (劳动能力).
public enum WorkCapacity: String, Sendable, Codable, CaseIterable {
    case full
    case partial
    /// 无劳动能力 (named so it is never confused with an optional's `.none`).
    case incapable = "none"

    /// The capacity's Chinese name, for reasons and workings.
    public var chineseName: String {
        switch self {
        case .full: "完全劳动能力"
        case .partial: "部分劳动能力"
        case .incapable: "无劳动能力"
        }
    }
}

/// How far a person can look after themselves (生活自理能力), which sets the tekun care allowance.
public enum SelfCare: String, Sendable, Codable, CaseIterable {
    /// 全自理.
    case independent = "full"
    /// 半护理.
    case partlyDependent = "partial"
    /// 全护理.
    case dependent = "none"

    /// The ability's Chinese name, for reasons and workings.
    public var chineseName: String {
        switch self {
        case .independent: "全自理"
        case .partlyDependent: "半护理"
        case .dependent: "全护理"
        }
    }
}

/// Where a student is in school.
public enum SchoolStage: String, Sendable, Codable, CaseIterable {
    /// 学前教育.
    case preschool
    /// 小学.
    case primary
    /// 初中.
    case juniorSecondary = "junior_secondary"
    /// 普通高中.
    case seniorSecondary = "senior_secondary"
    /// 中等职业教育.
    case vocational
    /// 高等教育 (undergraduate and college).
    case higher

    /// The stage's Chinese name, for reasons and workings.
    public var chineseName: String {
        switch self {
        case .preschool: "学前教育"
        case .primary: "小学"
        case .juniorSecondary: "初中"
        case .seniorSecondary: "普通高中"
        case .vocational: "中等职业教育"
        case .higher: "高等教育"
        }
    }
}

/// What a case knows about one member: the registry's record plus what the application declares
/// and the investigation verifies. `nil` means "not recorded", which is never read as zero.
public struct MemberFacts: Hashable, Sendable, Codable {
    /// The person in the registry.
    public var personID: UUID
    /// From the ID number.
    public var birthDate: CalendarDate
    /// From the ID number.
    public var sex: ResidentIDNumber.Sex
    /// Monthly income in fen; nil when there is no income record.
    public var monthlyIncomeFen: Int?
    /// The disability certificate, if any.
    public var disability: Disability?
    /// The assessed work capacity; nil when not assessed (age and disability may still settle it).
    public var workCapacity: WorkCapacity?
    /// The assessed self-care ability; nil when not assessed.
    public var selfCare: SelfCare?
    /// The school stage when a student.
    public var schoolStage: SchoolStage?
    /// Registered as unemployed (登记失业).
    public var registeredUnemployed: Bool
    /// Whether someone with the legal duty to support them is able to (法定义务人有履行能力); nil when not checked.
    public var hasAbleSupporter: Bool?
    /// For a child: parents dead, missing, imprisoned, severely ill or disabled (事实无人抚养); nil when not checked.
    public var lacksParentalCare: Bool?

    /// Creates the facts; only the registry's fields are required.
    public init(
        personID: UUID, birthDate: CalendarDate, sex: ResidentIDNumber.Sex, monthlyIncomeFen: Int? = nil, disability: Disability? = nil,
        workCapacity: WorkCapacity? = nil, selfCare: SelfCare? = nil, schoolStage: SchoolStage? = nil,
        registeredUnemployed: Bool = false, hasAbleSupporter: Bool? = nil, lacksParentalCare: Bool? = nil
    ) {
        self.personID = personID
        self.birthDate = birthDate
        self.sex = sex
        self.monthlyIncomeFen = monthlyIncomeFen
        self.disability = disability
        self.workCapacity = workCapacity
        self.selfCare = selfCare
        self.schoolStage = schoolStage
        self.registeredUnemployed = registeredUnemployed
        self.hasAbleSupporter = hasAbleSupporter
        self.lacksParentalCare = lacksParentalCare
    }

    /// Whole years of age on `day`.
    public func age(on day: CalendarDate) -> Int { birthDate.wholeYears(until: day) }

    /// Work capacity as the rules read it: under 16, 60 and over, and severe disability (grades 1–2)
    /// mean none whatever was declared; otherwise the assessment, or nil when there is none.
    public func effectiveWorkCapacity(on day: CalendarDate) -> WorkCapacity? {
        let age = age(on: day)
        if age < 16 || age >= 60 || disability?.isSevere == true { return .incapable }
        return workCapacity
    }
}

/// What a case knows about the household as a whole.
public struct HouseholdFacts: Hashable, Sendable, Codable {
    /// The active members (共同生活的家庭成员).
    public var members: [MemberFacts]
    /// Savings, deposits and securities in fen; nil when not declared.
    public var financialAssetsFen: Int?
    /// Motor vehicles owned; nil when not declared.
    public var vehicles: Int?
    /// Rigid spending over the last 12 months (medical, schooling) in fen; nil when not declared.
    public var annualRigidExpenditureFen: Int?
    /// The ledger categories the household holds now (低保, 特困, 低保边缘 …).
    public var categories: Set<MonitoringCategory>

    /// Creates the facts.
    public init(
        members: [MemberFacts], financialAssetsFen: Int? = nil, vehicles: Int? = nil,
        annualRigidExpenditureFen: Int? = nil, categories: Set<MonitoringCategory> = []
    ) {
        self.members = members
        self.financialAssetsFen = financialAssetsFen
        self.vehicles = vehicles
        self.annualRigidExpenditureFen = annualRigidExpenditureFen
        self.categories = categories
    }

    /// Whether the household holds one of the low-income standings that special assistance follows.
    public var isLowIncome: Bool {
        !categories.isDisjoint(with: [.dibao, .tekun, .lowIncomeEdge, .expenditureHardship, .childInDifficulty])
    }

    /// The members' monthly incomes added up; stops naming each member with no income record.
    public func totalMonthlyIncome() throws(AssessmentStop) -> Int {
        let missing = members.filter { $0.monthlyIncomeFen == nil }.map {
            FieldError(
                field: "members[\($0.personID)].monthlyIncomeFen", code: "fact_not_recorded",
                message: "record this member's monthly income (0 when there is none) before the rules can be applied")
        }
        guard missing.isEmpty else { throw .incomplete(missing) }
        return members.reduce(0) { $0 + $1.monthlyIncomeFen! }
    }
}

/// How fast a case must be handled (002).
public enum Urgency: String, Sendable, Codable, CaseIterable {
    /// The ordinary path: investigation in 3 working days, decision in 20.
    case normal
    /// 急难: relief within 24 hours, papers completed within 5 working days.
    case emergency
    /// 紧急情况: relief within 2 hours, papers afterwards.
    case critical
}

/// What this application asks for beyond the household's standing facts.
public struct Claim: Hashable, Sendable, Codable {
    /// How urgent the need is.
    public var urgency: Urgency
    /// Policy-scope medical costs the person paid themselves this year, in fen (医疗救助).
    public var selfPaidMedicalFen: Int?
    /// The cost or loss the application is for, in fen (临时救助, rehabilitation aids, charity).
    public var costFen: Int?

    /// Creates the claim.
    public init(urgency: Urgency = .normal, selfPaidMedicalFen: Int? = nil, costFen: Int? = nil) {
        self.urgency = urgency
        self.selfPaidMedicalFen = selfPaidMedicalFen
        self.costFen = costFen
    }
}

/// What this type already gave the same beneficiary in the current calendar year.
public struct AssistanceHistory: Hashable, Sendable, Codable {
    /// Approvals of this type this year.
    public var grantsThisYear: Int
    /// Amounts approved under this type this year, in fen.
    public var approvedThisYearFen: Int

    /// Creates the history; a first application has none.
    public init(grantsThisYear: Int = 0, approvedThisYearFen: Int = 0) {
        self.grantsThisYear = grantsThisYear
        self.approvedThisYearFen = approvedThisYearFen
    }
}

/// Everything a type's rules read for one application.
public struct AssessmentInput: Hashable, Sendable {
    /// The day the rules are applied on (ages are taken on it).
    public var date: CalendarDate
    /// The household.
    public var household: HouseholdFacts
    /// For person-level types, the member applied for.
    public var beneficiaryID: UUID?
    /// The application's own figures.
    public var claim: Claim
    /// What the type gave the same beneficiary this year.
    public var history: AssistanceHistory

    /// Creates the input.
    public init(
        date: CalendarDate, household: HouseholdFacts, beneficiaryID: UUID? = nil, claim: Claim = Claim(),
        history: AssistanceHistory = AssistanceHistory()
    ) {
        self.date = date
        self.household = household
        self.beneficiaryID = beneficiaryID
        self.claim = claim
        self.history = history
    }

    /// The member a person-level type is for; stops when the case names none of the household.
    public func beneficiary() throws(AssessmentStop) -> MemberFacts {
        guard let beneficiaryID, let member = household.members.first(where: { $0.personID == beneficiaryID }) else {
            throw .missing("personID", "name the household member this assistance is for")
        }
        return member
    }
}
