/// How urgent a monitored household is: it sets visit frequency and response time.
///
/// Red, yellow and blue are 铁力's three levels; green is 徐州's fourth, for households that are
/// stable but still watched.
public enum RiskLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// 红色: immediate risk to basic living.
    case red
    /// 黄色: serious hardship, act soon.
    case yellow
    /// 蓝色: hardship to watch.
    case blue
    /// 绿色: stable, routine monitoring.
    case green

    /// The level's Chinese name.
    public var chineseName: String {
        switch self {
        case .red: "红色"
        case .yellow: "黄色"
        case .blue: "蓝色"
        case .green: "绿色"
        }
    }

    /// Red is the most urgent, so it sorts first.
    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why a household is on the monitoring ledger (动态监测台账).
public enum MonitoringCategory: String, Sendable, Codable, CaseIterable {
    /// 最低生活保障对象.
    case dibao = "dibao"
    /// 特困人员.
    case tekun = "tekun"
    /// 低保边缘家庭.
    case lowIncomeEdge = "low_income_edge"
    /// 支出型困难家庭.
    case expenditureHardship = "expenditure_hardship"
    /// 防止返贫监测对象.
    case povertyRelapseWatch = "poverty_relapse_watch"
    /// 孤儿和困境儿童.
    case childInDifficulty = "child_in_difficulty"
    /// 残疾人.
    case disabled = "disabled"
    /// 独居老人.
    case elderlyAlone = "elderly_alone"
    /// 重病患者.
    case seriousIllness = "serious_illness"
    /// 刚性支出骤增或收入锐减 (illness, schooling, disaster, unemployment, accident).
    case suddenHardship = "sudden_hardship"
    /// 刑满释放、社区矫正、失业流动人员等无生活来源.
    case noLivelihood = "no_livelihood"

    /// The category's Chinese name.
    public var chineseName: String {
        switch self {
        case .dibao: "低保对象"
        case .tekun: "特困人员"
        case .lowIncomeEdge: "低保边缘家庭"
        case .expenditureHardship: "支出型困难家庭"
        case .povertyRelapseWatch: "防返贫监测对象"
        case .childInDifficulty: "孤儿和困境儿童"
        case .disabled: "残疾人"
        case .elderlyAlone: "独居老人"
        case .seriousIllness: "重病患者"
        case .suddenHardship: "刚性支出骤增或收入锐减"
        case .noLivelihood: "无生活来源人员"
        }
    }
}

/// A member's relation to the head of the household (与户主关系).
public enum HouseholdRelation: String, Sendable, Codable, CaseIterable {
    case head, spouse, child, parent, grandchild, grandparent, sibling, other

    /// The relation's Chinese name.
    public var chineseName: String {
        switch self {
        case .head: "户主"
        case .spouse: "配偶"
        case .child: "子女"
        case .parent: "父母"
        case .grandchild: "孙子女"
        case .grandparent: "祖父母"
        case .sibling: "兄弟姐妹"
        case .other: "其他"
        }
    }
}

/// Putting a household on the monitoring ledger: why, in which categories, at which risk level.
public struct MonitoringDraft: Hashable, Sendable {
    public let categories: [MonitoringCategory]
    public let riskLevel: RiskLevel
    public let reason: String

    /// Validates: at least one category (duplicates dropped), a reason of 1–1000 characters.
    public init(categories: [MonitoringCategory], riskLevel: RiskLevel, reason: String) throws(FieldError) {
        guard !categories.isEmpty else {
            throw FieldError(field: "categories", code: "required", message: "name at least one monitoring category")
        }
        self.categories = Array(Set(categories)).sorted { $0.rawValue < $1.rawValue }
        self.riskLevel = riskLevel
        self.reason = try TextRule.required(reason, field: "reason", limit: .remark)
    }
}

/// A change of a monitored household's risk level, which always carries its reason.
public struct RiskChange: Hashable, Sendable {
    public let riskLevel: RiskLevel
    public let reason: String

    /// Validates the reason (1–1000 characters).
    public init(riskLevel: RiskLevel, reason: String) throws(FieldError) {
        self.riskLevel = riskLevel
        self.reason = try TextRule.required(reason, field: "reason", limit: .remark)
    }
}
