import SafetyNetKernel

/// The Education department (教育): education assistance, grants and living allowances by school stage.
public struct EducationModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "education"), chineseName: "教育", englishName: "Education", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { [] }
}
