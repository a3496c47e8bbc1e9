import Foundation
import HummingbirdTesting
import LocalPostgres
import PostgresClient
import PostgresTestSupport
import SafetyNetAPI
import Testing

@Suite("Health over TLS")
struct HealthTests {
    struct Report: Decodable {
        struct Database: Decodable { let status: String; let serverVersion: String?; let error: String? }
        let status: String
        let database: Database
    }

    @Test("/health answers 200 with the database up, over TLS 1.2+")
    func up() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await RunningServer.with(pool: pool) { client, _ in
                    let response = try await client.get("/health")
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body ?? .init()))
                    #expect(report.status == "ok")
                    #expect(report.database.status == "up")
                    #expect(report.database.serverVersion?.hasPrefix("15") == true)
                }
            }
        }
    }

    @Test("/health answers 503 naming the problem when the database is unreachable")
    func down() async throws {
        let port = try LoopbackPort.free()
        let pool = ConnectionPool(configuration: .init(
            connection: try PostgresConfiguration("postgresql://nobody@127.0.0.1:\(port)/none", connectTimeout: .seconds(2)),
            maximumConnections: 1))
        try await RunningServer.with(pool: pool) { client, _ in
            let response = try await client.get("/health")
            #expect(response.status == .serviceUnavailable)
            let report = try JSONDecoder().decode(Report.self, from: Data(buffer: response.body ?? .init()))
            #expect(report.database.status == "down")
            #expect(report.database.error?.contains("could not connect") == true)
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
