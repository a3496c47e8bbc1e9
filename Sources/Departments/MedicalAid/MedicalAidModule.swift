import SafetyNetKernel

/// The Medical Aid department (医疗保障): medical assistance and serious-illness assistance from self-paid costs.
public struct MedicalAidModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "medical-aid"), chineseName: "医疗保障", englishName: "Medical Aid", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { MedicalAidMigrations.all }
}
