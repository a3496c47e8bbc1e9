import Foundation
import SafetyNetKernel

/// Short ways to build the facts a rule test needs.
public enum Facts {
    /// The day rules are applied on in tests.
    public static let today = CalendarDate(year: 2026, month: 6, day: 1)!

    /// A member of `age` whole years today, with `income` fen a month (nil: no income record).
    public static func member(
        age: Int, income: Int? = 0, sex: ResidentIDNumber.Sex = .male, disabilityGrade: Int? = nil,
        workCapacity: WorkCapacity? = nil, selfCare: SelfCare? = nil, schoolStage: SchoolStage? = nil,
        unemployed: Bool = false, ableSupporter: Bool? = nil, lacksParentalCare: Bool? = nil
    ) -> MemberFacts {
        MemberFacts(
            personID: UUID(), birthDate: CalendarDate(year: today.year - age, month: 1, day: 1)!, sex: sex, monthlyIncomeFen: income,
            disability: disabilityGrade.map { try! Disability(category: .physical, grade: $0) }, workCapacity: workCapacity,
            selfCare: selfCare, schoolStage: schoolStage, registeredUnemployed: unemployed,
            hasAbleSupporter: ableSupporter, lacksParentalCare: lacksParentalCare)
    }

    /// The input for `type`'s rules: the household, the first member as beneficiary of person-level types.
    public static func input(
        _ members: [MemberFacts], assets: Int? = 0, vehicles: Int? = 0, rigidSpending: Int? = nil,
        categories: Set<MonitoringCategory> = [], claim: Claim = Claim(), history: AssistanceHistory = AssistanceHistory()
    ) -> AssessmentInput {
        AssessmentInput(
            date: today,
            household: HouseholdFacts(
                members: members, financialAssetsFen: assets, vehicles: vehicles,
                annualRigidExpenditureFen: rigidSpending, categories: categories),
            beneficiaryID: members.first?.personID, claim: claim, history: history)
    }
}

extension Assessment {
    /// The amount when eligible.
    public var amount: Int? { benefit?.amountFen }

    /// The finding's code when ineligible.
    public var refusalCode: String? {
        if case .ineligible(let finding) = self { finding.code } else { nil }
    }

    /// The missing fields when incomplete, without the member ids.
    public var missingFields: [String] {
        guard case .incomplete(let errors) = self else { return [] }
        return errors.map { $0.field.replacingOccurrences(of: #"\[[^\]]*\]"#, with: "[]", options: .regularExpression) }
    }
}

extension AssistanceSettings {
    /// Settings with `values` overriding the defaults of `type`'s parameters.
    public static func with(_ values: [String: Int], for type: some AssistanceType) -> AssistanceSettings {
        try! AssistanceSettings(values, known: type.parameters)
    }
}

extension FeedDefinition {
    /// Reads a row given by field name, as a JSON line names its fields: the texts are put in
    /// ``fields`` order, and fields the row leaves out are blank.
    public func record(fromNamed row: [String: String], today: CalendarDate) -> Result<FeedRecord, FeedRowRefusal> {
        record(fromFieldTexts: fields.map { row[$0.name] ?? "" }, today: today)
    }
}
