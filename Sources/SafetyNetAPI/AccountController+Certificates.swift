import Foundation
import Hummingbird
import SafetyNetKernel
import SafetyNetStorage
import SwiftASN1
import X509

/// Client certificates of department systems, for mutual TLS: listed, registered from their PEM
/// and revoked by the admin whose scope holds the account. The TLS handshake checks that a
/// certificate was issued by the server's client CA; registering it says which account it signs in as.
extension AccountController {
    struct NewCertificate: Codable, WireConstrained {
        let certificate: String
        let label: String?
        static let fieldRules: [String: [FieldRule]] = [
            "certificate": [.note("the certificate in PEM (-----BEGIN CERTIFICATE-----), issued by the server's client CA, not expired")],
            "label": [.text(.title), .note("what the certificate is for, e.g. the system and its host")],
        ]
    }

    struct Revocation: Codable, WireConstrained {
        let fingerprint: String
        let note: String
        static let fieldRules: [String: [FieldRule]] = [
            "fingerprint": [.note("the certificate's SHA-256 in hex, as the list gives it")],
            "note": [.text(.remark), .note("why, for the audit log")],
        ]
    }

    struct CertificateList: ResponseCodable { let items: [ClientCertificateView] }

    func addCertificateRoutes(to routes: DocumentedRoutes) {
        let change: [HTTPResponse.Status] = [.forbidden, .notFound, .conflict, .unprocessableContent]
        routes.get(
            "users/{id}/certificates", "Admin: an account's client certificates for mutual TLS, revoked ones too",
            answers: [.ok(CertificateList.self, "The certificates, newest first")], refusals: [.forbidden, .notFound], use: certificates)
        routes.post(
            "users/{id}/certificates", "Admin: register a client certificate (PEM) to an account; it signs in as that account over mutual TLS",
            body: NewCertificate.self, answers: [.created(ClientCertificateView.self, "Registered")], refusals: change,
            use: registerCertificate(_:context:))
        routes.post(
            "users/{id}/certificates/revoke", "Admin: revoke one of an account's client certificates; it stops signing in at once",
            body: Revocation.self, answers: [.noContent("Revoked")], refusals: change, use: revokeCertificate(_:context:))
    }

    @Sendable func certificates(_ request: Request, context: SafetyNetRequestContext) async throws -> CertificateList {
        let principal = try context.requirePrincipal()
        return CertificateList(items: try await certificates(of: try context.pathID(), by: principal))
    }

    /// The certificates of an account in `principal`'s scope: the API's list and the console's.
    func certificates(of id: UUID, by principal: Principal) async throws -> [ClientCertificateView] {
        try principal.require(.manageUsers)
        return try await accounts.certificates(of: id) { scope in try principal.require(.manageUsers, in: scope) }
    }

    @Sendable func registerCertificate(_ request: Request, context: SafetyNetRequestContext) async throws -> EditedResponse<ClientCertificateView> {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)  // before the body is read
        let body = try await StrictJSON.decode(NewCertificate.self, from: request, context: context)
        let registered = try await registerCertificate(
            pem: body.certificate, label: body.label, for: try context.pathID(), by: principal, source: context.remoteAddress)
        return EditedResponse(status: .created, response: registered)
    }

    /// Registers the certificate `pem` holds to an account in `principal`'s scope: the API's path and the console's.
    func registerCertificate(pem: String, label: String?, for id: UUID, by principal: Principal, source: String?) async throws
        -> ClientCertificateView
    {
        try principal.require(.manageUsers)
        let certificate = try Self.certificate(pem: pem, now: clock.now())
        // Left out, the certificate's subject says what it is for, as much of it as a label takes.
        let given = label.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let printable = certificate.subject.description.unicodeScalars.filter { $0.properties.generalCategory != .control }
        let subject = String(String.UnicodeScalarView(printable.prefix(TextLimit.title.maximum)))
        return try await accounts.registerCertificate(
            try Self.der(certificate), for: id, label: given ?? (subject.isEmpty ? nil : subject), by: principal, source: source
        ) { scope in try principal.require(.manageUsers, in: scope) }
    }

    @Sendable func revokeCertificate(_ request: Request, context: SafetyNetRequestContext) async throws -> HTTPResponse.Status {
        let principal = try context.requirePrincipal()
        try principal.require(.manageUsers)  // before the body is read
        let body = try await StrictJSON.decode(Revocation.self, from: request, context: context)
        try await revokeCertificate(body.fingerprint, of: try context.pathID(), note: body.note, by: principal, source: context.remoteAddress)
        return .noContent
    }

    /// Revokes a certificate of an account in `principal`'s scope: the API's path and the console's.
    func revokeCertificate(_ fingerprint: String, of id: UUID, note: String, by principal: Principal, source: String?) async throws {
        try principal.require(.manageUsers)
        try await accounts.revokeCertificate(fingerprint, of: id, note: note, by: principal, source: source) { scope in
            try principal.require(.manageUsers, in: scope)
        }
    }

    /// The one certificate `pem` holds, valid at `now`.
    static func certificate(pem: String, now: Date) throws -> Certificate {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw FieldError(
                field: "certificate", code: "invalid_certificate",
                message: "the certificate is one X.509 certificate in PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
        }
        guard certificate.notValidBefore <= now, now < certificate.notValidAfter else {
            throw FieldError(
                field: "certificate", code: "certificate_not_valid_now",
                message: "the certificate is valid from \(certificate.notValidBefore) to \(certificate.notValidAfter), not now; issue a current one")
        }
        return certificate
    }

    /// The certificate's DER encoding, the bytes its fingerprint is taken of.
    private static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}

extension ClientCertificateView: ResponseCodable {}
