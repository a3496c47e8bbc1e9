import Foundation
import PostgresClient
import PostgresTestSupport
import Testing

@Suite("Bound parameters and typed rows")
struct ValueRoundTripTests {
    @Test("every bound type round-trips through a table, NULL included")
    func everyTypeRoundTrips() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let when = Date(timeIntervalSince1970: 1_738_000_000.123456)
                let id = UUID()
                let bytes = PostgresBytes([0, 1, 2, 0xFE, 0xFF, 0x5C, 0x09])
                let json = try PostgresJSON(encoding: ["名字": "张三", "emoji": "🧧"])
                try await pool.withConnection { connection in
                    try connection.execute(
                        script: """
                            CREATE TABLE everything (
                              row_id int PRIMARY KEY, b bool, i int8, i32 int4, d float8, t text, ts timestamptz,
                              u uuid, bin bytea, j jsonb, ints int8[], texts text[])
                            """)
                    let text = "低保 \"quoted\" \\ tab\t ✅ 👨‍👩‍👧"
                    try connection.query(
                        """
                        INSERT INTO everything VALUES (1, \(true), \(Int64.max), \(Int32.min), \(3.141592653589793), \(text), \(when),
                                                       \(id), \(bytes), \(json), \([1, -2, Int.max, Int.min]), \(["a,b", "引号\"", "back\\slash", "NULL", ""]))
                        """)
                    try connection.query(
                        """
                        INSERT INTO everything VALUES (2, \(Bool?.none), \(Int?.none), \(Int32?.none), \(Double?.none), \(String?.none),
                                                       \(Date?.none), \(UUID?.none), \(PostgresBytes?.none), \(PostgresJSON?.none),
                                                       \([Int]?.none), \([String]?.none))
                        """)
                }
                let rows = try await pool.query("SELECT * FROM everything ORDER BY row_id")
                #expect(rows.count == 2)
                let full = rows[0]
                #expect(try full.decode("b", as: Bool.self) == true)
                #expect(try full.decode("i", as: Int64.self) == Int64.max)
                #expect(try full.decode("i32", as: Int32.self) == Int32.min)
                #expect(try full.decode("d", as: Double.self) == 3.141592653589793)
                #expect(try full.decode("t", as: String.self) == "低保 \"quoted\" \\ tab\t ✅ 👨‍👩‍👧")
                #expect(try full.decode("ts", as: Date.self).timeIntervalSince1970 == 1_738_000_000.123456)
                #expect(try full.decode("u", as: UUID.self) == id)
                #expect(try full.decode("bin", as: PostgresBytes.self) == bytes)
                #expect(try full.decode("j", as: PostgresJSON.self).decode([String: String].self) == ["名字": "张三", "emoji": "🧧"])
                #expect(try full.decode("ints", as: [Int].self) == [1, -2, Int.max, Int.min])
                #expect(try full.decode("texts", as: [String].self) == ["a,b", "引号\"", "back\\slash", "NULL", ""])

                // Integers are read from libpq's bytes: both ends of each width, and a sign.
                let extremes = try await pool.query("SELECT \(Int.min)::int8 AS low, \(Int32.max)::int4 AS high, '-0'::int8 AS zero")[0]
                #expect(try extremes.decode("low", as: Int.self) == Int.min && extremes.decode("low", as: Int64.self) == Int64.min)
                #expect(try extremes.decode("high", as: Int32.self) == Int32.max && extremes.decode("zero", as: Int.self) == 0)

                let empty = rows[1]
                for column in ["b", "i", "i32", "d", "t", "ts", "u", "bin", "j", "ints", "texts"] {
                    #expect(try empty.isNull(column), "column \(column) should be NULL")
                }
                #expect(try empty.decode("i", as: Int?.self) == nil)
                #expect(try empty.decode("t", as: String?.self) == nil)
            }
        }
    }

    @Test(
        "Chinese text and emoji come back byte for byte",
        arguments: [
            "吉林市昌邑区", "𠮷野家", "👩🏽‍⚕️ 医疗救助", "混合 mixed ✓ \u{200B}", String(repeating: "民", count: 10_000),
        ])
    func unicodeRoundTrips(text: String) async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let rows = try await pool.query("SELECT \(text)::text AS echoed, length(\(text)::text) AS characters")
                #expect(try rows[0].decode("echoed", as: String.self).utf8.elementsEqual(text.utf8))
                #expect(try rows[0].decode("characters", as: Int.self) == text.unicodeScalars.count)
            }
        }
    }

    @Test("special floating-point values and far dates round-trip")
    func edgeValues() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                for value in [Double.infinity, -Double.infinity, 0.1, -0.0, 1e-300] {
                    let rows = try await pool.query("SELECT \(value)::float8 AS v")
                    #expect(try rows[0].decode("v", as: Double.self) == value)
                }
                let nan = try await pool.query("SELECT \(Double.nan)::float8 AS v")
                #expect(try nan[0].decode("v", as: Double.self).isNaN)
                for seconds in [0.0, -86_400.5, 4_102_444_800.000001] {
                    let date = Date(timeIntervalSince1970: seconds)
                    let rows = try await pool.query("SELECT \(date)::timestamptz AS v")
                    let back = try rows[0].decode("v", as: Date.self).timeIntervalSince1970
                    #expect(abs(back - seconds) < 0.000_002)
                }
            }
        }
    }

    @Test("decoding errors name the column and the types")
    func decodingErrorsNameTheColumn() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let rows = try await pool.query("SELECT 'abc'::text AS label, NULL::int8 AS missing")
                let mismatch = #expect(throws: PostgresError.self) { try rows[0].decode("label", as: Int.self) }
                #expect(mismatch?.description.contains("\"label\"") == true)
                #expect(mismatch?.description.contains("text") == true)
                let null = #expect(throws: PostgresError.self) { try rows[0].decode("missing", as: Int.self) }
                #expect(null?.description.contains("NULL") == true)
                let unknown = #expect(throws: PostgresError.self) { try rows[0].decode("nope", as: String.self) }
                #expect(unknown?.description.contains("no such column") == true)
            }
        }
    }

    @Test("parameters are bound, never spliced: SQL in a value stays a value")
    func parametersAreNotSpliced() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE names (name text)")
                let hostile = "x'); DROP TABLE names; --"
                try await pool.query("INSERT INTO names VALUES (\(hostile))")
                let rows = try await pool.query("SELECT name FROM names")
                #expect(try rows.map { try $0.decode("name", as: String.self) } == [hostile])
            }
        }
    }

    @Test("arrays of instants bind and read back, and unnest into rows")
    func dateArrays() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let dates = [Date(timeIntervalSince1970: 1_767_225_600.25), Date(timeIntervalSince1970: -86_400), .distantFuture]
                let rows = try await pool.query("SELECT \(dates) AS a, (SELECT count(*) FROM unnest(\(dates)) AS u WHERE u > now()) AS later")
                #expect(try rows[0].decode("a", as: [Date].self) == dates)
                #expect(try rows[0].decode("later", as: Int.self) == 1)
            }
        }
    }

    @Test("arrays of bytes bind and read back, every byte value among them, and match a bytea column")
    func byteArrays() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let values = [PostgresBytes(Array(0...255)), PostgresBytes([]), PostgresBytes(Array("\\\"{},".utf8))]
                try await pool.query("CREATE TABLE keys (k bytea)")
                try await pool.query("INSERT INTO keys VALUES (\(values[0])), (\(PostgresBytes([1, 2, 3])))")
                let rows = try await pool.query("SELECT \(values) AS a, (SELECT count(*) FROM keys WHERE k = ANY(\(values))) AS found")
                #expect(try rows[0].decode("a", as: [PostgresBytes].self) == values)
                #expect(try rows[0].decode("found", as: Int.self) == 1)
            }
        }
    }

    @Test("integers are read from their text's bytes as Int(_:) reads them: a sign, digits, and nothing past the type")
    func integerText() {
        func read<T: PostgresDecodable>(_ text: String, as type: T.Type) -> T? {
            var text = text
            return text.withUTF8 { T(postgresUTF8: $0, type: .int8) }
        }
        #expect(read("9223372036854775807", as: Int.self) == Int.max && read("-9223372036854775808", as: Int.self) == Int.min)
        #expect(read("9223372036854775808", as: Int.self) == nil && read("-9223372036854775809", as: Int64.self) == nil)
        #expect(read("-2147483649", as: Int32.self) == nil && read("2147483647", as: Int32.self) == Int32.max)
        #expect(read("+5", as: Int.self) == 5 && read("-0", as: Int.self) == 0 && read("007", as: Int32.self) == 7)
        for text in ["", "-", "+", "+-1", "--1", "1 ", " 1", "1.0", "١"] { #expect(read(text, as: Int.self) == nil, "\(text)") }
        #expect(Int(postgresText: "-42", type: .int8) == -42 && Int32(postgresText: "x", type: .int4) == nil)
    }

    @Test("uuid text is read in either case and written as the server writes it; anything else is refused")
    func uuidText() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let ids = (0..<50).map { _ in UUID() }
                let rows = try await pool.query("SELECT u, u::text AS text, upper(u::text) AS upper FROM unnest(\(ids)) AS u")
                for (row, id) in zip(rows, ids) {
                    #expect(try row.decode("u", as: UUID.self) == id)
                    #expect(try row.decode("text", as: String.self) == id.postgresText)
                    #expect(UUID(postgresText: try row.decode("upper", as: String.self), type: .uuid) == id)
                }
                let malformed = [
                    "", "0", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
                    "a0eebc999c0b-4ef8-bb6d-6bb9bd380a11x", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380aé",
                ]
                for text in malformed { #expect(UUID(postgresText: text, type: .uuid) == nil, "\(text)") }
            }
        }
    }
}
