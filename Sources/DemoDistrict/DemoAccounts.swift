import SafetyNetKernel
import SafetyNetStorage

/// One account per role for the demo, all with the same published password.
public enum DemoAccounts {
    /// The password of every demo account. Only for the demo: never deploy it.
    public static let password = "safetynet-demo"

    /// A demo account's login, role and scope.
    public struct Entry: Sendable {
        public let login: String
        public let displayName: String
        public let role: Role
        public let scope: RegionCode
        public let department: ModuleID?
    }

    /// The accounts: a grid worker of 文庙社区第1网格 up to the district, an officer of each department but civil affairs, admin and auditor.
    public static let entries: [Entry] = {
        let district = DemoDistrictGenerator.districtCode
        let town = district.child(1)!
        let village = town.child(1)!
        let grid = village.child(1)!
        return [
            Entry(login: "grid", displayName: "王网格", role: .gridWorker, scope: grid, department: nil),
            Entry(login: "village", displayName: "李社区", role: .village, scope: village, department: nil),
            Entry(login: "town", displayName: "张街道", role: .town, scope: town, department: nil),
            Entry(login: "civil", displayName: "刘民政", role: .districtCivilAffairs, scope: district, department: ModuleID("civil-affairs")),
            Entry(login: "medical", displayName: "陈医保", role: .departmentOfficer, scope: district, department: ModuleID("medical-aid")),
            Entry(login: "education", displayName: "周教育", role: .departmentOfficer, scope: district, department: ModuleID("education")),
            Entry(login: "employment", displayName: "吴人社", role: .departmentOfficer, scope: district, department: ModuleID("employment")),
            Entry(login: "disability", displayName: "郑残联", role: .departmentOfficer, scope: district, department: ModuleID("disability")),
            Entry(login: "charity", displayName: "孙慈善", role: .departmentOfficer, scope: district, department: ModuleID("charity")),
            Entry(login: "admin", displayName: "系统管理员", role: .admin, scope: district, department: nil),
            Entry(login: "auditor", displayName: "赵监督", role: .auditor, scope: district, department: nil),
        ]
    }()

    /// Creates the accounts that do not exist yet.
    public static func ensure(in accounts: Accounts) async throws {
        for entry in entries where try await accounts.account(login: entry.login) == nil {
            let account = try NewAccount(
                login: entry.login, displayName: entry.displayName, role: entry.role, scope: entry.scope,
                department: entry.department, password: password)
            _ = try await accounts.create(account, by: nil)
        }
    }
}
