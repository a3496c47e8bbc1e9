import SafetyNetKernel

/// 慈善项目救助: help from charity for a need no policy covers, applied for as a case, up to a
/// per-case cap. Needs referred to charity are matched to its projects instead (see `ProjectDraft`).
public struct CharityProjectAid: AssistanceType {
    public let id = AssistanceTypeID(module: CharityModule.id, name: "project-aid")
    public let chineseName = "慈善项目救助"
    public let englishName = "Charity project aid"
    public let subject = AssistanceSubject.household
    public let decisionLevel = DecisionLevel.district
    public let fundingLine = "慈善项目资金"
    public let requiredDocuments = ["求助申请", "困难情况说明"]

    let perCaseCap: AssistanceParameter

    /// Creates the type.
    public init() {
        perCaseCap = AssistanceParameter(
            key: "\(id).perCaseCapFen", chineseName: "慈善项目救助单案上限（元）", defaultValue: 500_000, unit: .fen,
            summary: "most one case receives")
    }

    public var parameters: [AssistanceParameter] { [perCaseCap] }

    public func assess(_ input: AssessmentInput, settings: AssistanceSettings) -> Assessment {
        Assessment { () throws(AssessmentStop) in
            guard let cost = input.claim.costFen, cost > 0 else { throw .missing("claim.costFen", "state what the need costs, in fen") }
            let cap = settings.value(perCaseCap)
            return BenefitProposal(amountFen: min(cost, cap), period: .once, working: "所需费用\(Money.yuan(cost))元，每案最高\(Money.yuan(cap))元")
        }
    }
}
