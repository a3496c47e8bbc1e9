/// Where one assistance type of a case stands (一次申请、分类审核认定: each type moves on its own).
public enum CaseItemState: String, Sendable, Codable, CaseIterable {
    case applied
    case accepted
    case investigating
    case reviewing
    case approved
    case rejected
    case disbursing
    case followingUp = "following_up"
    case closed

    /// Whether the item is still waiting for a decision.
    public var isUndecided: Bool { [.applied, .accepted, .investigating, .reviewing].contains(self) }
}

/// A step someone takes on one type of a case.
public enum CaseAction: String, Sendable, Codable, CaseIterable {
    /// 受理: the town (or the department) takes the application on.
    case accept
    /// 入户调查: the investigation starts.
    case investigate
    /// 调查初审意见: the investigation's findings are in; the item goes to review.
    case submitFindings = "submit_findings"
    /// A town without authority for the type sends its review to the district department.
    case forward
    /// 审批: the rules are met; the benefit is fixed.
    case approve
    /// 不予救助: refused, with reason, basis and the applicant's notice.
    case reject
    /// A payment of an approval; the first moves it to disbursing (recorded through payments).
    case pay
    /// 跟踪帮扶: assistance given; the household is tracked until re-assessment.
    case followUp = "follow_up"
    /// 办结.
    case close
    /// The applicant withdraws before a decision.
    case withdraw

    /// The step's Chinese name, as the assistance chain shows it.
    public var chineseName: String {
        switch self {
        case .accept: "受理"
        case .investigate: "入户调查"
        case .submitFindings: "提交调查意见"
        case .forward: "报送区级审批"
        case .approve: "审批通过"
        case .reject: "不予救助"
        case .pay: "发放"
        case .followUp: "跟踪帮扶"
        case .close: "办结"
        case .withdraw: "撤回申请"
        }
    }
}

/// A step that the item's state does not allow, with what is allowed instead.
public struct WorkflowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The state the item is in.
    public let state: CaseItemState
    /// The step refused.
    public let action: CaseAction
    /// Whether the item is on an urgent path.
    public let urgent: Bool
    /// A stable code: `invalid_transition`, `already_decided`.
    public let code: String

    public var description: String {
        let allowed = CaseAction.allCases.filter { CaseWorkflow.next(after: $0, from: state, urgent: urgent) != nil }.map(\.rawValue)
        let hint = allowed.isEmpty ? "nothing more can be done to it" : "allowed now: \(allowed.joined(separator: ", "))"
        return "cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) an item that is \(state.rawValue); \(hint)"
    }
}

/// The state machine of one case type: applied → accepted → investigating → reviewing → approved |
/// rejected → disbursing → following up → closed. Monthly benefits go on being paid during follow-up.
public enum CaseWorkflow {
    /// The state after `action` from `state`, or nil when the step is not allowed. On an urgent
    /// item (急难 or critical) approval may come straight after acceptance: relief first, papers after.
    public static func next(after action: CaseAction, from state: CaseItemState, urgent: Bool) -> CaseItemState? {
        switch (action, state) {
        case (.accept, .applied): .accepted
        case (.investigate, .accepted): .investigating
        case (.submitFindings, .investigating): .reviewing
        case (.forward, .reviewing): .reviewing
        case (.approve, .reviewing): .approved
        case (.approve, .accepted), (.approve, .investigating): urgent ? .approved : nil
        case (.reject, let from) where from.isUndecided: .rejected
        case (.pay, .approved), (.pay, .disbursing): .disbursing
        case (.pay, .followingUp): .followingUp
        case (.followUp, .approved), (.followUp, .disbursing): .followingUp
        case (.close, .followingUp), (.close, .rejected): .closed
        case (.withdraw, let from) where from.isUndecided: .closed
        default: nil
        }
    }

    /// The state after `action`, or the error explaining why it cannot be taken.
    public static func apply(_ action: CaseAction, to state: CaseItemState, urgent: Bool) throws(WorkflowError) -> CaseItemState {
        guard let next = next(after: action, from: state, urgent: urgent) else {
            let decision = action == .approve || action == .reject
            let code = decision && !state.isUndecided ? "already_decided" : action == .pay ? "not_approved" : "invalid_transition"
            throw WorkflowError(state: state, action: action, urgent: urgent, code: code)
        }
        return next
    }
}
