import SafetyNetKernel

/// The Disability department (残联): the two disability subsidies and rehabilitation aids.
public struct DisabilityModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "disability"), chineseName: "残联", englishName: "Disability", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { [] }
}
