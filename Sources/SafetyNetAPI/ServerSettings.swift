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
    /// How long connections may take and how many may be open.
    public var limits: ConnectionLimits
    /// Whether every answer is checked against the OpenAPI document (a stray one becomes a 500
    /// `contract_violation`): for tests and staging, since it reads every body.
    public var checksContract = false
    /// Where Prometheus scrapes the server's metrics; nil serves none and counts no open work.
    public var metrics: MetricsEndpoint?

    /// Creates the settings.
    public init(
        host: String, port: Int, certificate: Certificate, clientCertificateAuthority: String? = nil,
        limits: ConnectionLimits = ConnectionLimits()
    ) {
        self.host = host
        self.port = port
        self.certificate = certificate
        self.clientCertificateAuthority = clientCertificateAuthority
        self.limits = limits
    }

    /// Limits that keep slow, idle or too many clients from using up the server's descriptors.
    public struct ConnectionLimits: Sendable {
        /// From accepting a connection to its first complete request head, TLS handshake included.
        public var firstRequest: Duration
        /// How long a kept-alive connection may wait for its next request.
        public var idle: Duration
        /// Connections open at once; past it, new ones wait in the listen queue until one closes.
        public var maximumConnections: Int

        /// Creates the limits; the defaults suit a district server.
        public init(firstRequest: Duration = .seconds(10), idle: Duration = .seconds(60), maximumConnections: Int = 1_000) {
            self.firstRequest = firstRequest
            self.idle = idle
            self.maximumConnections = maximumConnections
        }
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
        // TLS 1.2 offers forward-secret AEAD suites only (no CBC, no SHA-1); TLS 1.3 has only such suites.
        configuration.cipherSuites = [
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        ].joined(separator: ":")
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
