import Foundation
import PostgresClient
import SafetyNetKernel

/// An account as the admin's list shows it: who, where, whether it may sign in, and its credentials.
public struct AccountListing: Sendable, Codable, Hashable {
    /// The account's id and login.
    public let id: UUID
    public let login: String
    /// The name the console shows.
    public let displayName: String
    /// What it may do, where, and for which department.
    public let role: Role
    public let scope: RegionCode
    public let department: ModuleID?
    /// A department system, signing in with API keys or a client certificate, never a password.
    public let isMachine: Bool
    /// When it was disabled; nil while it may sign in.
    public let disabledAt: Date?
    /// When it was created.
    public let createdAt: Date
    /// The last session issued to it (its last sign-in).
    public let lastSignInAt: Date?
    /// API keys not revoked.
    public let activeKeys: Int
    /// Client certificates not revoked.
    public let certificates: Int
}

/// Why an account cannot be changed as asked.
public enum AccountAdministrationError: Error, Equatable, CustomStringConvertible {
    /// No account has this id.
    case notFound
    /// A machine client has no password to reset.
    case machineHasNoPassword
    /// An admin may not disable the account it is signed in with.
    case cannotDisableSelf

    public var description: String {
        switch self {
        case .notFound: "no account has this id"
        case .machineHasNoPassword: "a department system signs in with API keys or a certificate; it has no password"
        case .cannotDisableSelf: "an admin cannot disable the account it is signed in with; another admin can"
        }
    }
}

extension Accounts {
    /// The accounts whose scope lies in `region`, of `role` only when given (the one account `id`
    /// when given), by login; disabled ones too when `includingDisabled`. Credentials are counted
    /// in one pass over them.
    public func listing(in region: RegionCode, role: Role?, includingDisabled: Bool, only id: UUID? = nil) async throws -> [AccountListing] {
        let ofRole: SQL = (role.map { "AND u.role = \($0)" } ?? "") + (id.map { "AND u.id = \($0)" } ?? "")
        let enabled: SQL = includingDisabled ? "" : "AND u.disabled_at IS NULL"
        return try await pool.query(
            """
            WITH listed AS (
                SELECT * FROM app_user u WHERE u.scope_code LIKE \(region.scopePrefix) || '%' \(ofRole) \(enabled)
            ), credentials AS (
                SELECT c.user_id, max(c.created_at) FILTER (WHERE c.kind = 'session') AS last_sign_in,
                       count(*) FILTER (WHERE c.kind = 'api_key' AND c.revoked_at IS NULL) AS keys
                FROM credential c JOIN listed ON listed.id = c.user_id GROUP BY c.user_id
            ), certificates AS (
                SELECT k.user_id, count(*) AS certificates FROM client_certificate k JOIN listed ON listed.id = k.user_id
                WHERE k.revoked_at IS NULL GROUP BY k.user_id
            )
            SELECT u.id, u.login, u.display_name, u.role, u.scope_code, u.department, u.is_machine, u.disabled_at, u.created_at,
                   c.last_sign_in, coalesce(c.keys, 0) AS keys, coalesce(k.certificates, 0) AS certificates
            FROM listed u LEFT JOIN credentials c ON c.user_id = u.id LEFT JOIN certificates k ON k.user_id = u.id
            ORDER BY u.login
            """
        ).map { row in
            AccountListing(
                id: try row.decode("id"), login: try row.decode("login"), displayName: try row.decode("display_name"),
                role: try row.decode("role", as: Role.self), scope: try row.decode("scope_code", as: RegionCode.self),
                department: try row.decode("department", as: ModuleID?.self), isMachine: try row.decode("is_machine"),
                disabledAt: try row.decode("disabled_at", as: Date?.self), createdAt: try row.decode("created_at"),
                lastSignInAt: try row.decode("last_sign_in", as: Date?.self), activeKeys: try row.decode("keys"),
                certificates: try row.decode("certificates"))
        }
    }

    /// Sets a person's password to `password` and ends its sessions, so that whoever knew the old
    /// one is signed out; audited without the password. `authorize` sees the account's scope first.
    /// Returns the account's login.
    @discardableResult
    public func resetPassword(
        of userID: UUID, to password: String, by actor: Principal, source: String?, authorize: @escaping @Sendable (RegionCode) throws -> Void
    ) async throws -> String {
        try NewAccount.checkPassword(password)
        let hash = try await PasswordHash.make(password)
        defer { cache?.invalidateAll() }
        return try await pool.transaction { connection in
            let target = try Self.lockedTarget(userID, on: connection)
            try authorize(target.scope)
            guard !target.isMachine else { throw AccountAdministrationError.machineHasNoPassword }
            try connection.query("UPDATE app_user SET password_hash = \(hash) WHERE id = \(userID)")
            let ended = try Self.endSessions(of: userID, on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "user.password_reset", entity: "user", entityID: userID.uuidString,
                    after: try PostgresJSON(encoding: ["sessionsEnded": ended])), on: connection)
            return target.login
        }
    }

    /// Disables an account or enables it again; `note` says why, for the audit log. Disabling ends
    /// its sessions and stops its API keys and certificates at once; enabling gives back the keys and
    /// certificates (a department system's), never the sessions. Nothing changes, and nothing is
    /// audited, when the account is so already. `authorize` sees the account's scope first.
    public func setDisabled(
        _ userID: UUID, _ disabled: Bool, note: String, by actor: Principal, source: String?,
        authorize: @escaping @Sendable (RegionCode) throws -> Void
    ) async throws {
        guard !(disabled && userID == actor.id) else { throw AccountAdministrationError.cannotDisableSelf }
        let note = try TextRule.required(note, field: "note", limit: .remark)
        defer { cache?.invalidateAll() }
        try await pool.transaction { connection in
            let target = try Self.lockedTarget(userID, on: connection)
            try authorize(target.scope)
            guard target.isDisabled != disabled else { return }
            let stamp: SQL = disabled ? "now()" : "NULL"
            try connection.query("UPDATE app_user SET disabled_at = \(stamp) WHERE id = \(userID)")
            let ended = disabled ? try Self.endSessions(of: userID, on: connection) : 0
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: disabled ? "user.disable" : "user.enable", entity: "user", entityID: userID.uuidString,
                    after: try PostgresJSON(encoding: AccountSwitch(note: note, sessionsEnded: disabled ? ended : nil))), on: connection)
        }
    }

    /// What the audit log keeps of a disable or enable.
    private struct AccountSwitch: Encodable {
        let note: String
        let sessionsEnded: Int?
    }

    /// The account `userID`, locked until the transaction ends.
    static func lockedTarget(
        _ userID: UUID, on connection: PostgresConnection
    ) throws -> (login: String, scope: RegionCode, isMachine: Bool, isDisabled: Bool) {
        let rows = try connection.query(
            "SELECT login, scope_code, is_machine, disabled_at IS NOT NULL AS disabled FROM app_user WHERE id = \(userID) FOR UPDATE")
        guard let row = rows.first else { throw AccountAdministrationError.notFound }
        return (
            try row.decode("login"), try row.decode("scope_code", as: RegionCode.self), try row.decode("is_machine"), try row.decode("disabled")
        )
    }

    /// Revokes every open session of `userID`; how many there were.
    private static func endSessions(of userID: UUID, on connection: PostgresConnection) throws -> Int {
        try connection.query(
            "UPDATE credential SET revoked_at = now() WHERE user_id = \(userID) AND kind = 'session' AND revoked_at IS NULL RETURNING id"
        ).count
    }
}
