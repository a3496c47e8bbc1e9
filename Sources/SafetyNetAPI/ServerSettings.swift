import Foundation
import NIOSSL

/// Where the HTTPS server listens and which certificate it presents.
public struct ServerSettings: Sendable {
    /// Where the certificate and key come from.
    public enum Certificate: Sendable {
        /// PEM files: the certificate chain (leaf first) and the private key.
        case files(certificate: String, privateKey: String)
        /// A self-signed certificate generated into (and reused from) this folder.
        case development(folder: URL)
    }

    /// The address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// The certificate to present.
    public var certificate: Certificate
    /// A PEM file of the CA that issues department systems' client certificates; when set, a
    /// client may sign in with a registered certificate instead of a bearer token (mutual TLS).
    public var clientCertificateAuthority: String?

    /// Creates the settings.
    public init(host: String, port: Int, certificate: Certificate, clientCertificateAuthority: String? = nil) {
        self.host = host
        self.port = port
        self.certificate = certificate
        self.clientCertificateAuthority = clientCertificateAuthority
    }

    /// The TLS configuration: TLS 1.2 at least (1.3 preferred by negotiation), HTTP/1.1 by ALPN.
    func tlsConfiguration() throws -> TLSConfiguration {
        let (certificatePath, keyPath): (String, String)
        switch certificate {
        case .files(let certificate, let key): (certificatePath, keyPath) = (certificate, key)
        case .development(let folder):
            let files = try DevelopmentCertificate.ensure(in: folder)
            (certificatePath, keyPath) = (files.certificate.path, files.privateKey.path)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificatePath).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: keyPath, format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        if let authority = clientCertificateAuthority {
            // A certificate is asked for and, when given, must chain to this CA; browsers and
            // token users without one are still let in, to be authenticated by their token.
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(authority))
        }
        return configuration
    }
}
