import Foundation

/// Where an alert stands: raised and pushed, looked at in the field, then confirmed or dismissed
/// (数据预警—实地核查—信息推送—多元救助, seed 003).
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    /// Raised and pushed to the town and the grid; waiting for a look in the field.
    case raised
    /// Looked at in the field; waiting to be confirmed or dismissed.
    case verified
    /// Confirmed: the ledger and the help it calls for followed.
    case confirmed
    /// Dismissed with a reason.
    case dismissed
    /// Closed by the system because its reason is gone: the household closed, or left the ledger
    /// for an overdue visit's alert.
    case cancelled

    /// The status's Chinese name.
    public var chineseName: String {
        switch self {
        case .raised: "待核实"
        case .verified: "已核实"
        case .confirmed: "已确认"
        case .dismissed: "已排除"
        case .cancelled: "已关闭"
        }
    }

    /// Whether the same condition is still being worked on, so it is not raised again.
    public var isOpen: Bool { self == .raised || self == .verified }
}

/// What a confirmed alert calls for, declared with its rule: the change to the monitoring ledger,
/// and the application or referral opened for the household, filled in from the alert.
public struct AlertResponse: Sendable, Hashable {
    /// What happens to the household's ledger entry.
    public let ledger: AlertLedgerChange
    /// What is opened on confirmation; nil when the confirmation itself is the help.
    public let opens: AlertOpening?

    /// Declares the response.
    public init(ledger: AlertLedgerChange, opens: AlertOpening?) {
        self.ledger = ledger
        self.opens = opens
    }
}

/// What a confirmed alert does to the monitoring ledger (动态监测台账).
public enum AlertLedgerChange: Sendable, Hashable {
    /// Adds the categories to the household's open entry and raises its risk level to the
    /// confirmed one when that is more urgent; opens an entry when there is none and the
    /// categories say why.
    case monitor(in: [MonitoringCategory])
    /// Leaves the ledger alone: the finding is not hardship (income above the dibao line).
    case unchanged
}

/// The help a confirmed alert opens.
public enum AlertOpening: Sendable, Hashable {
    /// An application of the type, filed on the household's behalf (帮办代办), for the person the
    /// alert names when the type is about one person; `claim` says what the alert's amount is.
    case application(AssistanceTypeID, claim: AlertClaim = .nothing)
    /// A referral of the need to the department (to the one covering the need when nil).
    case referral(Need, module: ModuleID?)
}

/// What the amount an alert measured stands for in the application it opens.
public enum AlertClaim: Sendable, Hashable {
    /// The alert's amount is not claimed.
    case nothing
    /// Self-paid medical costs (医疗救助's claim).
    case selfPaidMedical
}

/// The district settings of the alert's life.
public enum AlertParameters {
    /// Working days to verify an alert in the field before it escalates a level.
    public static let verificationWorkingDays = AssistanceParameter(
        key: "alert.verificationWorkingDays", chineseName: "预警核实时限（每级，个工作日）", defaultValue: 5, unit: .workingDays, range: 1...30,
        summary: "working days to verify an alert in the field at each level before it escalates (like a referral's answer)")
    /// Working days to confirm or dismiss an alert once it is verified.
    public static let decisionWorkingDays = AssistanceParameter(
        key: "alert.decisionWorkingDays", chineseName: "预警确认时限（个工作日）", defaultValue: 5, unit: .workingDays, range: 1...30,
        summary: "working days for the village or town to confirm or dismiss an alert once the grid has verified it")
}

/// The district settings of the half-yearly full comparison (全量比对, seed 001).
public enum FullComparisonParameters {
    /// Months between comparisons started on schedule; 0 starts them by hand only.
    public static let intervalMonths = AssistanceParameter(
        key: "comparison.intervalMonths", chineseName: "在保对象全量比对周期（月，0为仅手动）", defaultValue: 6, unit: .months, range: 0...12,
        summary: "months between full comparisons of the households in benefit started on schedule (001: every half year); 0 for by hand only")
}

/// A confirmation of a verified alert: what the checker found true, and how the response the
/// rule declares is adjusted.
public struct AlertConfirmationDraft: Sendable, Hashable {
    /// What was confirmed, in the confirmer's words.
    public let note: String
    /// The risk level the household is put at; the alert's level when nil. A ledger entry at a
    /// more urgent level keeps it.
    public let riskLevel: RiskLevel?
    /// The member the application or referral is for, when not the one the alert names.
    public let personID: UUID?
    /// How urgent the application is.
    public let urgency: Urgency
    /// False when the household already has the help: the ledger changes, nothing is opened.
    public let opensResponse: Bool

    /// Validates the note (1–1000 characters); green is no level to confirm hardship at.
    public init(note: String, riskLevel: RiskLevel?, personID: UUID?, urgency: Urgency, opensResponse: Bool) throws(FieldError) {
        if riskLevel == .green {
            throw FieldError(field: "riskLevel", code: "not_an_alert_level", message: "a confirmed alert puts the household at red, yellow or blue")
        }
        self.note = try TextRule.required(note, field: "note", limit: .remark)
        self.riskLevel = riskLevel
        self.personID = personID
        self.urgency = urgency
        self.opensResponse = opensResponse
    }
}

/// Why a step on an alert is refused.
public enum AlertError: Error, Hashable, Sendable {
    /// No alert with this id (or none the caller may see).
    case notFound
    /// The step does not fit where the alert stands: verification needs a raised alert, a decision a verified one.
    case wrongStatus(AlertStatus, expected: AlertStatus)
}

extension AlertRule {
    /// What an alert of the rule found, in the words the application or referral opened from it
    /// carries: 家庭年度医疗自付费用超过预警线（红色）：2026年合计72208.72元，超过预警线50000.00元.
    public func finding(level: RiskLevel, amountFen: Int?, thresholdFen: Int?, year: Int?) -> String {
        var text = "\(chineseName)（\(level.chineseName)）"
        if let amountFen, let thresholdFen {
            text += "：\(year.map { "\($0)年合计" } ?? "金额")\(Money.yuan(amountFen))元，超过预警线\(Money.yuan(thresholdFen))元"
        }
        return text
    }
}
