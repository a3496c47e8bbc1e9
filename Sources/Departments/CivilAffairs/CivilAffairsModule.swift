import SafetyNetKernel

/// The Civil Affairs department (民政): dibao, tekun, temporary relief, low-income recognitions and
/// children in difficulty; it leads joint cases (一事一议).
public struct CivilAffairsModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("civil-affairs")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "民政", englishName: "Civil Affairs", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] {
        [Dibao(), Tekun(), TemporaryRelief(), LowIncomeEdge(), ExpenditureHardship(), ChildInDifficulty()]
    }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.livelihood, .housing, .elderlyCare, .emergency, .other]) }

    public var leadsJointCases: Bool { true }

    public var migrations: [SchemaMigration] { CivilAffairsMigrations.all }

    public var feeds: [FeedDefinition] { [CivilAffairsFeeds.economicChecks] }

    public var alertRules: [AlertRule] { [CivilAffairsAlerts.incomeAboveDibaoLine] }
}
