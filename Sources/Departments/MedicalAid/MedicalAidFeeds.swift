import SafetyNetKernel

/// The medical insurance bureau's settlement records (医保结算记录), one row per settled bill: what
/// medical-aid's alert over a household's annual self-paid cost reads (徐州, seed 004).
enum MedicalAidFeeds {
    /// One settled bill.
    static let settlements = FeedDefinition(
        id: FeedID(module: MedicalAidModule.id, name: "settlements"), chineseName: "医保结算记录",
        meaning: "one medical bill settled by medical insurance: its total and the part the patient paid themselves",
        subject: .person, identityField: "idNumber",
        fields: [
            .idNumber(),
            .personName(),
            FeedField("settledOn", "结算日期", .date),
            FeedField("totalCost", "医疗总费用", .amount),
            FeedField("selfPaid", "个人自付金额", .amount),
            FeedField("diagnosisCategory", "病种类别", .choice(DiagnosisCategory.choices)),
            FeedField("hospital", "医疗机构", .text(maximum: TextLimit.title.maximum), required: false),
            .residence(),
        ])
}

/// How a settlement's illness is classed (病种类别).
enum DiagnosisCategory: String, CaseIterable {
    /// 普通疾病.
    case ordinary
    /// 门诊慢特病: chronic and special outpatient illnesses.
    case chronic
    /// 重大疾病.
    case serious

    static var choices: [FeedChoice] {
        allCases.map { category in
            switch category {
            case .ordinary: FeedChoice(code: category.rawValue, label: "普通疾病")
            case .chronic: FeedChoice(code: category.rawValue, label: "门诊慢特病")
            case .serious: FeedChoice(code: category.rawValue, label: "重大疾病")
            }
        }
    }
}
