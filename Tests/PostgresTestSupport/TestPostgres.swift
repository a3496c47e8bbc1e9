import Foundation
import LocalPostgres
import PostgresClient

/// The PostgreSQL the tests talk to, and a fresh database for each test.
///
/// By default one private cluster (fsync off) is started under `.build/safetynet-test-postgres`
/// with the same launcher the demo uses, reused by later runs and stopped when the test process
/// exits. Set `SAFETYNET_TEST_DATABASE_URL` to an administrator URL to use another server instead.
public enum TestPostgres {
    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared cluster, started on first use (nil when an external server is configured).
    public static let cluster: LocalPostgresCluster? = {
        if ProcessInfo.processInfo.environment["SAFETYNET_TEST_DATABASE_URL"] != nil { return nil }
        let folder =
            ProcessInfo.processInfo.environment["SAFETYNET_TEST_POSTGRES_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent(".build/safetynet-test-postgres")
        do {
            let cluster = try LocalPostgresCluster.start(in: folder, settings: .disposable)
            clusterToStop = cluster
            atexit { try? clusterToStop?.stop() }
            return cluster
        } catch {
            fatalError("could not start the test PostgreSQL cluster: \(error)")
        }
    }()

    nonisolated(unsafe) private static var clusterToStop: LocalPostgresCluster?

    /// An administrator URL for `database` on the test server.
    public static func url(database: String) -> String {
        if let external = ProcessInfo.processInfo.environment["SAFETYNET_TEST_DATABASE_URL"],
            var components = URLComponents(string: external)
        {
            components.path = "/" + database
            return components.string ?? external
        }
        return cluster!.connectionURL(database: database)
    }

    private static let admin = ConnectionPool(
        configuration: .init(
            connection: try! PostgresConfiguration(url(database: "postgres")), maximumConnections: 4, checkoutTimeout: .seconds(600)))

    /// Creates an empty database, runs `body` with it, and drops it afterwards, also when `body` throws.
    /// Only a few tests hold a database at once (see ``TestSlots``); the others wait their turn.
    public static func withDatabase<R>(_ body: (TestDatabase) async throws -> R) async throws -> R {
        try await TestSlots.withSlot { try await withFreshDatabase(body) }
    }

    private static func withFreshDatabase<R>(_ body: (TestDatabase) async throws -> R) async throws -> R {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin.withConnection { try $0.execute(script: "CREATE DATABASE \(name)") }
        let database = TestDatabase(name: name, url: url(database: name))
        do {
            let result = try await body(database)
            try await drop(name)
            return result
        } catch {
            try? await drop(name)
            throw error
        }
    }

    private static func drop(_ name: String) async throws {
        try await admin.withConnection { try $0.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }
}

/// One test's database.
public struct TestDatabase: Sendable {
    /// The database's name.
    public let name: String
    /// A URL to it, password included.
    public let url: String

    /// Connection settings for this database.
    public func configuration(statementTimeout: Duration? = .seconds(30)) throws -> PostgresConfiguration {
        try PostgresConfiguration(url, statementTimeout: statementTimeout)
    }

    /// A pool on this database; shut it down at the end of the test.
    public func makePool(maximumConnections: Int = 4, checkoutTimeout: Duration = .seconds(30)) throws -> ConnectionPool {
        ConnectionPool(
            configuration: .init(
                connection: try configuration(), maximumConnections: maximumConnections, checkoutTimeout: checkoutTimeout))
    }

    /// Runs `body` with a pool and shuts the pool down afterwards.
    public func withPool<R>(
        maximumConnections: Int = 4, _ body: (ConnectionPool) async throws -> R
    ) async throws -> R {
        let pool = try makePool(maximumConnections: maximumConnections)
        do {
            let result = try await body(pool)
            try await pool.shutdown()
            return result
        } catch {
            try? await pool.shutdown()
            throw error
        }
    }
}
