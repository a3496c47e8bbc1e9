import DemoDistrict
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PersonalData
import PostgresClient
import PostgresTestSupport
import SafetyNetStorage
import Testing

/// Issue 11, finding 3: a key whose request was in flight when the server was killed must not
/// stay "in progress"; the retry either replays the stored answer or performs the write once.
@Suite("Idempotency across a crash")
struct IdempotencyCrashTests {
    @Test("killed mid-request, the retry writes once; killed after the answer, the retry replays it")
    func killMidRequest() async throws {
        let keyring = PersonalDataKeyring.generateText()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safetynet-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 4) { pool in
                try await DatabaseSchema(pool: pool, modules: TestCatalog.modules).update()
                let protector = PersonalDataProtector(keyring: try PersonalDataKeyring(text: keyring))
                _ = try await DemoDistrictLoader(pool: pool, protector: protector).loadIfEmpty(APITestDistrict.generator)
                try await DemoAccounts.ensure(in: Accounts(pool: pool))
                let accounts = Accounts(pool: pool)
                let grid = try #require(try await accounts.account(login: "grid"))
                let token = try await accounts.issue(.session, to: grid.id, label: "test").secret
                let household = try #require(APITestDistrict.generator.generate().households.first { $0.grid == AccessTests.ownGrid })
                var visit = AccessTests.visit(household.id.uuidString)
                visit["findings"] = "断电后重试的走访"
                let body = try JSONSerialization.data(withJSONObject: visit)
                func post(_ client: TestClient) async throws -> TestClient.Response {
                    try await client.execute(
                        .init(
                            "/api/v1/visits", method: .post, authority: "localhost",
                            headers: [.authorization: "Bearer \(token)", .contentType: "application/json", .init("Idempotency-Key")!: "crash-1"],
                            body: ByteBuffer(bytes: body)))
                }
                func visits() async throws -> Int {
                    try await pool.query("SELECT count(*) AS n FROM visit WHERE household_id = \(household.id) AND findings = \("断电后重试的走访")")[0]
                        .decode("n")
                }

                // 1. The visit insert waits on a lock the test holds; the server dies while it waits.
                let first = try await ServerProcess.start(databaseURL: database.url, keyring: keyring, dataFolder: folder)
                let locker = try database.makePool(maximumConnections: 1)
                try await locker.withHeldTransaction {
                    try await locker.query("LOCK TABLE visit IN SHARE MODE")
                    let client = first.client()
                    let request = Task { try await post(client) }
                    do { try await Self.waitForLockWaiter(on: pool) } catch { throw TestFailure("\(error)\nserver log:\n\(first.log)") }
                    first.kill()
                    if case .success(let answer) = await request.result {
                        Issue.record("the request was answered before the kill: \(answer.status) \(String(buffer: answer.body ?? ByteBuffer()))")
                    }
                    try? await client.shutdown()
                }
                try await locker.shutdown()
                #expect(try await visits() == 0)

                // 2. A new server: the retry performs the write once.
                let second = try await ServerProcess.start(databaseURL: database.url, keyring: keyring, dataFolder: folder)
                let client = second.client()
                let retried = try await post(client)
                #expect(retried.status == .created, "\(String(buffer: retried.body ?? ByteBuffer()))")
                #expect(retried.headers[.init("Idempotent-Replayed")!] == nil)
                #expect(try await visits() == 1)
                try? await client.shutdown()

                // 3. Killed after answering: the next server replays the same answer.
                second.kill()
                let third = try await ServerProcess.start(databaseURL: database.url, keyring: keyring, dataFolder: folder)
                let again = third.client()
                let replayed = try await post(again)
                #expect(replayed.status == .created)
                #expect(replayed.headers[.init("Idempotent-Replayed")!] == "true")
                #expect(String(buffer: replayed.body ?? ByteBuffer()) == String(buffer: retried.body ?? ByteBuffer()))
                #expect(try await visits() == 1)
                try? await again.shutdown()
                third.kill()
            }
        }
    }

    /// Waits until a server backend is blocked inserting a visit; ask from outside the locking
    /// transaction, which would see one snapshot of the activity view.
    static func waitForLockWaiter(on pool: ConnectionPool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let waiting: Int = try await pool.query(
                """
                SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO visit%'
                """)[0].decode("n")
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let activity = try await pool.query(
            """
            SELECT coalesce(wait_event_type, '-') || ' ' || coalesce(state, '-') || ': ' || left(query, 120) AS line
            FROM pg_stat_activity WHERE datname = current_database()
            """
        ).map { try $0.decode("line", as: String.self) }
        throw TestFailure("the server's visit insert never reached the lock; sessions: \(activity)")
    }
}
