import SafetyNetKernel

/// The disabled persons' federation's certificates (残疾人证), one row per certificate.
enum DisabilityFeeds {
    /// A certificate: category, grade 1 (most severe) to 4, and how long it is valid.
    static let certificates = FeedDefinition(
        id: FeedID(module: DisabilityModule.id, name: "certificates"), chineseName: "残疾人证信息",
        meaning: "a disability certificate held by a person: its category, its grade (一级 most severe to 四级) and its end of validity",
        subject: .person, identityField: "idNumber",
        fields: [
            .idNumber(),
            .personName(),
            FeedField("category", "残疾类别", .choice(of: DisabilityCategory.self, label: \.chineseName)),
            FeedField("grade", "残疾等级", .choice(gradeChoices)),
            FeedField("validUntil", "有效期至", .date),
            .residence(),
        ])

    /// Grades as digits or as the certificate writes them, kept as the digit.
    static let gradeChoices = ["一级", "二级", "三级", "四级"].enumerated().map { FeedChoice(code: String($0.offset + 1), label: $0.element) }
}
