import Foundation
import SafetyNetKernel

/// A step of 一事一议 taken from a case's page.
public enum JointStep: String, Sendable {
    /// The lead opens joint handling and names the departments asked.
    case open
    /// A department answers with what it does.
    case answer
    /// The lead concludes once every department answered.
    case conclude

    /// What the page says once the step is taken.
    public var done: String {
        switch self {
        case .open: "已启动一事一议，已通知参与部门。"
        case .answer: "部门意见已提交，已记入救助链。"
        case .conclude: "一事一议已办结，结论已记入救助链。"
        }
    }
}

/// The joint-case forms a case's page offers the caller, decided by the API's own checks.
public struct JointOffers: Sendable {
    /// The departments the lead may ask when it opens joint handling; empty when the caller may not open it.
    public let departments: [(id: ModuleID, name: String)]
    /// The departments the caller may answer for.
    public let answering: [ModuleID]
    /// Whether the caller may conclude it now.
    public let conclude: Bool
    /// A joint form that came back refused.
    public let sent: SentJointForm?

    /// The offers; `sent` is a refused form to show again.
    public init(departments: [(id: ModuleID, name: String)], answering: [ModuleID], conclude: Bool, sent: SentJointForm?) {
        self.departments = departments
        self.answering = answering
        self.conclude = conclude
        self.sent = sent
    }

    /// No joint form at all.
    public static let nothing = JointOffers(departments: [], answering: [], conclude: false, sent: nil)
}

/// A joint-case form as it was sent, to show again with what was wrong with it.
public struct SentJointForm: Sendable {
    let step: JointStep
    let values: [String: String]
    let ticked: Set<String>
    let problem: String

    /// The form of `step` with the `values` typed and the boxes `ticked`, refused for `problem`.
    public init(step: JointStep, values: [String: String], ticked: Set<String>, problem: String) {
        self.step = step
        self.values = values
        self.ticked = ticked
        self.problem = problem
    }

    /// What was typed into `field` of `step`'s form (for `module`'s answer, only that one's).
    func value(_ step: JointStep, _ field: String, module: ModuleID? = nil) -> String {
        guard self.step == step, module == nil || values["module"] == module?.rawValue else { return "" }
        return values[field] ?? ""
    }
}
