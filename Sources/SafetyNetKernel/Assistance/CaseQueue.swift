/// A stage of the work queue (待办) of case items: what an office has to do next with them.
public enum CaseQueueStage: String, Sendable, Codable, CaseIterable {
    /// 待受理: filed, not yet taken on.
    case toAccept = "to_accept"
    /// 调查核实: taken on; the investigation is due or under way.
    case investigating
    /// 待审批: the findings are in; approve, reject or forward.
    case toDecide = "to_decide"
    /// 待发放: approved; the payments and follow-up are due.
    case toPay = "to_pay"

    /// The item states the stage holds.
    public var states: [CaseItemState] {
        switch self {
        case .toAccept: [.applied]
        case .investigating: [.accepted, .investigating]
        case .toDecide: [.reviewing]
        case .toPay: [.approved, .disbursing]
        }
    }

    /// The stage's Chinese name, as the queue's tabs show it.
    public var chineseName: String {
        switch self {
        case .toAccept: "待受理"
        case .investigating: "调查核实"
        case .toDecide: "待审批"
        case .toPay: "待发放"
        }
    }

    /// The stage an item in `state` waits in, or nil when nothing is due from an office (rejected,
    /// followed up, closed).
    public init?(holding state: CaseItemState) {
        guard let stage = Self.allCases.first(where: { $0.states.contains(state) }) else { return nil }
        self = stage
    }
}

/// How the work queue is sorted.
public enum CaseQueueOrder: String, Sendable, Codable, CaseIterable {
    /// The nearest open time limit first (overdue ones at the top); items without one last.
    case due
    /// The newest application first.
    case newest
}

extension CaseItemState {
    /// The state's Chinese name, as lists and the case page show it.
    public var chineseName: String {
        switch self {
        case .applied: "待受理"
        case .accepted: "已受理"
        case .investigating: "调查中"
        case .reviewing: "待审批"
        case .approved: "已批准"
        case .rejected: "不予救助"
        case .disbursing: "发放中"
        case .followingUp: "跟踪帮扶"
        case .closed: "已办结"
        }
    }
}
