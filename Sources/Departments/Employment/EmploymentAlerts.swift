import SafetyNetKernel

/// Employment's alert: a breadwinner of a watched household lost their job while others depend on them.
enum EmploymentAlerts {
    /// An open unemployment registration of a working-age member of a household on the ledger with dependants.
    static let unemployedWithDependants = AlertRule(
        id: AlertRuleID(module: EmploymentModule.id, name: "unemployed-with-dependants"), chineseName: "监测家庭劳动力失业且有被抚养人",
        meaning: "a working-age member of a household on the monitoring ledger is registered unemployed while the household has dependants",
        feed: EmploymentFeeds.unemploymentRegistrations.id, rows: [.notBeforeToday(field: "endedOn", orBlank: true)],
        person: [.ageBetween(workingAgeFrom, workingAgeTo)], household: [.monitored(in: []), .hasDependants],
        measure: .fixed(.yellow),
        response: AlertResponse(ledger: .monitor(in: [.suddenHardship]), opens: .referral(.employment, module: EmploymentModule.id)))

    static let workingAgeFrom = AssistanceParameter(
        key: "employment.alert.workingAgeFrom", chineseName: "就业预警劳动年龄下限（周岁）", defaultValue: 16, unit: .years, range: 14...30,
        summary: "the youngest age counted as working age (法定劳动年龄, 16)")
    static let workingAgeTo = AssistanceParameter(
        key: "employment.alert.workingAgeTo", chineseName: "就业预警劳动年龄上限（周岁）", defaultValue: 59, unit: .years, range: 40...70,
        summary: "the oldest age counted as working age (59: retirement at 60)")
}
