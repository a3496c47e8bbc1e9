import Foundation
import SafetyNetKernel
import SafetyNetStorage

/// 用户管理: the admin's accounts, with their role, scope and credentials; adding one, resetting a
/// person's password, disabling and enabling.
public struct UsersPage: ConsolePage {
    public static let template = "users"

    /// The form to add an account as it was sent, to show again with what was wrong with it.
    public struct NewAccountForm: Sendable {
        let typed: [String: String]
        let problem: String?

        /// The form with `typed` values and its `problem`; empty when nothing was sent.
        public init(typed: [String: String] = [:], problem: String? = nil) {
            self.typed = typed
            self.problem = problem
        }
    }

    /// A change to an account that was refused, to say why beside the account.
    public struct RefusedChange: Sendable {
        let account: UUID
        let problem: String

        /// The change to `account` refused for `problem`.
        public init(account: UUID, problem: String) {
            self.account = account
            self.problem = problem
        }
    }

    struct Row: Sendable {
        let id: String
        let login: String
        let displayName: String
        let role: String
        let scope: String
        let department: String
        let state: String
        let disabled: Bool
        let lastSignIn: String
        let credentials: String
        let hasPassword: Bool
        let certificateCount: Int
        /// Why a change to this account was refused (not `problem`, which the new-account form's lookup would find).
        let refusal: String?
    }

    let frame: PageFrame
    let roles: [SelectOption]
    let showsDisabled: Bool
    let disabledToggle: String
    let rows: [Row]
    let count: Int
    let newRoles: [SelectOption]
    let departments: [SelectOption]
    let login: String
    let displayName: String
    let scope: String
    let problem: String?
    let machine: Bool
    let passwordMinimum = NewAccount.passwordMinimum

    /// The page of `accounts`, filtered by `role`; `departments` are the modules an officer can belong to;
    /// `form` is the new-account form as sent, `refused` a change to an account refused.
    public init(
        frame: PageFrame, accounts: [AccountListing], role: Role?, showsDisabled: Bool, departments: [(ModuleID, String)],
        form: NewAccountForm = NewAccountForm(), refused: RefusedChange? = nil
    ) {
        self.frame = frame
        roles =
            [SelectOption(value: "", label: "全部角色", selected: role == nil)]
            + Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.chineseName, selected: role == $0) }
        self.showsDisabled = showsDisabled
        var toggle = ["disabled=\(!showsDisabled)"]
        if let role { toggle.insert("role=\(role.rawValue)", at: 0) }
        disabledToggle = "/admin/users?" + toggle.joined(separator: "&")
        let names = Dictionary(departments, uniquingKeysWith: { first, _ in first })
        rows = accounts.map { account in
            Row(
                id: account.id.uuidString, login: account.login, displayName: account.displayName,
                role: account.isMachine ? "部门系统（\(account.role.chineseName)）" : account.role.chineseName, scope: account.scope.value,
                department: account.department.map { names[$0] ?? $0.rawValue } ?? "",
                state: account.disabledAt.map { "已停用（\(ChineseFormat.date($0))）" } ?? "正常", disabled: account.disabledAt != nil,
                lastSignIn: account.isMachine ? "—" : account.lastSignInAt.map(ChineseFormat.dateTime) ?? "从未登录",
                credentials: account.isMachine ? "API密钥 \(account.activeKeys) 个 · 客户端证书 \(account.certificates) 个" : "密码登录",
                hasPassword: !account.isMachine, certificateCount: account.certificates,
                refusal: refused?.account == account.id ? refused?.problem : nil)
        }
        count = accounts.count
        let chosen = form.typed["role"] ?? Role.gridWorker.rawValue
        newRoles = Role.allCases.map { SelectOption(value: $0.rawValue, label: $0.chineseName, selected: chosen == $0.rawValue) }
        self.departments =
            [SelectOption(value: "", label: "（非部门经办人不选）", selected: (form.typed["department"] ?? "").isEmpty)]
            + departments.map { SelectOption(value: $0.0.rawValue, label: $0.1, selected: form.typed["department"] == $0.0.rawValue) }
        login = form.typed["login"] ?? ""
        displayName = form.typed["displayName"] ?? ""
        scope = form.typed["scope"] ?? ""
        problem = form.problem
        machine = form.typed["machine"] == "true"
    }
}
