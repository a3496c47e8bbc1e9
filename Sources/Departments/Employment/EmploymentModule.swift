import SafetyNetKernel

/// The Employment department (人社): employment assistance, public-welfare posts and training referrals.
public struct EmploymentModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("employment")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "人力资源和社会保障", englishName: "Employment", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] { [EmploymentAssistance(), PublicWelfarePost(), TrainingReferral()] }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.employment]) }

    public var feeds: [FeedDefinition] { [EmploymentFeeds.unemploymentRegistrations] }

    public var alertRules: [AlertRule] { [EmploymentAlerts.unemployedWithDependants] }
}
