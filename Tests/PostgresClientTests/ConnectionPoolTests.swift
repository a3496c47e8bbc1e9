import Foundation
import LocalPostgres
import Logging
import PostgresClient
import PostgresTestSupport
import ServiceLifecycle
import Testing

@Suite("Connection pool")
struct ConnectionPoolTests {
    @Test("64 concurrent tasks on a pool of 8 all complete, never over 8 connections")
    func sixtyFourTasksOnEight() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 8) { pool in
                try await pool.query("CREATE TABLE hits (task int PRIMARY KEY, backend int)")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<64 {
                        group.addTask {
                            try await pool.withConnection { connection in
                                try connection.query("SELECT pg_sleep(0.02)")
                                try connection.query("INSERT INTO hits VALUES (\(task), pg_backend_pid())")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let rows = try await pool.query("SELECT count(*) AS n, count(DISTINCT backend) AS backends FROM hits")
                #expect(try rows[0].decode("n", as: Int.self) == 64)
                #expect(try rows[0].decode("backends", as: Int.self) <= 8)
                #expect(pool.statistics.open <= 8)
            }
        }
    }

    @Test("every connection is set up alike: UTC, ISO dates, UTF-8, JIT off, the statement timeout")
    func sessionSettings() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let row = try await pool.query(
                    """
                    SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS dates,
                           current_setting('client_encoding') AS encoding, current_setting('jit') AS jit,
                           current_setting('statement_timeout') AS timeout
                    """)[0]
                #expect(try row.decode("zone", as: String.self) == "UTC")
                #expect(try row.decode("dates", as: String.self) == "ISO, YMD")
                #expect(try row.decode("encoding", as: String.self) == "UTF8")
                #expect(try row.decode("jit", as: String.self) == "off")
                #expect(try row.decode("timeout", as: String.self) == "30s")
            }
        }
    }

    @Test("commits wait for the disk unless a loader of generated data says otherwise")
    func commitWait() async throws {
        try await TestPostgres.withDatabase { database in
            // The test cluster itself does not wait for the disk; this database does, as a district's would.
            _ = try await database.withPool { pool in
                try await pool.query("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = on', current_database()); END $$")
            }
            var loading = try database.configuration()
            loading.waitsForDisk = false
            for (configuration, expected) in [(try database.configuration(), "on"), (loading, "off")] {
                let pool = ConnectionPool(configuration: .init(connection: configuration, maximumConnections: 1))
                let setting = try await pool.query("SELECT current_setting('synchronous_commit') AS wait")[0]
                #expect(try setting.decode("wait", as: String.self) == expected)
                try await pool.shutdown()
            }
        }
    }

    @Test("as a service the pool serves until its group shuts down, then closes")
    func poolAsService() async throws {
        try await TestPostgres.withDatabase { database in
            let pool = ConnectionPool(configuration: .init(connection: try database.configuration()))
            let group = ServiceGroup(configuration: .init(services: [pool], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                #expect(try await pool.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect("\(error.map(String.init(describing:)) ?? "")".contains("shut down"))
        }
    }

    @Test("a caller gives up after the checkout timeout when every connection is busy")
    func checkoutTimeout() async throws {
        try await TestPostgres.withDatabase { database in
            let pool = ConnectionPool(
                configuration: .init(
                    connection: try database.configuration(), maximumConnections: 1, checkoutTimeout: .milliseconds(200)))
            async let busy: Void = pool.withConnection { try $0.query("SELECT pg_sleep(1.5)") }
            while pool.statistics.open == 0 { try await Task.sleep(for: .milliseconds(10)) }  // the busy caller holds the only one
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            guard case .checkoutTimeout = error else {
                Issue.record("expected a checkout timeout, got \(String(describing: error))")
                return
            }
            try await busy
            #expect(try await pool.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
            try await pool.shutdown()
        }
    }

    @Test("after the server restarts, the next queries succeed without restarting the process")
    func reconnectsAfterServerRestart() async throws {
        // A cluster of its own: restarting the shared one would disturb tests running beside this one.
        let folder = TestPostgres.packageRoot.appendingPathComponent(".build/safetynet-test-postgres-restart")
        let cluster = try LocalPostgresCluster.start(in: folder, settings: .disposable)
        defer { try? cluster.stop() }
        let pool = ConnectionPool(
            configuration: .init(
                connection: try PostgresConfiguration(cluster.connectionURL()), maximumConnections: 4))
        // Open several connections so the pool holds idle ones when the server goes away.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
            try await group.waitForAll()
        }
        let before = try await pool.query("SELECT pg_postmaster_start_time() AS started")[0].decode("started", as: Date.self)

        try cluster.restart()

        for _ in 0..<8 {
            let rows = try await pool.query("SELECT pg_postmaster_start_time() AS started")
            #expect(try rows[0].decode("started", as: Date.self) > before)
        }
        #expect(pool.statistics.open <= 4)
        try await pool.shutdown()
    }
}
