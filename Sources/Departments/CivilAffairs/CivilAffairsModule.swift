import SafetyNetKernel

/// The Civil Affairs department (民政): dibao, tekun, temporary relief and the lead on joint cases.
public struct CivilAffairsModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "civil-affairs"), chineseName: "民政", englishName: "Civil Affairs", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { CivilAffairsMigrations.all }
}
