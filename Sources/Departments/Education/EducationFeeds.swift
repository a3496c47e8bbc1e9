import SafetyNetKernel

/// The education bureau's list of students (学生名单), one row per student and school year.
enum EducationFeeds {
    /// A student: school, stage and the aid received this school year.
    static let students = FeedDefinition(
        id: FeedID(module: EducationModule.id, name: "students"), chineseName: "在校学生名单",
        meaning: "a student enrolled at a school and stage, with the education aid received this school year (blank or 0 for none)",
        subject: .person, identityField: "idNumber",
        fields: [
            .idNumber(),
            .personName(),
            FeedField("school", "学校", .text(maximum: TextLimit.title.maximum)),
            FeedField("stage", "学段", .choice(of: SchoolStage.self, label: \.chineseName)),
            FeedField("aidReceived", "已享受资助金额", .amount, required: false),
            .residence(),
        ])
}
