import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Accounts, for the admin: the list with each account's credentials, creating one, resetting a
/// person's password, disabling and enabling, each within the admin's own scope. Every change is
/// audited. Bodies carry passwords: these routes skip the Idempotency-Key middleware, which keeps
/// a digest of the body.
struct AccountController {
    let accounts: Accounts
    /// The sign-in throttle: a password reset lets its account try again at once.
    let throttle: SignInThrottle
    /// "Now", for a certificate's validity.
    let clock: any WallClock

    struct NewUser: Codable, WireConstrained {
        let login: String
        let displayName: String
        let role: Role
        let scope: RegionCode
        let department: ModuleID?
        let password: String?
        static let fieldRules: [String: [FieldRule]] = [
            "login": [.note("2–40 of a–z, 0–9, '.', '_' and '-'")], "displayName": [.text(.name)],
            "scope": [.note("the region the account covers: a grid for a grid worker, a town for a town, the district above")],
            "department": [.note("a department officer's module")],
            "password": [
                .note(
                    "at least \(NewAccount.passwordMinimum) characters; left out for a department system, which signs in with API keys or a certificate"
                )
            ],
        ]
    }

    struct NewPassword: Codable, WireConstrained {
        let password: String
        static let fieldRules: [String: [FieldRule]] = [
            "password": [.note("at least \(NewAccount.passwordMinimum) characters; the account's sessions end")]
        ]
    }

    struct Reason: Codable, WireConstrained {
        let note: String
        static let fieldRules: [String: [FieldRule]] = ["note": [.text(.remark), .note("why, for the audit log")]]
    }

    struct AccountList: ResponseCodable { let items: [AccountListing] }

    static let role = Query.choice("role", Role.self, "Only accounts of this role")
    static let disabled = Query.flag("disabled", "true to list disabled accounts too")

    func addRoutes(to routes: DocumentedRoutes) {
        let change: [HTTPResponse.Status] = [.forbidden, .notFound, .conflict, .unprocessableContent]
        routes.get(
            "users", "Admin: the accounts within the admin's scope, with their role, scope, last sign-in and credentials",
            parameters: [Self.role.documented, Self.disabled.documented], answers: [.ok(AccountList.self, "The accounts")],
            refusals: [.forbidden], use: list)
        routes.post(
            "users", "Admin: create an account (a person with a password, or a department system without one)", body: NewUser.self,
            answers: [.created(UserAccount.self, "Created")], refusals: change, use: create)
        routes.post(
            "users/{id}/password", "Admin: set a person's password; its sessions end", body: NewPassword.self,
            answers: [.noContent("Set")], refusals: change, use: resetPassword)
        for (action, disabled) in [("disable", true), ("enable", false)] {
            routes.post(
                "users/{id}/\(action)",
                disabled
                    ? "Admin: disable an account: it cannot sign in, its sessions end, its API keys and certificates stop working"
                    : "Admin: enable a disabled account: its API keys and certificates work again, its ended sessions do not",
                body: Reason.self, answers: [.noContent(disabled ? "Disabled" : "Enabled")], refusals: change
            ) { request, context in try await setDisabled(disabled, request, context) }
        }
        addCertificateRoutes(to: routes)
    }

    @Sendable func list(_ request: Request, context: SafetyNetRequestContext) async throws -> AccountList {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)
        let query = try QueryInput(request)
        return AccountList(
            items: try await listing(for: principal, role: try query.read(Self.role), includingDisabled: try query.read(Self.disabled) ?? false))
    }

    /// The accounts within `principal`'s scope: the API's list and the console's.
    func listing(for principal: Principal, role: Role?, includingDisabled: Bool) async throws -> [AccountListing] {
        try principal.require(.manageUsers)
        return try await accounts.listing(in: principal.scope, role: role, includingDisabled: includingDisabled)
    }

    @Sendable func create(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<UserAccount> {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)
        let body = try await StrictJSON.decode(NewUser.self, from: request, context: context)
        let draft = try NewAccount(
            login: body.login, displayName: body.displayName, role: body.role, scope: body.scope, department: body.department, password: body.password
        )
        return EditedResponse(status: .created, response: try await create(draft, by: principal, source: context.remoteAddress))
    }

    /// Creates `draft` for an admin whose scope holds the new account's: the API's path and the console's.
    func create(_ draft: NewAccount, by principal: Principal, source: String?) async throws -> UserAccount {
        try principal.require(.manageUsers, in: draft.scope)
        return try await accounts.create(draft, by: principal, source: source)
    }

    @Sendable func resetPassword(_ request: Request, context: SafetyNetRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)
        let body = try await StrictJSON.decode(NewPassword.self, from: request, context: context)
        try await resetPassword(of: try context.pathID(), to: body.password, by: principal, source: context.remoteAddress)
        return .noContent
    }

    /// Sets the password of an account in `principal`'s scope and lifts its sign-in throttle: the API's path and the console's.
    func resetPassword(of id: UUID, to password: String, by principal: Principal, source: String?) async throws {
        let login = try await accounts.resetPassword(of: id, to: password, by: principal, source: source) { scope in
            try principal.require(.manageUsers, in: scope)
        }
        throttle.recordSuccess(login: login)
    }

    func setDisabled(_ disabled: Bool, _ request: Request, _ context: SafetyNetRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)
        let body = try await StrictJSON.decode(Reason.self, from: request, context: context)
        try await setDisabled(try context.pathID(), disabled, note: body.note, by: principal, source: context.remoteAddress)
        return .noContent
    }

    /// Disables or enables an account in `principal`'s scope: the API's path and the console's.
    func setDisabled(_ id: UUID, _ disabled: Bool, note: String, by principal: Principal, source: String?) async throws {
        try await accounts.setDisabled(id, disabled, note: note, by: principal, source: source) { scope in
            try principal.require(.manageUsers, in: scope)
        }
    }
}

extension UserAccount: ResponseCodable {}
