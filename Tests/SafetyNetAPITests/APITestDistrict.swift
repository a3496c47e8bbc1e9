import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PersonalData
import PostgresClient
import PostgresTestSupport
import SafetyNetAPI
import SafetyNetKernel
import SafetyNetStorage
import Testing

/// A small demo district (400 households, the demo accounts) behind the real TLS server.
struct APITestDistrict: Sendable {
    let client: TestClient
    /// The server's port, for clients other than `client` (WebSocket).
    let port: Int
    let pool: ConnectionPool
    let district: DemoDistrictData

    static let generator = DemoDistrictGenerator(seed: 42, householdCount: 400)

    /// Runs `body` against a fresh database holding the small district.
    static func with(
        logger: Logger = RunningServer.logger, clientCertificateAuthority: String? = nil, clock: any WallClock = SystemClock(),
        limits: ServerSettings.ConnectionLimits = .init(), protector: PersonalDataProtector = TestKeys.protector,
        _ body: @Sendable (APITestDistrict) async throws -> Void
    ) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 6) { pool in
                try await DatabaseSchema(pool: pool, modules: TestCatalog.modules).update()
                _ = try await DemoDistrictLoader(pool: pool, protector: protector).loadIfEmpty(generator)
                try await DemoAccounts.ensure(in: Accounts(pool: pool))
                let district = generator.generate()
                try await RunningServer.with(
                    pool: pool, protector: protector, logger: logger, clientCertificateAuthority: clientCertificateAuthority, clock: clock,
                    limits: limits
                ) { client, port in
                    try await body(APITestDistrict(client: client, port: port, pool: pool, district: district))
                }
            }
        }
    }

    /// A deadline service over the test database, as a freshly started server would build it.
    /// Whether `check` comes to hold within 30 seconds (it usually does within one retry): what the
    /// server does in the background, or announces across the database, on a loaded test machine.
    static func eventually(_ check: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The number `query` counts, as its column `n`.
    func count(_ query: SQL) async throws -> Int {
        try await pool.query(query)[0].decode("n")
    }

    func sweep(clock: any WallClock) async -> DeadlineSweep {
        DeadlineSweep(referrals: ReferralStore(pool: pool, catalog: TestCatalog.all, calendar: await RunningServer.calendar(pool), clock: clock))
    }

    /// A household in the given grid.
    func household(inGrid grid: RegionCode) throws -> DemoHousehold {
        try #require(district.households.first { $0.grid == grid }, "no household in grid \(grid)")
    }

    /// A session token for a demo account, issued as `safetynet token` does. Password hashing is
    /// deliberately slow, and dozens of tests signing in at once on two cores made sign-ins
    /// outlast the client's 15 s timeout; ``signIn(_:)`` tests the route itself.
    func token(_ login: String) async throws -> String {
        let accounts = Accounts(pool: pool)
        guard let account = try await accounts.account(login: login) else { throw TestFailure("no demo account \(login)") }
        return try await accounts.issue(.session, to: account.id, label: "test").secret
    }

    /// Signs in a demo account through `POST /api/v1/sessions` and returns its bearer token.
    func signIn(_ login: String) async throws -> String {
        let response = try await call(.post, "/api/v1/sessions", body: ["login": login, "password": DemoAccounts.password])
        guard response.status == .created, let token = response.json["token"] as? String else {
            throw TestFailure("sign-in of \(login) failed: \(response.status) \(response.text)")
        }
        return token
    }

    struct Reply {
        let status: HTTPResponse.Status
        let text: String
        var headers: HTTPFields = [:]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    }

    /// Sends a request with an optional bearer token and body: a dictionary as JSON, text or bytes
    /// as they are (JSON unless `headers` states another Content-Type).
    func call(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, body: Any? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let text = body as? String {
            buffer = ByteBuffer(string: text)
        } else if let bytes = body as? [UInt8] {
            buffer = ByteBuffer(bytes: bytes)
        } else if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        }
        if buffer != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(.init(path, method: method, authority: "localhost", headers: headers, body: buffer))
        return Reply(status: response.status, text: String(buffer: response.body ?? ByteBuffer()), headers: response.headers)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
