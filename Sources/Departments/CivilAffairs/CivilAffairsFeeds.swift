import SafetyNetKernel

/// The economic check centre's results (家庭经济状况核对), one row per household checked.
enum CivilAffairsFeeds {
    /// A check of a household, named by its head.
    static let economicChecks = FeedDefinition(
        id: FeedID(module: CivilAffairsModule.id, name: "economic-checks"), chineseName: "家庭经济状况核对结果",
        meaning: "the result of checking a household's income and assets across departments, named by the household head",
        subject: .household, identityField: "headIdNumber",
        fields: [
            .idNumber("headIdNumber", "户主身份证号"),
            .personName("headName", "户主姓名"),
            FeedField("monthlyIncome", "家庭月收入", .amount),
            FeedField("financialAssets", "家庭金融资产", .amount),
            FeedField("checkedOn", "核对日期", .date),
            .residence(),
        ])
}
