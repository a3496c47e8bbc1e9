/// The legal time limits of a case (002), per assistance type; districts may shorten or lengthen them.
///
/// The ordinary path counts from acceptance: the initial investigation within 3 working days and
/// the decision within 20. The urgent paths count from the application: emergency (急难) relief
/// within 24 hours, critical relief within 2 hours, and in both the papers completed within
/// 5 working days of the relief.
public struct CaseTimeLimits: Hashable, Sendable {
    /// From acceptance to the investigation's findings (调查初审意见).
    public var investigation: TimeLimit
    /// From acceptance to approval or rejection (审核审批).
    public var decision: TimeLimit
    /// From the application to the first payment on the emergency path.
    public var emergencyRelief: TimeLimit
    /// From the application to the first payment on the critical path.
    public var criticalRelief: TimeLimit
    /// From an urgent relief to complete papers (补充完善救助材料).
    public var papers: TimeLimit

    /// 002's limits.
    public static let statutory = CaseTimeLimits(
        investigation: .workingDays(3), decision: .workingDays(20),
        emergencyRelief: .hours(24), criticalRelief: .hours(2), papers: .workingDays(5))

    /// Creates limits.
    public init(investigation: TimeLimit, decision: TimeLimit, emergencyRelief: TimeLimit, criticalRelief: TimeLimit, papers: TimeLimit) {
        self.investigation = investigation
        self.decision = decision
        self.emergencyRelief = emergencyRelief
        self.criticalRelief = criticalRelief
        self.papers = papers
    }

    /// The limits for `type` under `settings`.
    public init(for type: AssistanceTypeID, settings: AssistanceSettings) {
        let value = { (name: String) in settings.value(Self.parameters(for: type).first { $0.key == "\(type).\(name)" }!) }
        self.init(
            investigation: .workingDays(value("investigationWorkingDays")), decision: .workingDays(value("decisionWorkingDays")),
            emergencyRelief: .hours(value("emergencyReliefHours")), criticalRelief: .hours(value("criticalReliefHours")),
            papers: .workingDays(value("papersWorkingDays")))
    }

    /// The settings through which a district changes `type`'s limits, defaulting to 002's.
    public static func parameters(for type: AssistanceTypeID) -> [AssistanceParameter] {
        [
            AssistanceParameter(
                key: "\(type).investigationWorkingDays", chineseName: "入户调查时限（个工作日）", defaultValue: 3, unit: .workingDays, range: 1...30,
                summary: "initial investigation, from acceptance (002: 3 working days)"),
            AssistanceParameter(
                key: "\(type).decisionWorkingDays", chineseName: "审核审批时限（个工作日）", defaultValue: 20, unit: .workingDays, range: 1...60,
                summary: "decision, from acceptance (002: 20 working days)"),
            AssistanceParameter(
                key: "\(type).emergencyReliefHours", chineseName: "急难先行救助时限（小时）", defaultValue: 24, unit: .hours, range: 1...72,
                summary: "emergency (急难) relief, from the application (002: 24 hours)"),
            AssistanceParameter(
                key: "\(type).criticalReliefHours", chineseName: "紧急先行救助时限（小时）", defaultValue: 2, unit: .hours, range: 1...24,
                summary: "critical relief, from the application (002: 2 hours)"),
            AssistanceParameter(
                key: "\(type).papersWorkingDays", chineseName: "补充救助材料时限（个工作日）", defaultValue: 5, unit: .workingDays, range: 1...30,
                summary: "papers completed after urgent relief (002: 5 working days)"),
        ]
    }
}

/// What a deadline is for; the deadline service treats them all alike.
public enum DeadlineKind: String, Sendable, Codable, CaseIterable {
    /// A case type's initial investigation.
    case investigation
    /// A case type's decision.
    case decision
    /// Urgent relief paid.
    case relief
    /// Papers completed after urgent relief.
    case papers
    /// A referral answered at its current level.
    case referralAnswer = "referral_answer"
    /// A re-assessment at the end of follow-up.
    case reassessment
    /// An alert verified in the field at its current level.
    case alertVerification = "alert_verification"
    /// A verified alert confirmed or dismissed.
    case alertDecision = "alert_decision"

    /// The limit's Chinese name, as the chain's supervision steps show it.
    public var chineseName: String {
        switch self {
        case .investigation: "入户调查"
        case .decision: "审核审批"
        case .relief: "先行救助"
        case .papers: "补齐材料"
        case .referralAnswer: "转办答复"
        case .reassessment: "复核"
        case .alertVerification: "预警核实"
        case .alertDecision: "预警确认"
        }
    }
}

/// Follow-up after assistance (跟踪帮扶): how often the household is visited and when it is re-assessed.
public enum FollowUpParameters {
    /// Days between follow-up visits.
    public static let visitIntervalDays = AssistanceParameter(
        key: "followUp.visitIntervalDays", chineseName: "跟踪帮扶走访周期（天）", defaultValue: 14, unit: .count, range: 1...31,
        summary: "days between visits while a household is followed up after assistance")
    /// Months until the re-assessment.
    public static let reassessmentMonths = AssistanceParameter(
        key: "followUp.reassessmentMonths", chineseName: "跟踪帮扶复核时限（月）", defaultValue: 6, unit: .months, range: 1...24,
        summary: "months from the start of follow-up to the re-assessment (half-yearly comparison)")
}
