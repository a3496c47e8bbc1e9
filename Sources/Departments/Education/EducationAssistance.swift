import SafetyNetKernel

/// 教育救助: a yearly grant by school stage for students of low-income households or children
/// without parental care; once per school year.
public struct EducationAssistance: AssistanceType {
    public let id = AssistanceTypeID(module: EducationModule.id, name: "education-assistance")
    public let chineseName = "教育救助"
    public let englishName = "Education assistance"
    public let subject = AssistanceSubject.person
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "学生资助资金"
    public let requiredDocuments = ["申请书", "学籍证明", "家庭困难情况证明"]

    /// Creates the type.
    public init() {}

    /// The setting holding a stage's yearly grant; its default is the national student-aid standard.
    func grant(for stage: SchoolStage) -> AssistanceParameter {
        AssistanceParameter(
            key: "\(id).\(stage.rawValue)GrantFen", chineseName: "教育救助标准（\(stage.chineseName)，元/年）",
            defaultValue: Self.nationalGrantFen(stage), unit: .fen,
            summary: "yearly grant for a \(stage.rawValue.replacingOccurrences(of: "_", with: " ")) student")
    }

    /// The national student-aid standard per year, in fen.
    static func nationalGrantFen(_ stage: SchoolStage) -> Int {
        switch stage {
        case .preschool, .primary: 100_000
        case .juniorSecondary: 125_000
        case .seniorSecondary, .vocational: 200_000
        case .higher: 330_000
        }
    }

    public var parameters: [AssistanceParameter] { SchoolStage.allCases.map(grant(for:)) }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            let student = try input.beneficiary()
            let basis = "《社会救助暂行办法》第三十三条"
            guard let stage = student.schoolStage else {
                throw .notMet("not_a_student", "申请人未登记为在校学生", basis: basis)
            }
            guard input.household.isLowIncome || student.lacksParentalCare == true else {
                throw .notMet("not_in_assisted_group", "家庭不属于低保、特困、低保边缘、支出型困难等低收入家庭，且学生有父母抚养照料", basis: basis)
            }
            guard input.history.grantsThisYear == 0 else {
                throw .notMet("already_granted_this_year", "该学生本年度已获教育救助", basis: basis)
            }
            let amount = settings.value(grant(for: stage))
            return BenefitProposal(amountFen: amount, period: .annual, working: "\(stage.chineseName)资助\(Money.yuan(amount))元")
        }
    }
}
