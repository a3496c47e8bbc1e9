import Foundation
import Hummingbird
import SafetyNetConsole
import SafetyNetKernel
import SafetyNetStorage

/// 用户管理 for the admin and 审计日志 for auditors, through the API's own controllers and checks.
extension ConsoleController {
    var accountRoutes: AccountController { AccountController(accounts: services.accounts, throttle: sessions.throttle, clock: services.clock) }

    @Sendable func users(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let notice: String? =
                switch request.uri.queryParameters.get("done") {
                case "created": "账号已创建，已记入审计日志。"
                case "password": "密码已重置，该账号原有的登录会话已失效。"
                case "disable": "账号已停用，其登录会话、API密钥和证书即时失效。"
                case "enable": "账号已启用。"
                default: nil
                }
            return try await usersPage(request, context, form: UsersPage.NewAccountForm(), notice: notice)
        }
    }

    func usersPage(
        _ request: Request, _ context: SafetyNetRequestContext, form: UsersPage.NewAccountForm, refused: UsersPage.RefusedChange? = nil,
        notice: String?
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        let query = try QueryInput(request, form: true)
        let role = try query.read(AccountController.role)
        let showsDisabled = try query.read(AccountController.disabled) ?? false
        let accounts = try await accountRoutes.listing(for: principal, role: role, includingDisabled: showsDisabled || refused != nil)
        let departments = services.catalog.departments.sorted().map { ($0, services.catalog.departmentName($0)) }
        let page = UsersPage(
            frame: try frame("用户管理", request, context, notice: notice), accounts: accounts, role: role, showsDisabled: showsDisabled,
            departments: departments, form: form, refused: refused)
        return html(renderer.render(page))
    }

    @Sendable func createUser(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            try principal.require(.manageUsers)
            do {
                _ = try await accountRoutes.create(try Self.newAccount(form), by: principal, source: context.remoteAddress)
                return .seeOther("/admin/users?done=created")
            } catch {
                guard let problem = Self.accountProblem(error) else { throw error }
                var typed = form.typed
                typed["password"] = nil
                return try await usersPage(request, context, form: UsersPage.NewAccountForm(typed: typed, problem: problem), notice: nil)
                    .refusingForm()
            }
        }
    }

    /// The account the form asks for, checked as the API checks one.
    static func newAccount(_ form: ConsoleForm) throws -> NewAccount {
        guard let role = form.value("role").flatMap(Role.init(rawValue:)) else {
            throw FieldError(field: "role", code: "required", message: "choose the account's role")
        }
        guard let scope = try? RegionCode(form.value("scope") ?? "") else {
            throw FieldError(field: "scope", code: "invalid", message: "the scope is a region code of 12 or 15 digits")
        }
        let department = try form.value("department").flatMap { text -> ModuleID? in
            guard !text.isEmpty else { return nil }
            guard let id = ModuleID(rawValue: text) else { throw FieldError(field: "department", code: "invalid", message: "not a department") }
            return id
        }
        // A person always has a password; only a department system, ticked as such, has none.
        let password: String? = form.value("machine") == "true" ? nil : form.value("password") ?? ""
        return try NewAccount(
            login: form.value("login") ?? "", displayName: form.value("displayName") ?? "", role: role, scope: scope, department: department,
            password: password)
    }

    @Sendable func changeUser(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            let form = try await checkedForm(request, context)
            let principal = try context.requirePrincipal()
            try principal.require(.manageUsers)
            let id = try context.pathID()
            let action = context.parameters.get("action") ?? ""
            let routes = accountRoutes
            do {
                switch action {
                case "password":
                    try await routes.resetPassword(of: id, to: form.value("password") ?? "", by: principal, source: context.remoteAddress)
                case "disable", "enable":
                    try await routes.setDisabled(
                        id, action == "disable", note: form.value("note") ?? "", by: principal, source: context.remoteAddress)
                default: throw APIError.notFound("action")
                }
                return .seeOther("/admin/users?done=\(action)")
            } catch {
                guard let problem = Self.accountProblem(error) else { throw error }
                let refused = UsersPage.RefusedChange(account: id, problem: problem)
                return try await usersPage(request, context, form: UsersPage.NewAccountForm(), refused: refused, notice: nil).refusingForm()
            }
        }
    }

    /// What is wrong with an account form, in Chinese; nil for an error that is not the form's.
    static func accountProblem(_ error: any Error) -> String? {
        switch error {
        case AccountError.loginTaken(let login): "账号 \(login) 已被使用，请换一个。"
        case AccountError.unknownRegion(let code): "辖区代码 \(code) 不在已导入的区划中。"
        case AccountAdministrationError.cannotDisableSelf: "不能停用自己正在使用的账号，请由另一位系统管理员操作。"
        case AccountAdministrationError.machineHasNoPassword: "部门系统账号以API密钥或证书登录，没有密码。"
        case AccessDenial.outsideScope: "账号的辖区须在您的管辖范围内。"
        case let problem as FieldError:
            switch problem.field {
            case "login": "账号须为2–40位小写字母、数字、.、_、-，以字母或数字开头。"
            case "password": "密码至少\(NewAccount.passwordMinimum)位；部门系统账号请勾选“部门系统”。"
            case "displayName": "请填写姓名（不超过50字）。"
            case "department": "部门经办人须选择所属部门。"
            case "scope": "辖区代码须为12位（区县、乡镇街道、村居）或15位（网格）。"
            case "note": "请填写原因（不超过\(TextLimit.remark.maximum)字）。"
            default: "填写有误，请检查后重新提交。"
            }
        default: nil
        }
    }

    @Sendable func auditLog(_ request: Request, context: SafetyNetRequestContext) async throws -> Response {
        try await page(request, context) {
            try AuditController.requireReader(context)
            let query = try QueryInput(request, form: true)
            let filter = try AuditController.filter(query)
            let entries = try await services.audit.entries(filter, limit: Self.listLimit)
            let report = try query.read(Self.verify) == true ? try await services.audit.verify(now: services.clock.now()) : nil
            let page = AuditLogPage(frame: try frame("审计日志", request, context), filter: filter, entries: entries, report: report)
            return html(renderer.render(page))
        }
    }

    static let verify = Query.flag("verify", "true to recompute the audit chain")
}
