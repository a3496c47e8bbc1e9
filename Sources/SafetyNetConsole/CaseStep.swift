import Foundation
import SafetyNetKernel

/// A step the case page offers on an item, each a form of its own.
public enum CaseStep: String, Sendable, CaseIterable {
    /// 受理.
    case accept
    /// 入户调查 starts.
    case investigate
    /// The investigation's findings and the facts it verified.
    case findings
    /// 报送区级审批: a town sends on what it may not decide.
    case forward
    /// 审批通过.
    case approve
    /// 不予救助, with reason, basis and notice.
    case reject
    /// A payment recorded.
    case pay
    /// 跟踪帮扶.
    case followUp = "follow_up"
    /// The papers completed after urgent relief.
    case papersComplete = "papers_complete"
    /// 办结.
    case close

    /// The workflow's step it takes; nil for completing the papers, which moves no state.
    public var action: CaseAction? {
        switch self {
        case .accept: .accept
        case .investigate: .investigate
        case .findings: .submitFindings
        case .forward: .forward
        case .approve: .approve
        case .reject: .reject
        case .pay: .pay
        case .followUp: .followUp
        case .papersComplete: nil
        case .close: .close
        }
    }

    /// The button's words.
    var label: String {
        switch self {
        case .accept: "受理"
        case .investigate: "开始入户调查"
        case .findings: "提交调查意见"
        case .forward: "报送区级审批"
        case .approve: "审批通过"
        case .reject: "不予救助"
        case .pay: "登记发放"
        case .followUp: "转入跟踪帮扶"
        case .papersComplete: "申请材料已补齐"
        case .close: "办结"
        }
    }

    /// What the notice after the step says was done.
    public var done: String {
        switch self {
        case .findings: "调查意见已提交，转入审批。"
        case .reject: "已作出不予救助决定，已记入救助链。"
        case .pay: "发放已登记。"
        case .papersComplete: "已登记材料补齐。"
        default: "已\(label)，已记入救助链。"
        }
    }
}

/// A form as it was sent, to show again with what was wrong with it.
public struct SentCaseForm: Sendable {
    let itemID: UUID
    let step: CaseStep
    let values: [String: String]
    let problem: String

    /// The form of `step` on `itemID` with the `values` typed, refused for `problem`.
    public init(itemID: UUID, step: CaseStep, values: [String: String], problem: String) {
        self.itemID = itemID
        self.step = step
        self.values = values
        self.problem = problem
    }
}

extension CaseStep {
    /// A step with no fields of its own beyond a note: one button.
    var isPlain: Bool { ![.findings, .approve, .reject, .pay].contains(self) }
}
