import Crypto
import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOSSL
import SafetyNetKernel
import SafetyNetStorage
import SwiftASN1
import Testing
import X509

/// A throwaway certificate authority and the client certificates it issues.
struct TestAuthority {
    let key = P256.Signing.PrivateKey()
    let certificate: Certificate

    init(name: String) throws {
        let subject = try DistinguishedName { CommonName(name) }
        certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-3_600), notValidAfter: Date().addingTimeInterval(86_400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            },
            issuerPrivateKey: .init(key))
    }

    /// A client certificate for `name` and its key, as NIOSSL types.
    func issue(_ name: String) throws -> (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey, der: [UInt8]) {
        let clientKey = P256.Signing.PrivateKey()
        let client = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(clientKey.publicKey),
            notValidBefore: Date().addingTimeInterval(-3_600), notValidAfter: Date().addingTimeInterval(86_400),
            issuer: certificate.subject, subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(key))
        var serializer = DER.Serializer()
        try serializer.serialize(client)
        return (
            try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der),
            try NIOSSLPrivateKey(bytes: Array(clientKey.pemRepresentation.utf8), format: .pem), serializer.serializedBytes
        )
    }

    func writePEM() throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-ca-\(UUID().uuidString).pem")
        try certificate.serializeAsPEM().pemString.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}

@Suite("Mutual TLS for department systems")
struct MutualTLSTests {
    static func client(port: Int, presenting identity: (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey, der: [UInt8])?) -> TestClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        if let identity {
            tls.certificateChain = [.certificate(identity.certificate)]
            tls.privateKey = .privateKey(identity.key)
        }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(tlsConfiguration: tls, serverName: "localhost"))
        client.connect()
        return client
    }

    /// Runs `body` on a district whose server trusts a fresh client CA, with a department system's
    /// account (its id), a certificate the CA issued for it, and the certificate's PEM.
    static func withDepartmentSystem(
        _ body: @Sendable (APITestDistrict, UUID, (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey, der: [UInt8]), String) async throws -> Void
    ) async throws {
        let authority = try TestAuthority(name: "吉林市昌邑区 SafetyNet CA")
        let caFile = try authority.writePEM()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let issued = try authority.issue("his.medical-aid")
        let pem = try Certificate(derEncoded: issued.der).serializeAsPEM().pemString
        try await APITestDistrict.with(clientCertificateAuthority: caFile) { district in
            let machine = try await Accounts(pool: district.pool).create(
                try NewAccount(
                    login: "his", displayName: "医保系统", role: .departmentOfficer, scope: DemoDistrictGenerator.districtCode,
                    department: ModuleID("medical-aid"), password: nil), by: nil)
            try await body(district, machine.id, issued, pem)
        }
    }

    @Test("a registered certificate from the district CA signs in without a token; others do not")
    func clientCertificates() async throws {
        let authority = try TestAuthority(name: "吉林市昌邑区 SafetyNet CA")
        let caFile = try authority.writePEM()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        let registered = try authority.issue("his.medical-aid")
        let unregistered = try authority.issue("unknown")
        let rogue = try TestAuthority(name: "rogue").issue("his.medical-aid")
        try await APITestDistrict.with(clientCertificateAuthority: caFile) { district in
            let accounts = Accounts(pool: district.pool)
            let machine = try await accounts.create(
                try NewAccount(
                    login: "his", displayName: "医保系统", role: .departmentOfficer, scope: DemoDistrictGenerator.districtCode,
                    department: ModuleID("medical-aid"), password: nil), by: nil)
            try await accounts.registerCertificate(registered.der, for: machine.id, label: "test", by: nil)

            let good = Self.client(port: district.port, presenting: registered)
            let me = try await good.get("/api/v1/me")
            #expect(me.status == .ok)
            #expect(String(buffer: me.body ?? ByteBuffer()).contains("\"login\":\"his\""))
            try await good.shutdown()

            let unknown = Self.client(port: district.port, presenting: unregistered)
            #expect(try await unknown.get("/api/v1/me").status == .unauthorized)
            try await unknown.shutdown()

            let forged = Self.client(port: district.port, presenting: rogue)
            await #expect(throws: (any Error).self) { _ = try await forged.get("/api/v1/me") }
            try? await forged.shutdown()

            // Without a certificate, tokens work as before.
            #expect(try await district.call(.get, "/api/v1/me").status == .unauthorized)
            #expect(try await district.call(.get, "/api/v1/me", token: try await district.token("grid")).status == .ok)
        }
    }

    @Test("the admin registers a department system's certificate from its PEM, lists it and revokes it: it signs in, then no longer does")
    func certificatesByTheAdmin() async throws {
        try await Self.withDepartmentSystem { district, machine, issued, pem in
            let admin = try await district.token("admin")
            let path = "/api/v1/users/\(machine.uuidString)/certificates"
            let garbage = try await district.call(
                .post, path, token: admin, body: ["certificate": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"])
            #expect(garbage.status == .unprocessableContent && garbage.json["code"] as? String == "invalid_certificate", "\(garbage.text)")
            let outsider = try await district.call(.post, path, token: try await district.token("town"), body: ["certificate": pem])
            #expect(outsider.status == .forbidden, "a town may not manage accounts: \(outsider.status)")

            let person = try await district.pool.query("SELECT id FROM app_user WHERE login = 'grid'")[0].decode("id", as: UUID.self)
            let toPerson = try await district.call(.post, "/api/v1/users/\(person.uuidString)/certificates", token: admin, body: ["certificate": pem])
            #expect(toPerson.status == .conflict && toPerson.json["code"] as? String == "person_account", "\(toPerson.text)")
            let registered = try await district.call(.post, path, token: admin, body: ["certificate": pem, "label": "医保结算系统 his01"])
            #expect(registered.status == .created, "\(registered.text)")
            let fingerprint = try #require(registered.json["fingerprint"] as? String)
            #expect(fingerprint == Array(SHA256.hash(data: issued.der)).map { String(format: "%02x", $0) }.joined())
            #expect(try await district.call(.post, path, token: admin, body: ["certificate": pem]).status == .conflict, "registered once")
            let listed = try await district.call(.get, path, token: admin)
            #expect((listed.json["items"] as? [[String: Any]])?.map { $0["label"] as? String } == ["医保结算系统 his01"], "\(listed.text)")

            let client = Self.client(port: district.port, presenting: issued)
            #expect(try await client.get("/api/v1/me").status == .ok)
            let revoked = try await district.call(.post, "\(path)/revoke", token: admin, body: ["fingerprint": fingerprint, "note": "系统下线"])
            #expect(revoked.status == .noContent, "\(revoked.text)")
            #expect(try await client.get("/api/v1/me").status == .unauthorized, "a revoked certificate no longer signs in")
            try await client.shutdown()
            let unknown = try await district.call(
                .post, "\(path)/revoke", token: admin, body: ["fingerprint": String(repeating: "0", count: 64), "note": "x"])
            #expect(unknown.status == .unprocessableContent && unknown.json["field"] as? String == "fingerprint")
            let audited: Int = try await district.pool.query(
                "SELECT count(*) AS n FROM audit_log WHERE action IN ('certificate.register', 'certificate.revoke')")[0].decode("n")
            #expect(audited == 2)
        }
    }

    @Test("the admin's console registers a certificate pasted as PEM, refuses garbage with the form kept, and revokes it with a reason")
    func certificatesPage() async throws {
        try await Self.withDepartmentSystem { district, machine, issued, pem in
            let admin = try await ConsoleCaseTests.Browser("admin", in: district)
            let users = try await admin.get("/admin/users").text
            #expect(users.contains("/admin/users/\(machine.uuidString)/certificates"), "a department system's certificates are linked")
            let page = "/admin/users/\(machine.uuidString)/certificates"
            #expect(try await admin.get(page).text.contains("这个账号还没有登记客户端证书"))

            let garbage = try await admin.send([("label", "医保结算系统"), ("certificate", "not a certificate")], to: "\(page)/register", from: page)
            #expect(garbage.status == .unprocessableContent && garbage.text.contains("请粘贴一张PEM格式的X.509证书"), "\(garbage.text)")
            #expect(garbage.text.contains("value=\"医保结算系统\"") && garbage.text.contains(">not a certificate</textarea>"), "the form is kept")
            let registered = try await admin.send([("label", "医保结算系统"), ("certificate", pem)], to: "\(page)/register", from: page)
            #expect(registered.status == .seeOther, "\(registered.text)")
            let listed = try await admin.get(try #require(registered.headers[.location])).text
            #expect(listed.contains("证书已登记") && listed.contains("医保结算系统") && listed.contains("有效"), "\(listed)")

            let client = Self.client(port: district.port, presenting: issued)
            #expect(try await client.get("/api/v1/me").status == .ok)
            let fingerprint = Array(SHA256.hash(data: issued.der)).map { String(format: "%02x", $0) }.joined()
            let noReason = try await admin.send([("fingerprint", fingerprint), ("note", "")], to: "\(page)/revoke", from: page)
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("请填写吊销原因"), "\(noReason.text)")
            let revoked = try await admin.send([("fingerprint", fingerprint), ("note", "系统下线")], to: "\(page)/revoke", from: page)
            #expect(revoked.status == .seeOther, "\(revoked.text)")
            #expect(try await admin.get(page).text.contains("已吊销"))
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
            try await client.shutdown()
            let town = try await ConsoleCaseTests.Browser("town", in: district)
            #expect(try await town.get(page).status == .forbidden, "a town may not manage accounts")
        }
    }
}
