import SafetyNetKernel

/// Civil affairs' alert in the other direction: a household in dibao whose economic check shows
/// income above the line, so its benefit should be reviewed (动态管理).
enum CivilAffairsAlerts {
    /// A check of a dibao household whose monthly income per member goes over the dibao standard.
    static let incomeAboveDibaoLine = AlertRule(
        id: AlertRuleID(module: CivilAffairsModule.id, name: "income-above-dibao-line"), chineseName: "低保家庭核对收入超过低保标准",
        meaning: "an economic check of a household in dibao shows monthly income per member above the dibao standard: review the benefit",
        feed: CivilAffairsFeeds.economicChecks.id,
        household: [.anyOf([.receiving([Dibao().id]), .monitored(in: [.dibao])])],
        measure: .amount(.perMember(amount: "monthlyIncome"), over: [AlertThreshold(.blue, over: DistrictParameters.dibaoStandard)]),
        // Not hardship: the benefit is reviewed by civil affairs, the ledger left as it is.
        response: AlertResponse(ledger: .unchanged, opens: .referral(.livelihood, module: CivilAffairsModule.id)))
}
