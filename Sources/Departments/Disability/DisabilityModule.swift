import SafetyNetKernel

/// The Disabled Persons' Federation (残联): the two subsidies and rehabilitation aids.
public struct DisabilityModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("disability")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "残联", englishName: "Disabled Persons' Federation", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] { [DisabilityLivingSubsidy(), SevereDisabilityNursingSubsidy(), RehabilitationAids()] }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.disability]) }

    public var feeds: [FeedDefinition] { [DisabilityFeeds.certificates] }

    public var alertRules: [AlertRule] { [DisabilityAlerts.severeWithoutNursingSubsidy] }
}
