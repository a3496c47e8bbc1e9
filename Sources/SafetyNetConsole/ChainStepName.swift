import SafetyNetKernel

/// The Chinese name of a chain step's kind, e.g. 审批通过 for `case.approve`, as the printed
/// chain and the console's household page show it; a kind not known here is shown as it is.
public enum ChainStepName {
    /// The name of `kind` (`family.code`).
    public static func of(_ kind: String) -> String {
        let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return kind }
        return name(family: parts[0], code: parts[1]) ?? kind
    }

    private static func name(family: String, code: String) -> String? {
        switch family {
        case "case":
            if let action = CaseAction(rawValue: code) { return action.chineseName }
            return ["applied": "提出申请", "papers_completed": "补齐申请材料"][code]
        case "referral":
            if let action = ReferralAction(rawValue: code) { return action == .readdress ? action.chineseName : "转办\(action.chineseName)" }
            return ["sent": "转办", "escalated": "转办提级", "case_filed": "依转办提出申请"][code]
        case "joint": return ["opened": "启动一事一议", "contribution": "一事一议部门意见", "concluded": "一事一议办结"][code]
        case "deadline": return ["overdue": "时限超期", "due_soon": "时限即将到期"][code]
        case "visit": return ["home": "入户走访", "phone": "电话巡访"][code]
        case "monitoring": return ["started": "纳入监测", "ended": "退出监测"][code]
        case "risk": return code == "changed" ? "风险等级调整" : nil
        case "alert":
            return [
                "raised": "发出预警", "worsened": "预警升级", "verified": "预警核实", "confirmed": "预警确认", "dismissed": "预警排除",
                "escalated": "预警提级", "cancelled": "预警撤销",
            ][code]
        default: return nil
        }
    }
}
