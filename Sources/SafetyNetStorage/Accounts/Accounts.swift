import Crypto
import Foundation
import PostgresClient
import SafetyNetKernel

/// A user or machine client as the API shows it.
public struct UserAccount: Sendable, Codable, Hashable {
    public let id: UUID
    public let login: String
    public let displayName: String
    public let role: Role
    public let scope: RegionCode
    public let department: ModuleID?
    public let isMachine: Bool
}

/// A new account to create. People have a password; machine clients (department systems) do not
/// and authenticate with API keys.
public struct NewAccount: Sendable {
    public let login: String
    public let displayName: String
    public let role: Role
    public let scope: RegionCode
    public let department: ModuleID?
    /// The password, at least 10 characters; nil for a machine client.
    public let password: String?

    /// Validates the login (2–40 of a–z, 0–9, `.`, `_`, `-`), the password length, and that
    /// department officers name their department.
    public init(login: String, displayName: String, role: Role, scope: RegionCode, department: ModuleID?, password: String?) throws(FieldError) {
        let lowered = login.lowercased()
        guard (2...40).contains(lowered.count), lowered.first.map({ $0.isLetter || $0.isNumber }) == true,
            lowered.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else {
            throw FieldError(field: "login", code: "invalid_login", message: "logins are 2–40 of a–z, 0–9, '.', '_' and '-'")
        }
        if let password { try Self.checkPassword(password) }
        if role == .departmentOfficer, department == nil {
            throw FieldError(field: "department", code: "required", message: "a department officer belongs to a department")
        }
        self.login = lowered
        self.displayName = try TextRule.required(displayName, field: "displayName", limit: .name)
        self.role = role
        self.scope = scope
        self.department = department
        self.password = password
    }
}

extension NewAccount {
    /// The fewest characters a password has.
    public static let passwordMinimum = 10

    /// Throws unless `password` is long enough: at least ``passwordMinimum`` characters.
    public static func checkPassword(_ password: String) throws(FieldError) {
        guard password.count >= passwordMinimum else {
            throw FieldError(field: "password", code: "weak_password", message: "passwords have at least \(passwordMinimum) characters")
        }
    }
}

/// A credential just issued: the secret is shown once and stored only as its hash.
public struct IssuedCredential: Sendable, Codable {
    public let id: UUID
    /// The bearer secret: `snt_…` for a session token, `snk_…` for an API key.
    public let secret: String
    /// When it stops working; nil for API keys, which live until revoked.
    public let expiresAt: Date?
}

/// Accounts and their credentials: password log-in, session tokens, API keys, revocation.
public struct Accounts: Sendable {
    let pool: ConnectionPool
    /// Who recent secrets and certificates stand for; nil asks the database every time.
    let cache: PrincipalCache?

    /// Credentials expire in real time, never on the injected clock of time limits: the database
    /// checks them against its own `now()`.
    static let realTime = SystemClock()

    /// How long a session token lasts.
    public static let sessionLifetime: Duration = .seconds(12 * 3_600)

    /// Creates the store on `pool`; a server passes the `cache` its account listener keeps current.
    public init(pool: ConnectionPool, cache: PrincipalCache? = nil) {
        self.pool = pool
        self.cache = cache
    }

    /// Creates an account and audits it; a taken login is a ``AccountError/loginTaken`` error.
    public func create(_ account: NewAccount, by actor: Principal?, source: String? = nil) async throws -> UserAccount {
        let id = UUID()
        let hash: String? = if let password = account.password { try await PasswordHash.make(password) } else { nil }
        let created = UserAccount(
            id: id, login: account.login, displayName: account.displayName, role: account.role,
            scope: account.scope, department: account.department, isMachine: account.password == nil)
        let after = try PostgresJSON(encoding: created)
        do {
            try await pool.transaction { connection in
                try connection.query(
                    """
                    INSERT INTO app_user (id, login, display_name, role, scope_code, department, password_hash, is_machine)
                    VALUES (\(id), \(account.login), \(account.displayName), \(account.role), \(account.scope.value), \(account.department),
                            \(hash), \(account.password == nil))
                    """)
                try AuditLog.append(
                    AuditEntry(
                        actor: actor, source: source, action: "user.create", entity: "user",
                        entityID: id.uuidString, after: after), on: connection)
            }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw AccountError.loginTaken(account.login)
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw AccountError.unknownRegion(account.scope)
        }
        return created
    }

    /// Checks a password and issues a session token; nil when the login or password is wrong
    /// (the same time is spent either way, so a wrong login cannot be told from a wrong password).
    public func logIn(login: String, password: String, source: String? = nil) async throws -> IssuedCredential? {
        let rows = try await pool.query(
            "SELECT id, password_hash FROM app_user WHERE login = \(login.lowercased()) AND disabled_at IS NULL AND NOT is_machine")
        let stored = try rows.first.map { (try $0.decode("id", as: UUID.self), try $0.decode("password_hash", as: String.self)) }
        let matches = try await PasswordHash.verify(password, against: stored?.1)
        guard let (userID, _) = stored, matches else {
            try await pool.transaction { connection in
                try AuditLog.append(
                    AuditEntry(
                        actor: nil, source: source, action: "session.refused", entity: "user", entityID: nil,
                        after: try PostgresJSON(encoding: ["login": login.lowercased()])), on: connection)
            }
            return nil
        }
        return try await issue(.session, to: userID, label: source.map { "log-in from \($0)" }, source: source)
    }

    /// Records that sign-ins for `login` (or from `source`) are being refused for too many failures.
    public func recordThrottled(login: String, source: String?) async throws {
        try await pool.transaction { connection in
            try AuditLog.append(
                AuditEntry(
                    actor: nil, source: source, action: "session.throttled", entity: "user", entityID: nil,
                    after: try PostgresJSON(encoding: ["login": login.lowercased()])), on: connection)
        }
    }

    /// Issues a credential of `kind` to an account; the audit log records it (never the secret).
    public func issue(_ kind: CredentialKind, to userID: UUID, label: String? = nil, source: String? = nil) async throws -> IssuedCredential {
        let secret = kind.prefix + Self.randomToken()
        let expires = kind == .session ? Self.realTime.now().addingTimeInterval(Self.sessionLifetime / .seconds(1)) : nil
        let id = UUID()
        let record = try PostgresJSON(encoding: CredentialRecord(id: id, kind: kind, label: label, expiresAt: expires))
        try await pool.transaction { connection in
            let rows = try connection.query(
                """
                INSERT INTO credential (id, user_id, kind, secret_hash, label, expires_at) VALUES (\(id), \(userID), \(kind),
                                                                                                   \(PostgresBytes(Self.digest(secret))),
                                                                                                   \(label), \(expires))
                RETURNING (SELECT login FROM app_user WHERE id = \(userID)) AS login
                """)
            try AuditLog.append(
                AuditEntry(
                    actorID: userID, actorLogin: try rows[0].decode("login"), source: source,
                    action: "credential.issue", entity: "user", entityID: userID.uuidString, after: record),
                on: connection)
        }
        return IssuedCredential(id: id, secret: secret, expiresAt: expires)
    }

    /// What the audit log keeps of an issued credential.
    private struct CredentialRecord: Encodable {
        let id: UUID
        let kind: CredentialKind
        let label: String?
        let expiresAt: Date?
    }

    /// The principal a bearer secret stands for; nil when unknown, expired, revoked or disabled.
    public func principal(forSecret secret: String) async throws -> Principal? {
        guard secret.hasPrefix("snt_") || secret.hasPrefix("snk_"), secret.count < 100 else { return nil }
        let digest = Self.digest(secret)
        return try await cached(.secret(digest)) {
            try await pool.query(
                """
                SELECT u.id, u.login, u.role, u.scope_code, u.department, c.expires_at
                FROM credential c JOIN app_user u ON u.id = c.user_id
                WHERE c.secret_hash = \(PostgresBytes(digest)) AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())
                  AND u.disabled_at IS NULL
                """)
        }
    }

    /// The principal of the first row `query` returns, through the cache when there is one.
    private func cached(_ key: PrincipalCache.Key, _ query: () async throws -> PostgresResult) async throws -> Principal? {
        func lookUp() async throws -> (Principal, expiresAt: Date?)? {
            try await query().first.map { row in (try Self.principal(row), try row.decode("expires_at", as: Date?.self)) }
        }
        guard let cache else { return try await lookUp()?.0 }
        return try await cache.principal(for: key, now: Self.realTime.now(), lookUp: lookUp)
    }

    /// The principal a verified client certificate (DER) stands for; nil when not registered or revoked.
    public func principal(forCertificate der: [UInt8]) async throws -> Principal? {
        let fingerprint = Self.fingerprint(der)
        return try await cached(.certificate(fingerprint)) {
            try await pool.query(
                """
                SELECT u.id, u.login, u.role, u.scope_code, u.department, NULL::timestamptz AS expires_at
                FROM client_certificate c JOIN app_user u ON u.id = c.user_id
                WHERE c.fingerprint = \(PostgresBytes(fingerprint)) AND c.revoked_at IS NULL AND u.disabled_at IS NULL
                """)
        }
    }

    static func fingerprint(_ der: [UInt8]) -> [UInt8] { [UInt8](SHA256.hash(data: der)) }

    /// Revokes the credential whose secret is given, auditing it; true when one was active.
    @discardableResult
    public func revoke(secret: String, by actor: Principal?, source: String? = nil) async throws -> Bool {
        // The other processes hear of it through the trigger; this one forgets at once.
        defer { cache?.invalidateAll() }
        return try await pool.transaction { connection in
            let rows = try connection.query(
                """
                UPDATE credential SET revoked_at = now() WHERE secret_hash = \(PostgresBytes(Self.digest(secret))) AND revoked_at IS NULL RETURNING id,
                                      user_id
                """)
            guard let row = rows.first else { return false }
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "credential.revoke", entity: "user",
                    entityID: try row.decode("user_id", as: UUID.self).uuidString,
                    after: try PostgresJSON(encoding: ["credential": try row.decode("id", as: UUID.self)])),
                on: connection)
            return true
        }
    }

    /// The account with `login`, if any.
    public func account(login: String) async throws -> UserAccount? {
        let rows = try await pool.query(
            """
            SELECT id, login, display_name, role, scope_code, department, is_machine FROM app_user WHERE login = \(login.lowercased())
            """)
        return try rows.first.map { row in
            UserAccount(
                id: try row.decode("id"), login: try row.decode("login"), displayName: try row.decode("display_name"),
                role: try row.decode("role", as: Role.self), scope: try row.decode("scope_code", as: RegionCode.self),
                department: try row.decode("department", as: ModuleID?.self),
                isMachine: try row.decode("is_machine"))
        }
    }

    // MARK: - Helpers

    static func principal(_ row: PostgresRow) throws -> Principal {
        Principal(
            id: try row.decode("id"), name: try row.decode("login"), role: try row.decode("role", as: Role.self),
            scope: try row.decode("scope_code", as: RegionCode.self),
            department: try row.decode("department", as: ModuleID?.self))
    }

    static func digest(_ secret: String) -> [UInt8] { [UInt8](SHA256.hash(data: Array(secret.utf8))) }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// The two kinds of bearer credential.
public enum CredentialKind: String, Sendable, Codable {
    /// A person's session after log-in; expires.
    case session
    /// A machine client's key; lives until revoked.
    case apiKey = "api_key"

    var prefix: String { self == .session ? "snt_" : "snk_" }
}

/// Account errors a caller can act on.
public enum AccountError: Error, Equatable, CustomStringConvertible {
    /// Another account has this login.
    case loginTaken(String)
    /// The scope names a region that is not loaded.
    case unknownRegion(RegionCode)

    public var description: String {
        switch self {
        case .loginTaken(let login): "the login \(login) is taken"
        case .unknownRegion(let code): "no region \(code) is loaded; load the region tree first"
        }
    }
}
