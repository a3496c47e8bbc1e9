import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// What the dashboard covers: a region in the caller's scope, a period of days, and one department or all.
public struct DashboardQuery: Sendable, Hashable {
    public let region: RegionCode
    public let from: CalendarDate
    public let through: CalendarDate
    public let module: ModuleID?

    /// The dashboard of `region` over `from`…`through`, of `module` only when given.
    public init(region: RegionCode, from: CalendarDate, through: CalendarDate, module: ModuleID?) {
        self.region = region
        self.from = from
        self.through = through
        self.module = module
    }
}

/// 统计监督: for a region and period, per department and assistance type the applications,
/// decisions, closure rate, handling days against the limit and what is overdue; the risk levels of
/// the ledger by area; the early-warning pipeline; the last twelve months as charts. The figures
/// are `GET /api/v1/supervision/figures`'s for the same query.
public struct DashboardPage: ConsolePage {
    public static let template = "dashboard"

    /// How the page names things it only has ids of.
    public struct Names: Sendable {
        let department: @Sendable (ModuleID) -> String
        let type: @Sendable (AssistanceTypeID) -> String
        let decisionLimit: @Sendable (AssistanceTypeID) -> String

        /// Names for departments, types, and each type's decision limit in Chinese.
        public init(
            department: @escaping @Sendable (ModuleID) -> String, type: @escaping @Sendable (AssistanceTypeID) -> String,
            decisionLimit: @escaping @Sendable (AssistanceTypeID) -> String
        ) {
            self.department = department
            self.type = type
            self.decisionLimit = decisionLimit
        }
    }

    struct TypeRow: Sendable {
        let type: String
        let department: String
        let name: String
        let applications: Int
        let approvals: Int
        let rejections: Int
        let closureRate: String
        let averageDays: String
        let p90Days: String
        let limit: String
        let averageShare: String
        let p90Share: String
        let overdue: Int
        let metLate: Int
        let paid: String
        let late: Bool
    }

    struct ReferralRow: Sendable {
        let addressee: String
        let sent: Int
        let answered: Int
        let declined: Int
        let escalations: Int
        let overdue: Int
    }

    struct AreaRow: Sendable {
        let name: String
        let href: String?
        let red: Int
        let yellow: Int
        let blue: Int
        let green: Int
        let total: Int
    }

    struct Figure: Sendable {
        let key: String
        let label: String
        let value: String
    }

    struct JointRow: Sendable {
        let href: String
        let address: String
        let lead: String
        let reason: String
        let opened: String
        let standing: String
    }

    struct MonthRow: Sendable {
        let month: String
        let applications: Int
        let approvals: Int
        let rejections: Int
        let alerts: Int
    }

    let frame: PageFrame
    let regionName: String
    let period: String
    let asOf: String
    let region: String
    /// This month's publication list (公示) of the region and department.
    let publicationHref: String
    let from: String
    let through: String
    let departments: [SelectOption]
    let types: [TypeRow]
    let hasTypes: Bool
    let referrals: [ReferralRow]
    let hasReferrals: Bool
    let areaLevel: String
    let areas: [AreaRow]
    let riskChart: String
    let showsWarning: Bool
    let warning: [Figure]
    let pipelineChart: String
    let followed: [Figure]
    let months: [MonthRow]
    let trendChart: String
    let jointCases: [JointRow]
    let hasJointCases: Bool

    /// The page of `figures` for `query`, with the ledger's `areas`, the last `months` and the open `jointCases`;
    /// `departments` are those the caller may choose, `regionName` names the region.
    public init(
        frame: PageFrame, query: DashboardQuery, regionName: String, figures: SupervisionFigures, areas: [AreaRisk], months: [MonthFigures],
        jointCases: [OpenJointCase] = [], departments: [ModuleID], names: Names, scope: RegionCode
    ) {
        self.frame = frame
        self.regionName = regionName
        period = "\(ChineseFormat.date(figures.from)) 至 \(ChineseFormat.date(figures.through))"
        asOf = ChineseFormat.dateTime(figures.asOf)
        region = query.region.value
        publicationHref = "/publication?region=\(query.region.value)"
        from = query.from.description
        through = query.through.description
        self.departments =
            [SelectOption(value: "", label: "全部部门", selected: query.module == nil)]
            + departments.map { SelectOption(value: $0.rawValue, label: names.department($0), selected: query.module == $0) }
        types = figures.types.map { Self.row($0, names: names) }
        hasTypes = !figures.types.isEmpty
        referrals = figures.referrals.map {
            ReferralRow(
                addressee: $0.module.map(names.department) ?? "乡镇、村居", sent: $0.sent, answered: $0.answered, declined: $0.declined,
                escalations: $0.escalations, overdue: $0.overdue)
        }
        hasReferrals = !figures.referrals.isEmpty
        areaLevel = Self.areaLevel(below: query.region)
        self.areas = areas.map { area in
            AreaRow(
                name: area.name, href: area.code == query.region || !scope.contains(area.code) ? nil : Self.href(query, region: area.code),
                red: area.red, yellow: area.yellow, blue: area.blue, green: area.green, total: area.total)
        }
        riskChart = SVGChart.stackedBars(
            title: "各\(areaLevel)监测户风险等级", labels: areas.map(\.name),
            series: RiskLevel.allCases.map { level in
                SVGChart.Series(name: level.chineseName, colour: Self.colour(level), values: areas.map { $0.count(level) })
            })
        let warning = figures.earlyWarning
        showsWarning = warning != nil
        self.warning = warning.map(Self.figures) ?? []
        pipelineChart = warning.map(Self.pipeline) ?? ""
        followed = (warning?.assistanceFollowed ?? []).map {
            Figure(key: $0.type.rawValue, label: $0.typeName, value: "\($0.approved)")
        }
        let labels = months.map { "\($0.month.month)月" }
        self.months = months.map {
            MonthRow(
                month: "\($0.month.year)年\($0.month.month)月", applications: $0.applications, approvals: $0.approvals,
                rejections: $0.rejections, alerts: $0.alertsRaised)
        }
        self.jointCases = jointCases.map { joint in
            let waiting = joint.waitingFor.map(names.department).joined(separator: "、")
            return JointRow(
                href: "/cases/\(joint.caseID.uuidString)", address: joint.address, lead: names.department(joint.leadModule), reason: joint.reason,
                opened: ChineseFormat.date(joint.openedAt),
                standing: waiting.isEmpty ? "各部门均已答复，待牵头部门办结" : "待 \(waiting) 答复")
        }
        hasJointCases = !jointCases.isEmpty
        trendChart = SVGChart.columns(
            title: "近\(months.count)个月申请、审批和预警", labels: labels,
            series: [
                SVGChart.Series(name: "申请", colour: "#0b57d0", values: months.map(\.applications)),
                SVGChart.Series(name: "批准", colour: "#1e7b34", values: months.map(\.approvals)),
                SVGChart.Series(name: "不予救助", colour: "#b3261e", values: months.map(\.rejections)),
                SVGChart.Series(name: "预警", colour: "#8a6100", values: months.map(\.alertsRaised)),
            ])
    }

    /// The dashboard's address for `query` moved to `region`.
    static func href(_ query: DashboardQuery, region: RegionCode) -> String {
        var parameters = ["region=\(region.value)", "from=\(query.from)", "to=\(query.through)"]
        if let module = query.module { parameters.append("module=\(module.rawValue)") }
        return "/dashboard?" + parameters.joined(separator: "&")
    }

    private static func row(_ figures: TypeFigures, names: Names) -> TypeRow {
        TypeRow(
            type: figures.type.rawValue, department: names.department(figures.module), name: names.type(figures.type),
            applications: figures.applications, approvals: figures.approvals, rejections: figures.rejections,
            closureRate: percent(figures.closureRate), averageDays: days(figures.averageHandlingDays), p90Days: days(figures.p90HandlingDays),
            limit: names.decisionLimit(figures.type), averageShare: percent(figures.averageShareOfLimit), p90Share: percent(figures.p90ShareOfLimit),
            overdue: figures.overdue, metLate: figures.metLate, paid: ChineseFormat.yuan(fen: figures.paidFen),
            late: figures.overdue > 0 || figures.metLate > 0)
    }

    private static func figures(_ warning: EarlyWarningFigures) -> [Figure] {
        [
            ("monitored", "监测户（期末）", warning.monitored), ("raised", "发出预警", warning.raised.red + warning.raised.yellow + warning.raised.blue),
            ("raised.red", "　其中红色", warning.raised.red), ("raised.yellow", "　其中黄色", warning.raised.yellow),
            ("raised.blue", "　其中蓝色", warning.raised.blue), ("verified", "入户核实", warning.verified),
            ("confirmed", "确认", warning.confirmed), ("dismissed", "排除", warning.dismissed), ("escalated", "逾期提级", warning.escalated),
            ("overdue", "核实超期未办", warning.overdue), ("discovered", "发现未登记人员", warning.discovered),
            ("discoveredRegistered", "　其中已登记", warning.discoveredRegistered), ("applicationsOpened", "转为救助申请", warning.applicationsOpened),
            ("referralsOpened", "转为转办", warning.referralsOpened),
        ].map { Figure(key: $0.0, label: $0.1, value: "\($0.2)") }
    }

    private static func pipeline(_ warning: EarlyWarningFigures) -> String {
        let steps: [(String, [Int])] = [
            ("发出预警", [warning.raised.red, warning.raised.yellow, warning.raised.blue, 0]), ("入户核实", [0, 0, 0, warning.verified]),
            ("确认", [0, 0, 0, warning.confirmed]), ("排除", [0, 0, 0, warning.dismissed]), ("发现未登记人员", [0, 0, 0, warning.discovered]),
        ]
        let colours = [("红色预警", "#b3261e"), ("黄色预警", "#e0a800"), ("蓝色预警", "#0b57d0"), ("核实与处置", "#59636e")]
        return SVGChart.stackedBars(
            title: "预警处置流程", labels: steps.map(\.0),
            series: colours.enumerated().map { index, colour in
                SVGChart.Series(name: colour.0, colour: colour.1, values: steps.map { $0.1[index] })
            })
    }

    private static func areaLevel(below region: RegionCode) -> String {
        switch region.level {
        case .district: "乡镇街道"
        case .town: "村居"
        case .village, .grid: "网格"
        }
    }

    private static func colour(_ level: RiskLevel) -> String {
        switch level {
        case .red: "#b3261e"
        case .yellow: "#e0a800"
        case .blue: "#0b57d0"
        case .green: "#1e7b34"
        }
    }

    private static func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    private static func days(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? "—"
    }
}
