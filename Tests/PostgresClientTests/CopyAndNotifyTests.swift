import Foundation
import PostgresClient
import PostgresTestSupport
import Synchronization
import Testing

@Suite("COPY and LISTEN/NOTIFY")
struct CopyAndNotifyTests {
    @Test("COPY of 200,000 rows lands every row")
    func copyTwoHundredThousandRows() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE feed (n int8, label text, note text)")
                let copied = try await pool.withConnection { connection in
                    try connection.copyIn("COPY feed (n, label, note) FROM STDIN") { writer in
                        for n in 0..<200_000 {
                            try writer.append([n, "户\(n)\twith tab", n % 10 == 0 ? String?.none : "line\nbreak \\ back"])
                        }
                    }
                }
                #expect(copied == 200_000)
                let rows = try await pool.query(
                    """
                    SELECT count(*) AS n, sum(n) AS total, count(note) AS notes,
                           bool_and(label LIKE '%' || chr(9) || 'with tab') AS tabs_kept
                    FROM feed
                    """)
                #expect(try rows[0].decode("n", as: Int.self) == 200_000)
                #expect(try rows[0].decode("total", as: Double.self) == Double(199_999 * 200_000 / 2))
                #expect(try rows[0].decode("notes", as: Int.self) == 180_000)
                #expect(try rows[0].decode("tabs_kept", as: Bool.self))
                let sample = try await pool.query("SELECT note FROM feed WHERE n = 7")
                #expect(try sample[0].decode("note", as: String.self) == "line\nbreak \\ back")
            }
        }
    }

    @Test("COPY rows written field by field: uuid, boolean, bytes, text and NULL land as written")
    func copyRowFields() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE facts (id uuid, flag boolean, key bytea, note text)")
                let ids = [UUID(), UUID()]
                try await pool.withConnection { connection in
                    try connection.copyIn("COPY facts FROM STDIN") { writer in
                        for (n, id) in ids.enumerated() {
                            try writer.appendRow { row in
                                row.uuid(id)
                                row.boolean(n == 0)
                                row.bytes([0, 0xFF, UInt8(n)])
                                if n == 0 { row.text("户\t1") } else { row.null() }
                            }
                        }
                    }
                }
                let rows = try await pool.query("SELECT id, flag, key, note FROM facts ORDER BY flag DESC")
                #expect(try rows.map { try $0.decode("id", as: UUID.self) } == ids)
                #expect(try rows.map { try $0.decode("flag", as: Bool.self) } == [true, false])
                #expect(
                    try rows.map { try $0.decode("key", as: PostgresBytes.self) } == [PostgresBytes([0, 0xFF, 0]), PostgresBytes([0, 0xFF, 1])])
                #expect(try rows.map { try $0.decode("note", as: String?.self) } == ["户\t1", nil])
            }
        }
    }

    @Test("binary COPY: uuid, integers, bytes, text, jsonb, boolean and NULL land as written, across chunks")
    func binaryCopyRowFields() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                try await pool.query("CREATE TABLE facts (id uuid, n integer, big bigint, key bytea, note text, doc jsonb, flag boolean)")
                let ids = (0..<20_000).map { _ in UUID() }
                let copied = try await pool.withConnection { connection in
                    try connection.copyInBinary("COPY facts FROM STDIN WITH (FORMAT binary)") { writer in
                        for (n, id) in ids.enumerated() {
                            try writer.appendRow { row in
                                row.uuid(id)
                                row.int32(Int32(n) - 1)
                                row.int64(Int64(n) * -3_000_000_000)
                                row.bytes([0, 0xFF, UInt8(n % 256)])
                                if n % 2 == 0 { row.text("户\t\(n)\n\\") } else { row.null() }
                                row.jsonb(utf8: Array(#"{"n": \#(n), "q": "\"引号\""}"#.utf8))
                                row.boolean(n % 3 == 0)
                            }
                        }
                    }
                }
                #expect(copied == ids.count)
                let rows = try await pool.query(
                    "SELECT id, n, big, key, note, doc->>'q' AS q, (doc->>'n')::int AS dn, flag FROM facts WHERE n IN (-1, 6000) ORDER BY n")
                #expect(try rows.map { try $0.decode("id", as: UUID.self) } == [ids[0], ids[6001]])
                #expect(try rows.map { try $0.decode("big", as: Int.self) } == [0, 6001 * -3_000_000_000])
                #expect(
                    try rows.map { try $0.decode("key", as: PostgresBytes.self) } == [PostgresBytes([0, 0xFF, 0]), PostgresBytes([0, 0xFF, 113])])
                #expect(try rows.map { try $0.decode("note", as: String?.self) } == ["户\t0\n\\", nil])
                #expect(try rows.map { try $0.decode("q", as: String.self) } == ["\"引号\"", "\"引号\""])
                #expect(try rows.map { try $0.decode("dn", as: Int.self) } == [0, 6001])
                #expect(try rows.map { try $0.decode("flag", as: Bool.self) } == [true, false])
            }
        }
    }

    @Test("a binary COPY value of the wrong width fails the COPY and the connection stays usable")
    func malformedBinaryCopyRow() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 1) { pool in
                try await pool.query("CREATE TABLE feed (n integer)")
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { connection in
                        try connection.copyInBinary("COPY feed (n) FROM STDIN WITH (FORMAT binary)") { writer in
                            for n in 0..<1_000 { try writer.appendRow { $0.int32(Int32(n)) } }
                            try writer.appendRow { $0.int64(1) }
                        }
                    }
                }
                #expect(error?.sqlState?.rawValue == "22P03")  // invalid_binary_representation
                let rows = try await pool.query("SELECT count(*) AS n FROM feed")
                #expect(try rows[0].decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test("a row whose writing fails is left out, in either format, and the rows around it land")
    func failedRowLeftOut() async throws {
        struct BadValue: Error {}
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 1) { pool in
                try await pool.query("CREATE TABLE feed (n integer, note text)")
                let copied = try await pool.withConnection { connection in
                    let text = try connection.copyIn("COPY feed (n, note) FROM STDIN") { writer in
                        for n in 0..<10 {
                            try? writer.appendRow { row in
                                row.integer(n)
                                if n == 4 { throw BadValue() }
                                row.text("文本")
                            }
                        }
                    }
                    let binary = try connection.copyInBinary("COPY feed (n, note) FROM STDIN WITH (FORMAT binary)") { writer in
                        for n in 10..<20 {
                            try? writer.appendRow { row in
                                row.int32(Int32(n))
                                if n == 10 || n == 15 { throw BadValue() }
                                row.text("二进制")
                            }
                        }
                    }
                    return [text, binary]
                }
                #expect(copied == [9, 8])
                let rows = try await pool.query("SELECT string_agg(n::text, ',' ORDER BY n) AS ns, count(DISTINCT note) AS notes FROM feed")
                #expect(try rows[0].decode("ns", as: String.self) == "0,1,2,3,5,6,7,8,9,11,12,13,14,16,17,18,19")
                #expect(try rows[0].decode("notes", as: Int.self) == 2)
            }
        }
    }

    @Test("a malformed COPY row fails the whole COPY and the connection stays usable")
    func malformedCopyRow() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 1) { pool in
                try await pool.query("CREATE TABLE feed (n int8)")
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { connection in
                        try connection.copyIn("COPY feed (n) FROM STDIN") { writer in
                            for n in 0..<50_000 { try writer.append([n]) }
                            try writer.append(["not a number"])
                            for n in 0..<1_000 { try writer.append([n]) }
                        }
                    }
                }
                #expect(error?.sqlState == .invalidTextRepresentation)
                let rows = try await pool.query("SELECT count(*) AS n FROM feed")
                #expect(try rows[0].decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test("a COPY aborted by the producer rolls back and keeps the connection")
    func producerAbortsCopy() async throws {
        struct SourceFailed: Error {}
        try await TestPostgres.withDatabase { database in
            try await database.withPool(maximumConnections: 1) { pool in
                try await pool.query("CREATE TABLE feed (n int8)")
                await #expect(throws: SourceFailed.self) {
                    try await pool.withConnection { connection in
                        try connection.copyIn("COPY feed (n) FROM STDIN") { writer in
                            for n in 0..<10 { try writer.append([n]) }
                            throw SourceFailed()
                        }
                    }
                }
                let rows = try await pool.query("SELECT count(*) AS n FROM feed")
                #expect(try rows[0].decode("n", as: Int.self) == 0)
            }
        }
    }

    @Test("COPY TO exports rows in the text format")
    func copyOut() async throws {
        try await TestPostgres.withDatabase { database in
            try await database.withPool { pool in
                let exported = try await pool.withConnection { connection -> [String] in
                    var lines: [String] = []
                    try connection.copyOut("COPY (SELECT n, '名' || n AS name FROM generate_series(1, 3) n) TO STDOUT") { bytes in
                        lines.append(String(decoding: bytes, as: UTF8.self))
                    }
                    return lines
                }
                #expect(exported == ["1\t名1\n", "2\t名2\n", "3\t名3\n"])
            }
        }
    }

    @Test("LISTEN/NOTIFY delivers a payload to a listener on another connection")
    func listenNotify() async throws {
        try await TestPostgres.withDatabase { database in
            let notifications = try await PostgresListener.listen(
                configuration: try database.configuration(), channels: ["household_events", "other"])
            _ = try await database.withPool { pool in
                try await pool.query("SELECT pg_notify(\("household_events"), \(#"{"household":"户-1","change":"风险 红"}"#))")
            }
            var iterator = notifications.makeAsyncIterator()
            let received = try await iterator.next()
            #expect(received?.channel == "household_events")
            #expect(received?.payload == #"{"household":"户-1","change":"风险 红"}"#)
        }
    }

    @Test("a listener says when it stops hearing and when it hears again, and hears again after its connection is cut")
    func listeningStates() async throws {
        try await TestPostgres.withDatabase { database in
            let states = Mutex<[Bool]>([])
            let notifications = try await PostgresListener.listen(
                configuration: try database.configuration(), channels: ["account_changes"],
                onListening: { listening in states.withLock { $0.append(listening) } })
            #expect(states.withLock { $0 } == [true])
            try await database.withPool { pool in
                let cut = try await pool.query(
                    """
                    SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()
                    """)
                #expect(try cut[0].decode("n", as: Int.self) == 1)
                for _ in 0..<100 where states.withLock({ $0 }) != [true, false, true] {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(states.withLock { $0 } == [true, false, true])
                try await pool.query("SELECT pg_notify('account_changes', 'app_user')")
            }
            var iterator = notifications.makeAsyncIterator()
            #expect(try await iterator.next()?.payload == "app_user")
        }
    }
}
