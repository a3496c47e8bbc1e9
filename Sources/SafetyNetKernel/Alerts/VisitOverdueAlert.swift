/// The registry's own alert rule, over no department's data: a household on the monitoring
/// ledger whose visit is past due (seed 000: key monitored persons visited at least monthly;
/// overdue visits are a signal). It is raised once per lapse (the last visit before it), not
/// while another of the household's is open, at the household's risk level (green counted as
/// blue), verified by the visit itself, and confirms into nothing else.
public enum VisitOverdueAlert {
    /// The rule's id; `registry` is no module, so its alerts belong to no department.
    public static let id = AlertRuleID(module: "registry", name: "visit-overdue")
    /// What the rule finds, as the grid worker reads it.
    public static let chineseName = "监测家庭未按期巡访"
    /// What the rule finds and why it matters.
    public static let meaning =
        "a household on the monitoring ledger was not visited within the interval of its risk level, and the grace days passed too"

    /// Days a visit may be late before the alert is raised.
    public static let graceDays = AssistanceParameter(
        key: "alert.visitOverdueGraceDays", chineseName: "未按期巡访预警宽限（天）", defaultValue: 3, unit: .count, range: 0...30,
        summary: "days a monitored household's visit may be overdue before an alert is raised")

    /// The alert's level for a household at `risk`: its own, green counted as blue.
    public static func level(forRisk risk: RiskLevel) -> RiskLevel { risk == .green ? .blue : risk }
}
