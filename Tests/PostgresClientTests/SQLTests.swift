import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite("Statements written as SQL with interpolated values")
struct SQLTests {
    @Test("each interpolated value becomes the next placeholder, never text")
    func valuesBecomePlaceholders() {
        let name = "x'; DROP TABLE household; --"
        let sql: SQL = "SELECT * FROM household WHERE name = \(name) AND grid_code LIKE \("3201") || '%' LIMIT \(5)"
        #expect(sql.text == "SELECT * FROM household WHERE name = $1 AND grid_code LIKE $2 || '%' LIMIT $3")
        #expect(sql.binds.map(\.postgresText) == [name, "3201", "5"])
    }

    @Test("a fragment's values are renumbered after those before it")
    func fragmentsAreRenumbered() {
        let module: SQL = "AND module_id = \("medical_aid")"
        let sql: SQL = "SELECT 1 WHERE a = \(1) \(module) AND b = \(2)"
        #expect(sql.text == "SELECT 1 WHERE a = $1 AND module_id = $2 AND b = $3")
        #expect(sql.binds.map(\.postgresText) == ["1", "medical_aid", "2"])
    }

    @Test("conditions join with their values in order; nil binds NULL; raw text is spliced only when asked")
    func joiningNullAndRaw() {
        let conditions: [SQL] = ["a = \(1)", "b = \(String?.none)", "c = \(3)"]
        let sql: SQL = "SELECT \(unsafeRaw: "count(*)") FROM t WHERE \(conditions.joined(separator: " AND "))"
        #expect(sql.text == "SELECT count(*) FROM t WHERE a = $1 AND b = $2 AND c = $3")
        #expect(sql.binds.map(\.postgresText) == ["1", nil, "3"])
        var appended: SQL = "SELECT \(1)"
        appended += " UNION SELECT \(2)"
        #expect(appended.text == "SELECT $1 UNION SELECT $2")
    }

    @Test("the server receives the values bound: hostile text is stored as text, fragments run with their own values")
    func theServerGetsTheValues() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE note (id int PRIMARY KEY, body text, tag text)")
                let hostile = "'); DROP TABLE note; --"
                try await pool.query("INSERT INTO note VALUES (\(1), \(hostile), \("a")), (\(2), \("plain"), \(String?.none))")
                let tagged: SQL = "tag = \("a")"
                let rows = try await pool.query("SELECT body FROM note WHERE id >= \(1) AND \(tagged)")
                #expect(try rows.map { try $0.decode("body", as: String.self) } == [hostile])
                let untagged = try await pool.query("SELECT count(*)::int AS n FROM note WHERE tag IS NULL")
                #expect(try untagged[0].decode("n", as: Int.self) == 1)
            }
        }
    }

    @Test("COPY takes no bound values and says so")
    func copyRefusesValues() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE note (id int)")
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { connection in
                        try connection.copyIn("COPY note (id) FROM STDIN WHERE id > \(1)") { _ in }
                    }
                }
                #expect("\(error.map(String.init(describing:)) ?? "")".contains("COPY takes no bound values"))
            }
        }
    }
}
