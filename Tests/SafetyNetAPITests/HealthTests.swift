import Foundation
import HummingbirdTesting
import LocalPostgres
import PostgresClient
import PostgresTestSupport
import SafetyNetAPI
import Testing

@Suite("Health over TLS")
struct HealthTests {
    /// The whole answer: decoding fails on any other field, so nothing more leaks.
    struct Report: Decodable, Equatable {
        let status: String
        let database: String
    }

    @Test("/health answers 200 with the database up, over TLS 1.2+")
    func up() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await RunningServer.with(pool: pool) { client, _ in
                    let response = try await client.get("/health")
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body ?? .init()))
                    #expect(report == Report(status: "ok", database: "up"))
                    #expect(String(buffer: response.body ?? .init()) == #"{"database":"up","status":"ok"}"#)
                }
            }
        }
    }

    @Test("/health answers 503 when the database is unreachable, without naming hosts or ports")
    func down() async throws {
        let port = try LoopbackPort.free()
        let pool = ConnectionPool(
            configuration: .init(
                connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:\(port)/none", connectTimeout: .seconds(2)),
                maximumConnections: 1))
        try await RunningServer.with(pool: pool) { client, _ in
            let response = try await client.get("/health")
            #expect(response.status == .serviceUnavailable)
            let report = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body ?? .init()))
            #expect(report == Report(status: "unavailable", database: "down"))
            #expect(!String(buffer: response.body ?? .init()).contains("\(port)"))
        }
        try await pool.shutdown()
    }
}

@Suite("Development certificate")
struct DevelopmentCertificateTests {
    @Test("generated once, then reused while valid; replaced when about to expire")
    func reused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-cert-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try DevelopmentCertificate.ensure(in: folder)
        let pem = try String(contentsOf: first.certificate, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try String(contentsOf: DevelopmentCertificate.ensure(in: folder).certificate, encoding: .utf8) == pem)
        let keyPermissions = try FileManager.default.attributesOfItem(atPath: first.privateKey.path)[.posixPermissions] as? Int
        #expect(keyPermissions == 0o600)
        let nearExpiry = Date().addingTimeInterval(395 * 86_400)
        #expect(try String(contentsOf: DevelopmentCertificate.ensure(in: folder, now: nearExpiry).certificate, encoding: .utf8) != pem)
    }
}

@Suite("Security headers")
struct SecurityHeaderTests {
    @Test("answers and errors carry HSTS, nosniff and no-store; printable pages a content security policy")
    func headers() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("civil")
            let household = district.district.households[0].id.uuidString
            for reply in [
                try await district.call(.get, "/api/v1/me", token: token), try await district.call(.get, "/api/v1/me"),
                try await district.call(.get, "/api/v1/households/\(household)/chain?format=html", token: token),
            ] {
                #expect(reply.headers[.strictTransportSecurity] == "max-age=31536000", "\(reply.status)")
                #expect(reply.headers[.xContentTypeOptions] == "nosniff")
                #expect(reply.headers[.cacheControl] == "no-store")
            }
            let page = try await district.call(.get, "/api/v1/households/\(household)/chain?format=html", token: token)
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(page.headers)")
        }
    }
}
