import SafetyNetKernel

/// The Education department (教育): education assistance, grants and living allowances by school stage.
public struct EducationModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("education")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "教育", englishName: "Education", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] { [EducationAssistance()] }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.schooling]) }

    public var feeds: [FeedDefinition] { [EducationFeeds.students] }

    public var alertRules: [AlertRule] { [EducationAlerts.lowIncomeStudentWithoutAid] }
}
