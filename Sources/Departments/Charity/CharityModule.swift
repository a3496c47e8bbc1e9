import SafetyNetKernel

/// The Charity department (慈善): charity projects and volunteer services for needs no policy covers.
public struct CharityModule: DepartmentModule {
    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: ModuleID(rawValue: "charity"), chineseName: "慈善", englishName: "Charity", version: ModuleVersion(0, 1, 0))
    }

    public var migrations: [SchemaMigration] { [] }
}
