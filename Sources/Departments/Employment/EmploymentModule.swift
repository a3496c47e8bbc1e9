import SafetyNetKernel

/// The Employment department (人力资源和社会保障): employment assistance, public-welfare posts and training.
public struct EmploymentModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "employment"), chineseName: "人力资源和社会保障", englishName: "Employment", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { [] }
}
