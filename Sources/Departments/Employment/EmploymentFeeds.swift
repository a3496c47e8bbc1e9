import SafetyNetKernel

/// The human resources bureau's registered unemployment (失业登记), one row per registration.
enum EmploymentFeeds {
    /// A registration, open until it has an end date.
    static let unemploymentRegistrations = FeedDefinition(
        id: FeedID(module: EmploymentModule.id, name: "unemployment-registrations"), chineseName: "失业登记信息",
        meaning: "a person registered as unemployed on a day, and the day the registration ended (blank while it is open)",
        subject: .person, identityField: "idNumber",
        fields: [
            .idNumber(),
            .personName(),
            FeedField("registeredOn", "失业登记日期", .date),
            FeedField("endedOn", "登记终止日期", .date, required: false),
            .residence(),
        ])
}
