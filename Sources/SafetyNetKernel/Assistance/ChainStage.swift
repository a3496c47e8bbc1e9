/// The stages of a household's assistance chain (一户一条救助链, 003): discovery → verification →
/// push → assistance → feedback, with the deadline service's supervision alongside.
public enum ChainStage: String, Sendable, Codable, CaseIterable {
    /// 发现预警: put on the ledger, a risk level changed, an alert.
    case discovery
    /// 入户核实: a visit.
    case verification
    /// 推送: an application filed, a referral sent, re-addressed or escalated.
    case push
    /// 救助: review, decisions, payments, joint contributions.
    case assistance
    /// 跟踪反馈: a referral's answer, follow-up, closing.
    case feedback
    /// 督办: limits falling due and passed.
    case supervision

    /// The stage's Chinese name, as the printed chain shows it.
    public var chineseName: String {
        switch self {
        case .discovery: "发现预警"
        case .verification: "入户核实"
        case .push: "推送"
        case .assistance: "救助"
        case .feedback: "跟踪反馈"
        case .supervision: "督办"
        }
    }

    /// The stage an event of `kind` (e.g. `case.approve`, `referral.resolve`) belongs to.
    public init(kind: String) {
        let family = kind.prefix { $0 != "." }
        switch kind {
        case "case.applied", "referral.sent", "referral.readdress", "referral.escalated", "referral.case_filed", "alert.confirmed": self = .push
        case "referral.resolve", "referral.decline", "referral.hand_back", "case.follow_up", "case.close", "joint.concluded", "alert.dismissed",
            "alert.cancelled":
            self = .feedback
        case "alert.verified": self = .verification
        case "alert.escalated": self = .supervision
        default:
            switch family {
            case "monitoring", "risk", "alert": self = .discovery
            case "visit": self = .verification
            case "deadline": self = .supervision
            default: self = .assistance
            }
        }
    }
}
