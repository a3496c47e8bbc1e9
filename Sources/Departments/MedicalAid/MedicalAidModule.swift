import SafetyNetKernel

/// The Medical Aid department (医疗保障): medical assistance and serious-illness assistance from self-paid costs.
public struct MedicalAidModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("medical-aid")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "医疗保障", englishName: "Medical Aid", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] { [MedicalAssistance(), SeriousIllnessAssistance()] }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.medical]) }

    public var migrations: [SchemaMigration] { MedicalAidMigrations.all }

    public var feeds: [FeedDefinition] { [MedicalAidFeeds.settlements] }

    public var alertRules: [AlertRule] { [MedicalAidAlerts.annualSelfPaid] }
}
