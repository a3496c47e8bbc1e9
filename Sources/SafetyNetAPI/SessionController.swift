import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage

/// Signing in and out, and who am I.
struct SessionController {
    let accounts: Accounts
    let throttle: SignInThrottle
    let clock: any WallClock

    struct Credentials: Codable {
        let login: String
        let password: String
    }
    struct Session: ResponseCodable {
        let token: String
        let expiresAt: Date?
        let user: UserAccount
    }
    struct Me: ResponseCodable {
        let id: UUID
        let login: String
        let role: Role
        let scope: RegionCode
        let department: ModuleID?
        let permissions: [Permission]
    }

    /// Routes open to everyone.
    func addPublicRoutes(to routes: DocumentedRoutes) {
        routes.post(
            "sessions", "Sign in with login and password", body: Credentials.self,
            answers: [.created(Session.self, "Signed in")], refusals: [.unauthorized, .tooManyRequests, .serviceUnavailable], use: signIn)
    }

    /// Routes for signed-in callers.
    func addRoutes(to routes: DocumentedRoutes) {
        routes.add(.delete, "sessions/current", "Sign out: revoke the token used", answers: [.noContent("Revoked")], use: signOut)
        routes.get("me", "The caller's account, role, scope and permissions", answers: [.ok(Me.self, "The caller")], use: me)
    }

    @Sendable func signIn(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<Session> {
        let credentials = try await StrictJSON.decode(Credentials.self, from: request, context: context)
        let session = try await signIn(login: credentials.login, password: credentials.password, from: context.remoteAddress)
        return EditedResponse(status: .created, response: session)
    }

    /// Checks `login` and `password` from `address` and issues a session: the one way in, for the
    /// API and the console alike. Throws 429 `too_many_attempts` while the login or the address is
    /// throttled, 401 `wrong_credentials` otherwise when they do not match.
    func signIn(login: String, password: String, from address: String?) async throws -> Session {
        // No login is longer than 40 characters: refused before it costs a hash or a place in the throttle.
        guard login.count <= 40 else {
            throw APIError(.unauthorized, code: "wrong_credentials", message: "the login or the password is wrong")
        }
        if let refusal = throttle.check(login: login, address: address, now: clock.now()) {
            if refusal.isFirst { try await accounts.recordThrottled(login: login, source: address) }
            throw APIError(
                .tooManyRequests, code: "too_many_attempts",
                message: "too many wrong passwords; try again in \(refusal.retryAfter) seconds, or ask the admin to reset the password",
                headers: [.retryAfter: "\(refusal.retryAfter)"])
        }
        guard let issued = try await accounts.logIn(login: login, password: password, source: address),
            let user = try await accounts.account(login: login)
        else {
            throttle.recordFailure(login: login, address: address, now: clock.now())
            throw APIError(.unauthorized, code: "wrong_credentials", message: "the login or the password is wrong")
        }
        throttle.recordSuccess(login: login)
        return Session(token: issued.secret, expiresAt: issued.expiresAt, user: user)
    }

    @Sendable func signOut(_ request: Request, context: SafetyNetRequestContext) async throws -> HTTPResponse.Status {
        if let secret = AuthenticationMiddleware.bearerSecret(request) {
            try await accounts.revoke(secret: secret, by: context.principal, source: context.remoteAddress)
        }
        return .noContent
    }

    @Sendable func me(_ request: Request, context: SafetyNetRequestContext) async throws -> Me {
        let principal = try context.requirePrincipal()
        return Me(
            id: principal.id, login: principal.name, role: principal.role, scope: principal.scope,
            department: principal.department, permissions: principal.role.permissions.sorted { $0.rawValue < $1.rawValue })
    }
}
