import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite("Server errors and transactions")
struct ErrorAndTransactionTests {
    @Test("a unique violation is a typed error with SQLSTATE 23505 and the constraint name")
    func uniqueViolation() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE person (id_index text CONSTRAINT person_id_index_key UNIQUE)")
                try await pool.query("INSERT INTO person VALUES (\("abc"))")
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.query("INSERT INTO person VALUES (\("abc"))")
                }
                #expect(error?.sqlState == .uniqueViolation)
                #expect(error?.serverError?.constraint == "person_id_index_key")
                #expect(error?.serverError?.detail?.contains("abc") == true)
                #expect(error?.isConnectionFailure == false)
                // The connection that saw the error still works.
                let count = try await pool.query("SELECT count(*) AS n FROM person")
                #expect(try count[0].decode("n", as: Int.self) == 1)
            }
        }
    }

    @Test("a throwing transaction leaves nothing behind")
    func throwingTransactionRollsBack() async throws {
        struct Abort: Error {}
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE ledger (entry text)")
                await #expect(throws: Abort.self) {
                    try await pool.transaction { connection in
                        try connection.query("INSERT INTO ledger VALUES (\("first"))")
                        try connection.query("INSERT INTO ledger VALUES (\("second"))")
                        throw Abort()
                    }
                }
                let rows = try await pool.query("SELECT count(*) AS n FROM ledger")
                #expect(try rows[0].decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test("a nested savepoint rolls back only its own part")
    func nestedSavepoints() async throws {
        struct Abort: Error {}
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE ledger (entry text)")
                try await pool.transaction { connection in
                    try connection.query("INSERT INTO ledger VALUES (\("outer"))")
                    try? connection.transaction { inner in
                        try inner.query("INSERT INTO ledger VALUES (\("inner, undone"))")
                        throw Abort()
                    }
                    try connection.transaction { inner in
                        try inner.query("INSERT INTO ledger VALUES (\("inner, kept"))")
                        // A failed statement inside a savepoint does not poison the outer transaction.
                        _ = try? inner.transaction { innermost in
                            try innermost.query("INSERT INTO ledger VALUES (\("not a number")::int::text)")
                        }
                    }
                }
                let rows = try await pool.query("SELECT entry FROM ledger ORDER BY entry")
                #expect(try rows.map { try $0.decode("entry", as: String.self) } == ["inner, kept", "outer"])
            }
        }
    }

    @Test("the statement timeout cancels a long statement with SQLSTATE 57014")
    func statementTimeout() async throws {
        try await TestPostgres.withDatabase { database in
            let configuration = try database.configuration(statementTimeout: .milliseconds(200))
            let pool = ConnectionPool(configuration: .init(connection: configuration, maximumConnections: 1))
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(5)") }
            #expect(error?.sqlState == .queryCanceled)
            let rows = try await pool.query("SELECT 1 AS one")
            #expect(try rows[0].decode("one", as: Int.self) == 1)
            try await pool.shutdown()
        }
    }

    @Test("a URL asking for TLS is refused by a server without TLS, with libpq's reason")
    func sslModeIsHonoured() async throws {
        try await TestPostgres.withDatabase { database in
            let configuration = try PostgresConfiguration(database.url + "?sslmode=require")
            let error = #expect(throws: PostgresError.self) { _ = try PostgresConnection(configuration: configuration) }
            #expect(error?.isConnectionFailure == true)
            #expect(error?.description.contains("SSL") == true)
        }
    }

    @Test("a malformed connection string is refused before connecting")
    func invalidConfiguration() throws {
        let error = #expect(throws: PostgresError.self) { _ = try PostgresConfiguration("host=127.0.0.1 port") }
        guard case .invalidConfiguration = error else {
            Issue.record("expected invalidConfiguration, got \(String(describing: error))")
            return
        }
        let redacted = try PostgresConfiguration("postgresql://me:secret@127.0.0.1:5432/db").redacted
        #expect(!redacted.contains("secret"))
        #expect(redacted.contains("user=me"))
    }
}
