import Foundation
import PostgresClient
import SafetyNetKernel

/// A client certificate registered to an account for mutual TLS, as the admin sees it.
public struct ClientCertificateView: Sendable, Codable, Hashable {
    /// The SHA-256 of the certificate's DER encoding, in lowercase hex: how the certificate is named.
    public let fingerprint: String
    /// What the certificate is for, as the admin wrote it.
    public let label: String?
    /// When it was registered.
    public let registeredAt: Date
    /// When it was revoked; nil while it signs in.
    public let revokedAt: Date?
}

/// Why a certificate cannot be registered or revoked as asked.
public enum ClientCertificateError: Error, Equatable, CustomStringConvertible {
    /// The same certificate was registered before, to this or another account, and is still valid or was revoked.
    case alreadyRegistered
    /// The account is a person's, who signs in with a password: certificates are for department systems.
    case personAccount
    /// The account holds no certificate with this fingerprint.
    case notFound

    public var description: String {
        switch self {
        case .alreadyRegistered:
            "this certificate was registered before; a revoked certificate is never taken again: issue a new one"
        case .personAccount: "a person signs in with a password; client certificates are for department systems' accounts"
        case .notFound: "the account holds no certificate with this fingerprint"
        }
    }
}

extension Accounts {
    /// The certificates registered to `userID`, newest first, revoked ones too. `authorize` sees the account's scope first.
    public func certificates(of userID: UUID, authorize: @escaping @Sendable (RegionCode) throws -> Void) async throws -> [ClientCertificateView] {
        try await pool.transaction { connection in
            try authorize(try Self.lockedTarget(userID, on: connection).scope)
            return try connection.query(
                """
                SELECT fingerprint, label, created_at, revoked_at FROM client_certificate WHERE user_id = \(userID)
                ORDER BY created_at DESC, fingerprint
                """
            ).map { row in
                ClientCertificateView(
                    fingerprint: Hex.encode(try row.decode("fingerprint", as: PostgresBytes.self).bytes),
                    label: try row.decode("label", as: String?.self),
                    registeredAt: try row.decode("created_at"), revokedAt: try row.decode("revoked_at", as: Date?.self))
            }
        }
    }

    /// Registers a client certificate (DER) to `userID`, a department system's account, for mutual
    /// TLS; audited as `actor`'s (nil: the command line). `authorize`, when given, sees the account's scope first.
    @discardableResult
    public func registerCertificate(
        _ der: [UInt8], for userID: UUID, label: String?, by actor: Principal?, source: String? = "command line",
        authorize: (@Sendable (RegionCode) throws -> Void)? = nil
    ) async throws -> ClientCertificateView {
        let fingerprint = Self.fingerprint(der)
        let label = try label.map { try TextRule.required($0, field: "label", limit: .title) }
        return try await pool.transaction { connection in
            let target = try Self.lockedTarget(userID, on: connection)
            try authorize?(target.scope)
            guard target.isMachine else { throw ClientCertificateError.personAccount }
            let inserted = try connection.query(
                """
                INSERT INTO client_certificate (fingerprint, user_id, label) VALUES (\(PostgresBytes(fingerprint)), \(userID), \(label))
                ON CONFLICT (fingerprint) DO NOTHING
                RETURNING created_at
                """)
            guard let row = inserted.first else { throw ClientCertificateError.alreadyRegistered }
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "certificate.register", entity: "user", entityID: userID.uuidString,
                    after: try PostgresJSON(encoding: ["sha256": Hex.encode(fingerprint), "label": label ?? ""])),
                on: connection)
            return ClientCertificateView(
                fingerprint: Hex.encode(fingerprint), label: label, registeredAt: try row.decode("created_at"), revokedAt: nil)
        }
    }

    /// Revokes the certificate of `userID` whose fingerprint is `fingerprint` (hex); `note` says
    /// why, for the audit log. It stops signing in at once; revoking it again changes nothing.
    public func revokeCertificate(
        _ fingerprint: String, of userID: UUID, note: String, by actor: Principal, source: String?,
        authorize: @escaping @Sendable (RegionCode) throws -> Void
    ) async throws {
        let note = try TextRule.required(note, field: "note", limit: .remark)
        guard let bytes = Hex.decode(fingerprint), bytes.count == 32 else { throw ClientCertificateError.notFound }
        defer { cache?.invalidateAll() }
        try await pool.transaction { connection in
            try authorize(try Self.lockedTarget(userID, on: connection).scope)
            let found = try connection.query(
                """
                UPDATE client_certificate SET revoked_at = coalesce(revoked_at, now())
                WHERE fingerprint = \(PostgresBytes(bytes)) AND user_id = \(userID)
                RETURNING revoked_at = now() AS revoked
                """)
            guard let row = found.first else { throw ClientCertificateError.notFound }
            guard try row.decode("revoked", as: Bool.self) else { return }
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: source, action: "certificate.revoke", entity: "user", entityID: userID.uuidString,
                    after: try PostgresJSON(encoding: ["sha256": fingerprint.lowercased(), "note": note])),
                on: connection)
        }
    }
}
