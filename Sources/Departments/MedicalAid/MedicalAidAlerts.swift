import SafetyNetKernel

/// Medical aid's alert: a household whose self-paid medical costs this year go over the
/// district's thresholds is pushed to its town (徐州, seed 004), coloured by how far (铁力, seed 003).
enum MedicalAidAlerts {
    /// The household's self-paid total of a calendar year against three thresholds.
    static let annualSelfPaid = AlertRule(
        id: AlertRuleID(module: MedicalAidModule.id, name: "annual-self-paid"), chineseName: "家庭年度医疗自付费用超过预警线",
        meaning: "the self-paid part of a household's settled medical bills in one calendar year goes over the district's thresholds",
        feed: MedicalAidFeeds.settlements.id,
        measure: .amount(
            .householdYearTotal(amount: "selfPaid", date: "settledOn"),
            over: [AlertThreshold(.red, over: redLine), AlertThreshold(.yellow, over: yellowLine), AlertThreshold(.blue, over: blueLine)]),
        response: AlertResponse(
            ledger: .monitor(in: [.expenditureHardship, .seriousIllness]),
            opens: .application(MedicalAssistance().id, claim: .selfPaidMedical)))

    static let redLine = AssistanceParameter(
        key: "medical-aid.alert.selfPaidRedFen", chineseName: "医疗自付费用红色预警线（元/年）", defaultValue: 5_000_000, unit: .fen,
        summary: "a household's self-paid medical costs in a year over this are a red alert (default 50,000 yuan)")
    static let yellowLine = AssistanceParameter(
        key: "medical-aid.alert.selfPaidYellowFen", chineseName: "医疗自付费用黄色预警线（元/年）", defaultValue: 3_000_000, unit: .fen,
        summary: "over this, a yellow alert (default 30,000 yuan)")
    static let blueLine = AssistanceParameter(
        key: "medical-aid.alert.selfPaidBlueFen", chineseName: "医疗自付费用蓝色预警线（元/年）", defaultValue: 1_000_000, unit: .fen,
        summary: "over this, a blue alert: the threshold pushed to the town (default 10,000 yuan)")
}
