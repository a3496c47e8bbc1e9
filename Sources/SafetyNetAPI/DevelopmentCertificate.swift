import Crypto
import Foundation
import SwiftASN1
import X509

/// A self-signed certificate for development and the demo, for `localhost`, 127.0.0.1 and ::1.
///
/// Generated once into a folder and reused while it is valid for at least another week, so a
/// client that trusted it once keeps trusting it. Never use it in production: pass real files.
public enum DevelopmentCertificate {
    /// The PEM files of a certificate and its private key.
    public struct Files: Sendable {
        public let certificate: URL
        public let privateKey: URL
    }

    /// The certificate in `folder`, generated first when missing or about to expire.
    public static func ensure(in folder: URL, now: Date = Date()) throws -> Files {
        let files = Files(
            certificate: folder.appendingPathComponent("development-certificate.pem"),
            privateKey: folder.appendingPathComponent("development-key.pem"))
        if let existing = try? String(contentsOf: files.certificate, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: existing),
            certificate.notValidAfter > now.addingTimeInterval(7 * 86_400),
            FileManager.default.fileExists(atPath: files.privateKey.path)
        {
            return files
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (certificatePEM, keyPEM) = try generate(now: now)
        try write(keyPEM, to: files.privateKey, permissions: 0o600)
        try write(certificatePEM, to: files.certificate, permissions: 0o644)
        return files
    }

    static func generate(now: Date) throws -> (certificate: String, key: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("SafetyNet development certificate")
            OrganizationName("SafetyNet")
        }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3_600),
            notValidAfter: now.addingTimeInterval(397 * 86_400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"),
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
                ])
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }

    private static func write(_ text: String, to file: URL, permissions: Int) throws {
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file.path])
        }
    }
}
