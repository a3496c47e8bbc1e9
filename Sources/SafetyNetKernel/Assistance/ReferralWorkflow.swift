/// The levels a referral is handled at, lowest first (属地管理、分级办理: village → town → district).
public enum HandlingLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// 村(社区): handles what it can on the spot.
    case village
    /// 乡镇(街道).
    case town
    /// A district department (or district civil affairs when no department is named).
    case district
    /// 区民政牵头: the district lead that overdue district referrals escalate to.
    case districtLead = "district_lead"

    /// The level an overdue referral escalates to, or nil at the top.
    public var escalation: HandlingLevel? {
        switch self {
        case .village: .town
        case .town: .district
        case .district: .districtLead
        case .districtLead: nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }

    /// The level's Chinese name, as the assistance chain shows it.
    public var chineseName: String {
        switch self {
        case .village: "村(社区)"
        case .town: "乡镇(街道)"
        case .district: "区级"
        case .districtLead: "区民政牵头"
        }
    }

    /// The region that answers at this level for a household in `grid`: its village, its town, or the district.
    public func region(for grid: RegionCode) -> RegionCode {
        var region = grid
        while region.level > regionLevel, let parent = region.parent { region = parent }
        return region
    }

    /// The level of the region that answers.
    public var regionLevel: RegionLevel {
        switch self {
        case .village: .village
        case .town: .town
        case .district, .districtLead: .district
        }
    }
}

/// Where a referral came from; the answer flows back there.
public enum ReferralOrigin: String, Sendable, Codable, CaseIterable {
    /// A visit found the need.
    case visit
    /// A case item needs another department's help.
    case caseItem = "case"
    /// Sent by hand, without a visit or case behind it.
    case manual
}

/// Who a referral is addressed to: a level, and a department when one is named.
public struct ReferralAddress: Hashable, Sendable, Codable {
    /// The department; nil for the level's own office (the village committee, the town, district civil affairs).
    public let module: ModuleID?
    /// The level that answers.
    public let level: HandlingLevel

    /// Creates an address.
    public init(module: ModuleID?, level: HandlingLevel) {
        self.module = module
        self.level = level
    }

    /// The address after escalation, or nil at the top: the department stays named, so it may
    /// still answer, while the higher level takes the referral over.
    public var escalated: ReferralAddress? { level.escalation.map { ReferralAddress(module: module, level: $0) } }
}

/// Where a referral stands (转办单).
public enum ReferralState: String, Sendable, Codable, CaseIterable {
    /// Sent, waiting for the addressee.
    case sent
    /// The addressee took it on.
    case accepted
    /// Done; the answer went back to the origin.
    case resolved
    /// Not possible under the rules; the reason and basis went back to the origin.
    case declined
    /// Not the addressee's to handle; back with the sender to re-address.
    case handedBack = "handed_back"

    /// Whether the referral still waits for an answer.
    public var isOpen: Bool { self == .sent || self == .accepted }
}

/// A step on a referral.
public enum ReferralAction: String, Sendable, Codable, CaseIterable {
    case accept, resolve, decline
    case handBack = "hand_back"
    /// The sender addresses a handed-back referral again.
    case readdress

    /// The action's Chinese name, as the assistance chain shows it.
    public var chineseName: String {
        switch self {
        case .accept: "接收"
        case .resolve: "办结"
        case .decline: "不予办理"
        case .handBack: "退回"
        case .readdress: "重新转办"
        }
    }

    /// The action in words, as in "cannot be accepted".
    public var pastTense: String {
        switch self {
        case .accept: "accepted"
        case .resolve: "resolved"
        case .decline: "declined"
        case .handBack: "handed back"
        case .readdress: "re-addressed"
        }
    }
}

/// The referral state machine.
public enum ReferralWorkflow {
    /// The state after `action` from `state`, or nil when not allowed.
    public static func next(after action: ReferralAction, from state: ReferralState) -> ReferralState? {
        switch (action, state) {
        case (.accept, .sent): .accepted
        case (.resolve, .sent), (.resolve, .accepted): .resolved
        case (.decline, .sent), (.decline, .accepted): .declined
        case (.handBack, .sent), (.handBack, .accepted): .handedBack
        case (.readdress, .handedBack): .sent
        default: nil
        }
    }

    /// The state after an overdue referral escalates: the new addressee has to take it on again.
    public static func escalated(from state: ReferralState) -> ReferralState? { state.isOpen ? .sent : nil }
}

/// The referral policy every module shares: an answer within 5 working days unless configured (000).
public enum ReferralParameters {
    /// Working days the addressee has to answer, at each level.
    public static let answerWorkingDays = AssistanceParameter(
        key: "referral.answerWorkingDays", chineseName: "转办答复时限（每级，个工作日）", defaultValue: 5, unit: .workingDays, range: 1...30,
        summary: "working days to answer a referral at each level before it escalates (000: 原则上5个工作日内)")
}

/// What a module takes referrals for and how fast it answers.
public struct ReferralHandling: Hashable, Sendable {
    /// The needs the department handles.
    public let needs: Set<Need>
    /// Whether it takes the needs no other policy covers (慈善: 政策不能覆盖的).
    public let takesUncoveredNeeds: Bool

    /// Creates the handling.
    public init(needs: Set<Need>, takesUncoveredNeeds: Bool = false) {
        self.needs = needs
        self.takesUncoveredNeeds = takesUncoveredNeeds
    }

    /// A module that takes no referrals.
    public static let none = ReferralHandling(needs: [])

    /// Whether the module takes referrals at all.
    public var takesReferrals: Bool { !needs.isEmpty || takesUncoveredNeeds }
}
