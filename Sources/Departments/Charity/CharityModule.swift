import SafetyNetKernel

/// The Charity Federation (慈善总会): projects, donations and volunteer services for needs no policy covers.
public struct CharityModule: DepartmentModule {
    /// The module's id.
    public static let id = ModuleID("charity")

    /// Creates the module.
    public init() {}

    public var descriptor: ModuleDescriptor {
        ModuleDescriptor(id: Self.id, chineseName: "慈善", englishName: "Charity", version: ModuleVersion(0, 2, 0))
    }

    public var assistanceTypes: [any AssistanceType] { [CharityProjectAid()] }

    public var referralHandling: ReferralHandling { ReferralHandling(needs: [.other], takesUncoveredNeeds: true) }
}
