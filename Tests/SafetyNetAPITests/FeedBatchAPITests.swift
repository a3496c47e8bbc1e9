import DemoDistrict
import FeedIntake
import Foundation
import HTTPTypes
import NIOCore
import PersonalData
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage
import Testing

@Suite("Feed batches through the API")
struct FeedBatchAPITests {
    static let header = "身份证号,姓名,结算日期,医疗总费用,个人自付金额,病种类别,医疗机构"

    /// A settlement row as the medical insurance bureau's export writes it.
    static func settlement(_ idNumber: String, name: String = "张三", selfPaid: String = "1200.50", category: String = "重大疾病") -> String {
        "\(idNumber),\(name),2026-11-03,5000,\(selfPaid),\(category),区人民医院"
    }

    /// `count` settlements of the district's people in turn, each with its own amount: rows enough
    /// for several chunks.
    static func settlements(of district: APITestDistrict, count: Int) -> [String] {
        let people = district.district.households.flatMap(\.members).map(\.idNumber.value)
        return (0..<count).map { Self.settlement(people[$0 % people.count], selfPaid: "\($0).25") }
    }

    /// Counts the batches being received.
    static let receiving: SQL = "SELECT count(*) AS n FROM feed_batch WHERE status = 'receiving'"

    /// The head of a medical settlements upload written by hand, for a body sent in parts (or never ended).
    static func rawHead(batch: String, token: String, length: Int) -> [UInt8] {
        Array(
            ("POST /api/v1/feeds/medical-aid.settlements/batches?batch=\(batch) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: text/csv\r\nContent-Length: \(length)\r\n\r\n").utf8)
    }

    /// A valid ID number nobody in the test district holds.
    static func stranger(_ order: Int) throws -> String {
        try ResidentIDNumber.compose(divisionCode: "110105", birthDate: CalendarDate(year: 1958, month: 2, day: 28)!, order: order).value
    }

    static func upload(
        _ district: APITestDistrict, _ body: Any, batch: String, query: String = "", token: String, feed: String = "medical-aid.settlements",
        contentType: String = "text/csv"
    ) async throws -> APITestDistrict.Reply {
        try await district.call(
            .post, "/api/v1/feeds/\(feed)/batches?batch=\(batch)\(query)", token: token, body: body, headers: [.contentType: contentType])
    }

    @Test(
        "good, bad and unmatched rows: exact counts, matched persons, sealed discoveries, masked problems; the same batch twice stores it once; registering a discovery links its row"
    )
    func counts() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let known = district.district.households.prefix(3).map { $0.members[0] }
            let rows =
                known.map { Self.settlement($0.idNumber.value) } + [
                    Self.settlement(try Self.stranger(771)), Self.settlement("110105194912310021"),
                    Self.settlement(known[0].idNumber.value, selfPaid: "\"12,34.5\"", category: "感冒"), Self.settlement(try Self.stranger(772)),
                    // The same person twice in one chunk: both rows are theirs.
                    Self.settlement(known[1].idNumber.value, selfPaid: "80"),
                ]
            let csv = ([Self.header] + rows).joined(separator: "\n") + "\n"
            let reply = try await Self.upload(district, csv, batch: "2026-11-a", token: token)
            #expect(reply.status == .created, "\(reply.text)")
            let id = try #require(reply.json["id"] as? String)
            #expect(reply.headers[.location] == "/api/v1/feed-batches/\(id)")
            #expect(reply.json["status"] as? String == "done" && reply.json["sender"] as? String == "medical")
            #expect(reply.json["rows"] as? [String: Int] == ["read": 8, "accepted": 6, "refused": 2, "matched": 4, "unmatched": 2])

            let stored = try await district.pool.query(
                """
                SELECT row_number, person_id, household_id, subject_sealed, subject_key_id, subject_masked, fields::text AS fields, discovered,
                       region_code
                FROM feed_row WHERE batch_id = \(UUID(uuidString: id)!) ORDER BY row_number
                """)
            #expect(stored.map { try! $0.decode("row_number", as: Int.self) } == [2, 3, 4, 5, 8, 9])
            #expect(try stored.prefix(3).map { try $0.decode("person_id", as: UUID.self) } == known.map(\.id))
            #expect(try stored[5].decode("person_id", as: UUID.self) == known[1].id)
            #expect(try stored.map { try $0.decode("discovered", as: Bool.self) } == [false, false, false, true, true, false])
            #expect(try stored.prefix(3).allSatisfy { try $0.decode("region_code", as: String?.self) == nil })
            #expect(try stored.prefix(3).map { try $0.decode("household_id", as: UUID.self) } == district.district.households.prefix(3).map(\.id))
            #expect(try stored.prefix(3).allSatisfy { try $0.decode("subject_sealed", as: PostgresBytes?.self) == nil })
            let discovery = stored[3]
            #expect(try discovery.decode("person_id", as: UUID?.self) == nil)
            let sealed = SealedValue(
                keyID: try discovery.decode("subject_key_id"), combined: try discovery.decode("subject_sealed", as: PostgresBytes.self).bytes)
            #expect(try TestKeys.protector.open(sealed, as: .idNumber) == (try Self.stranger(771)))
            #expect(try discovery.decode("subject_masked", as: String.self) == Masking.idNumber(try Self.stranger(771)))
            let fields = try JSONSerialization.jsonObject(with: Data(try stored[0].decode("fields", as: String.self).utf8)) as? [String: Any]
            #expect(fields?["selfPaid"] as? Int == 120_050 && fields?["totalCost"] as? Int == 500_000)
            #expect(fields?["diagnosisCategory"] as? String == "serious" && fields?["hospital"] as? String == "区人民医院")
            #expect(fields?["settledOn"] as? String == "2026-11-03" && fields?["name"] as? String == "张三" && fields?["idNumber"] == nil)

            let problems = try await district.call(.get, "/api/v1/feed-batches/\(id)/problems?limit=1", token: token)
            let first = try #require(problems.json["items"] as? [[String: Any]])
            #expect(first.count == 1 && first[0]["row"] as? Int == 6 && first[0]["code"] as? String == "invalid_id_number")
            #expect(first[0]["field"] as? String == "idNumber" && first[0]["value"] as? String == "110105********0021")
            #expect(problems.json["nextAfter"] as? Int == 6)
            let second = try await district.call(.get, "/api/v1/feed-batches/\(id)/problems?limit=1&after=6", token: token)
            let rowSeven = try #require(second.json["items"] as? [[String: Any]])
            #expect(rowSeven.compactMap { $0["code"] as? String } == ["not_a_choice", "invalid_amount"])
            #expect(rowSeven.allSatisfy { $0["row"] as? Int == 7 } && rowSeven.last?["value"] as? String == "12,34.5")

            let again = try await Self.upload(district, csv, batch: "2026-11-a", token: token)
            #expect(again.status == .ok && again.json["id"] as? String == id && again.headers[.init("Idempotent-Replayed")!] == "true")
            let count = try await district.pool.query("SELECT count(*) AS n FROM feed_row")[0].decode("n", as: Int.self)
            let problemCount = try await district.pool.query("SELECT count(*) AS n FROM feed_row_problem")[0].decode("n", as: Int.self)
            #expect(count == 6 && problemCount == 3)

            // Registering the first discovery links its row; the other stays a discovery.
            var household = AccessTests.newHousehold(order: 0)
            household["members"] = [["name": "张三", "relation": "head", "idNumber": try Self.stranger(771)]]
            let registered = try await district.call(.post, "/api/v1/households", token: try await district.token("grid"), body: household)
            #expect(registered.status == .created, "\(registered.text)")
            let personID = try #require(((registered.json["members"] as? [[String: Any]])?.first?["id"] as? String).flatMap { UUID(uuidString: $0) })
            let linked = try await district.pool.query(
                "SELECT row_number, person_id, subject_sealed IS NULL AS unsealed FROM feed_row WHERE row_number IN (5, 8) ORDER BY row_number")
            #expect(try linked[0].decode("person_id", as: UUID?.self) == personID && linked[0].decode("unsealed", as: Bool.self))
            #expect(try linked[1].decode("person_id", as: UUID?.self) == nil && !linked[1].decode("unsealed", as: Bool.self))
        }
    }

    @Test("GB18030 with encoding=gb18030, UTF-8 with a BOM and JSON Lines read alike; GB18030 sent as UTF-8 is refused as a whole")
    func encodings() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let person = district.district.households[5].members[0]
            let csv = Self.header + "\n" + Self.settlement(person.idNumber.value, name: "欧阳娜娜") + "\n"
            let gb18030 = try #require(FeedEncoding.gb18030.bytes(of: csv))
            let jsonl = """
                {"idNumber": "\(person.idNumber.value)", "name": "欧阳娜娜", "settledOn": "2026/11/3", "totalCost": 5000, "selfPaid": "1200.5", \
                "diagnosisCategory": "serious", "hospital": "区人民医院"}

                """
            let uploads: [(String, Any, String, String)] = [
                ("gb", gb18030, "&encoding=gb18030", "text/csv"), ("bom", [0xEF, 0xBB, 0xBF] + Array(csv.utf8), "", "text/csv; charset=utf-8"),
                ("jsonl", jsonl, "", "application/x-ndjson"),
            ]
            for (batch, body, query, type) in uploads {
                let reply = try await Self.upload(district, body, batch: batch, query: query, token: token, contentType: type)
                #expect(reply.status == .created, "\(batch): \(reply.text)")
                #expect(reply.json["rows"] as? [String: Int] == ["read": 1, "accepted": 1, "refused": 0, "matched": 1, "unmatched": 0], "\(batch)")
            }
            let stored = try await district.pool.query("SELECT DISTINCT fields::text AS fields FROM feed_row")
            #expect(stored.count == 1, "the three batches stored the same values")
            #expect(try stored[0].decode("fields", as: String.self).contains("\"name\": \"欧阳娜娜\""))

            let misread = try await Self.upload(district, gb18030, batch: "gb-as-utf8", token: token)
            #expect(misread.status == .unprocessableContent && misread.json["code"] as? String == "invalid_encoding")
            let location = try #require(misread.headers[.location])
            let refused = try await district.call(.get, location, token: token)
            #expect(refused.json["status"] as? String == "refused" && (refused.json["refusal"] as? [String: String])?["code"] == "invalid_encoding")
        }
    }

    @Test("a value with quotes and a backslash is stored as sent, from CSV and from JSON Lines alike")
    func quotedValues() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let person = district.district.households[5].members[0]
            let hospital = #"市"第一"医院\分院"#
            let csv = Self.header + "\n" + #"\#(person.idNumber.value),张三,2026-11-03,5000,1200.50,重大疾病,"市""第一""医院\分院""# + "\n"
            let jsonl =
                #"{"idNumber": "\#(person.idNumber.value)", "name": "张三", "settledOn": "2026-11-03", "totalCost": 5000, "selfPaid": "1200.50", "#
                + #""diagnosisCategory": "serious", "hospital": "市\"第一\"医院\\分院"}"#
            for (batch, body, type) in [("csv", csv, "text/csv"), ("jsonl", jsonl + "\n", "application/x-ndjson")] {
                let reply = try await Self.upload(district, body, batch: batch, token: token, contentType: type)
                #expect(reply.status == .created && (reply.json["rows"] as? [String: Int])?["accepted"] == 1, "\(batch): \(reply.text)")
            }
            let stored = try await district.pool.query(
                "SELECT fields->>'hospital' AS hospital, fingerprint, feed_row_fingerprint(fields) AS in_sql FROM feed_row ORDER BY batch_id")
            #expect(try stored.map { try $0.decode("hospital", as: String.self) } == [hospital, hospital])
            // The fingerprint the server sent is the one SQL takes of the stored fields, and the same
            // for the same values whichever format brought them.
            let fingerprints = try stored.map { try $0.decode("fingerprint", as: Int64.self) }
            #expect(try fingerprints == stored.map { try $0.decode("in_sql", as: Int64.self) })
            #expect(Set(fingerprints).count == 1)
            // The year and amount the server wrote beside the rows are what the schema update's
            // fill takes from the stored fields when it has to fill them again.
            func totals() async throws -> [[Int?]] {
                try await district.pool.query("SELECT total_year, total_fen FROM feed_row ORDER BY batch_id")
                    .map { [try $0.decode("total_year", as: Int?.self), try $0.decode("total_fen", as: Int?.self)] }
            }
            let written = try await totals()
            #expect(written == [[2026, 120_050], [2026, 120_050]])
            try await district.pool.query("UPDATE feed_row SET total_year = NULL, total_fen = NULL")
            try await district.pool.query("DELETE FROM feed_year_total")
            try await DatabaseSchema(pool: district.pool, modules: TestCatalog.modules).update()
            #expect(try await totals() == written)
        }
    }

    @Test("all-or-nothing: one bad row keeps nothing and reports every problem; the fixed batch sent again under its id is kept")
    func allOrNothing() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let people = district.district.households.prefix(4).map { $0.members[0].idNumber.value }
            let good = people.map { Self.settlement($0) }
            let bad = ([Self.header] + good + [Self.settlement(people[0], selfPaid: "much")]).joined(separator: "\n")
            let refused = try await Self.upload(district, bad, batch: "strict", query: "&allOrNothing=true", token: token)
            #expect(refused.status == .unprocessableContent && refused.json["code"] as? String == "rows_refused", "\(refused.text)")
            let location = try #require(refused.headers[.location])
            let batch = try await district.call(.get, location, token: token)
            #expect(batch.json["status"] as? String == "refused")
            #expect(batch.json["rows"] as? [String: Int] == ["read": 5, "accepted": 4, "refused": 1, "matched": 0, "unmatched": 4])
            let problems = try await district.call(.get, location + "/problems", token: token)
            #expect((problems.json["items"] as? [[String: Any]])?.compactMap { $0["row"] as? Int } == [6])
            #expect(try await district.pool.query("SELECT count(*) AS n FROM feed_row")[0].decode("n", as: Int.self) == 0)

            let fixed = ([Self.header] + good).joined(separator: "\n")
            let kept = try await Self.upload(district, fixed, batch: "strict", query: "&allOrNothing=true", token: token)
            #expect(kept.status == .created && kept.json["attempt"] as? Int == 2 && kept.headers[.location] == location)
            #expect(kept.json["rows"] as? [String: Int] == ["read": 4, "accepted": 4, "refused": 0, "matched": 4, "unmatched": 0])
            let problemsAfter = try await district.call(.get, location + "/problems", token: token)
            #expect((problemsAfter.json["items"] as? [Any])?.isEmpty == true, "the first try's problems went with it")
        }
    }

    @Test("who may send and see batches, and the refusals of an upload: feed, batch id, media type, module switched off, unreadable header")
    func refusals() async throws {
        try await APITestDistrict.with { district in
            let (medical, education, grid, admin) = (
                try await district.token("medical"), try await district.token("education"), try await district.token("grid"),
                try await district.token("admin")
            )
            let csv = Self.header + "\n" + Self.settlement(district.district.households[0].members[0].idNumber.value) + "\n"
            #expect(try await Self.upload(district, csv, batch: "a", token: grid).status == .forbidden)
            let other = try await Self.upload(district, csv, batch: "a", token: education)
            #expect(other.status == .forbidden && other.json["code"] as? String == "other_department")
            let civil = try await Self.upload(district, csv, batch: "a", token: try await district.token("civil"))
            #expect(civil.status == .forbidden && civil.json["code"] as? String == "other_department", "区民政 sends civil affairs' feeds only")
            let unknown = try await Self.upload(district, csv, batch: "a", token: medical, feed: "medical-aid.nothing")
            #expect(unknown.status == .notFound && unknown.json["code"] as? String == "unknown_feed")
            let noID = try await district.call(
                .post, "/api/v1/feeds/medical-aid.settlements/batches", token: medical, body: csv, headers: [.contentType: "text/csv"])
            #expect(noID.status == .unprocessableContent && noID.json["field"] as? String == "batch")
            let json = try await Self.upload(district, csv, batch: "a", token: medical, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType && json.json["field"] as? String == "Content-Type")
            let encoding = try await Self.upload(district, csv, batch: "a", query: "&encoding=latin1", token: medical)
            #expect(encoding.status == .unprocessableContent && encoding.json["field"] as? String == "encoding")
            let header = try await Self.upload(district, "身份证号,姓名\n", batch: "headless", token: medical)
            #expect(header.status == .unprocessableContent && header.json["code"] as? String == "missing_columns")
            #expect((header.json["message"] as? String)?.contains("selfPaid (个人自付金额)") == true)

            // A NUL in a refused value or an unknown header is quoted back as U+FFFD, never breaks the batch.
            let person = district.district.households[0].members[0].idNumber.value
            let nul =
                "{\"idNumber\": \"\(person)\", \"name\": \"张三\", \"settledOn\": \"2026-11-03\", \"totalCost\": \"50\", "
                + "\"selfPaid\": \"1\\u0000\", \"diagnosisCategory\": \"serious\"}\n"
            let withNUL = try await Self.upload(district, nul, batch: "nul", token: medical, contentType: "application/x-ndjson")
            #expect(withNUL.status == .created && (withNUL.json["rows"] as? [String: Int])?["refused"] == 1, "\(withNUL.text)")
            let nulProblems = try await district.call(.get, try #require(withNUL.headers[.location]) + "/problems", token: medical)
            #expect((nulProblems.json["items"] as? [[String: Any]])?.first?["value"] as? String == "1\u{FFFD}")
            let oddHeader = try await Self.upload(district, Self.header + ",备\u{0}注\n", batch: "odd", token: medical)
            #expect(oddHeader.json["ignoredColumns"] as? [String] == ["备\u{FFFD}注"], "\(oddHeader.text)")

            let sent = try await Self.upload(district, csv, batch: "a", token: admin)
            #expect(sent.status == .created && sent.json["sender"] as? String == "admin")
            let location = try #require(sent.headers[.location])
            #expect(try await district.call(.get, location, token: medical).status == .ok)
            #expect(try await district.call(.get, location, token: education).status == .notFound)
            #expect(try await district.call(.get, location, token: grid).status == .forbidden)
            let mine = try await district.call(.get, "/api/v1/feed-batches", token: education)
            #expect((mine.json["items"] as? [Any])?.isEmpty == true)
            let all = try await district.call(.get, "/api/v1/feed-batches?module=medical-aid", token: try await district.token("auditor"))
            #expect((all.json["items"] as? [[String: Any]])?.count == 4, "the refused batch, the two odd ones and the admin's")

            let off = try await district.call(.post, "/api/v1/modules/medical-aid/disable", token: admin, body: ["note": "test"])
            #expect(off.status == .ok, "\(off.text)")
            let disabled = try await Self.upload(district, csv, batch: "b", token: medical)
            #expect(disabled.status == .conflict && disabled.json["code"] as? String == "module_disabled")
            // A batch done before answers with its result, module off or not: its sender can always learn what became of it.
            let replayed = try await Self.upload(district, csv, batch: "a", token: admin)
            #expect(replayed.status == .ok && replayed.headers[.location] == location, "\(replayed.text)")
        }
    }

    @Test("uploads past the limit at once are turned away with 503 uploads_busy, storing nothing; one ends, the next is taken")
    func uploadsAtOnce() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let row = Self.settlement(district.district.households[0].members[0].idNumber.value)
            // Two uploads (the least limit) held open: their heads and first rows sent, their ends not yet.
            var open: [any Channel] = []
            for batch in ["a", "b"] {
                let channel = try await ConnectionLimitTests.tlsChannel(port: district.port)
                try await channel.writeAndFlush(
                    ByteBuffer(bytes: Self.rawHead(batch: batch, token: token, length: 1_000_000) + Array((Self.header + "\n" + row + "\n").utf8)))
                open.append(channel)
            }
            #expect(try await APITestDistrict.eventually { try await district.count(Self.receiving) == 2 })

            let csv = Self.header + "\n" + row + "\n"
            let busy = try await Self.upload(district, csv, batch: "c", token: token)
            #expect(busy.status == .serviceUnavailable && busy.json["code"] as? String == "uploads_busy" && busy.headers[.retryAfter] == "60")
            #expect(try await district.count("SELECT count(*) AS n FROM feed_batch") == 2, "the turned-away batch left nothing")

            try await open.removeFirst().close()
            #expect(try await APITestDistrict.eventually { try await Self.upload(district, csv, batch: "c", token: token).status == .created })
            for channel in open { try await channel.close() }
        }
    }

    @Test("a module switched off while its batch arrives: the batch is refused at its end (409), keeping no row and raising no alert")
    func switchedOffMidway() async throws {
        try await APITestDistrict.with { district in
            let row = Self.settlement(district.district.households[0].members[0].idNumber.value, selfPaid: "90000")
            let body = Array((Self.header + "\n" + row + "\n").utf8)
            let head = Self.rawHead(batch: "midway", token: try await district.token("medical"), length: body.count)
            let admin = try await district.token("admin")
            let reply = try await ConnectionLimitTests.asyncTLSChannel(port: district.port).executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: head + body.prefix(10)))
                #expect(try await APITestDistrict.eventually { try await district.count(Self.receiving) == 1 })
                let off = try await district.call(.post, "/api/v1/modules/medical-aid/disable", token: admin, body: ["note": "停用"])
                #expect(off.status == .ok, "\(off.text)")
                try await outbound.write(ByteBuffer(bytes: body.dropFirst(10)))
                var reply = ""
                for try await buffer in inbound {
                    reply += String(buffer: buffer)
                    if reply.contains("}") { break }
                }
                return reply
            }
            #expect(reply.hasPrefix("HTTP/1.1 409") && reply.contains("\"code\":\"module_disabled\""), "\(reply)")
            let kept = try await district.pool.query("SELECT (SELECT count(*) FROM feed_row) AS rows, (SELECT count(*) FROM alert) AS alerts")[0]
            #expect(try kept.decode("rows", as: Int.self) == 0 && kept.decode("alerts", as: Int.self) == 0)
        }
    }

    @Test("a person registered while a batch naming them arrives is counted matched when it ends")
    func registeredMidway() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let newcomer = try Self.stranger(901)
            let rows = [Self.settlement(newcomer)] + Self.settlements(of: district, count: 11_999)
            let csv = Array(([Self.header] + rows).joined(separator: "\n").utf8)
            let channel = try await ConnectionLimitTests.tlsChannel(port: district.port)
            try await channel.writeAndFlush(
                ByteBuffer(bytes: Self.rawHead(batch: "midway", token: token, length: csv.count) + csv.prefix(csv.count * 3 / 4)))
            #expect(
                try await APITestDistrict.eventually { try await district.count("SELECT count(*) AS n FROM feed_row WHERE person_id IS NULL") == 1 },
                "the newcomer's row is stored, unmatched")
            let registered = try await district.call(
                .post, "/api/v1/households", token: try await district.token("grid"),
                body: [
                    "gridCode": AccessTests.ownGrid.value, "address": "新登记路1号",
                    "members": [["name": "新户主", "relation": "head", "idNumber": newcomer]],
                ])
            #expect(registered.status == .created, "\(registered.text)")
            try await channel.writeAndFlush(ByteBuffer(bytes: csv.dropFirst(csv.count * 3 / 4)))
            #expect(
                try await APITestDistrict.eventually { try await district.count("SELECT count(*) AS n FROM feed_batch WHERE status = 'done'") == 1 })
            let batches = try await district.call(.get, "/api/v1/feed-batches", token: token).json["items"] as? [[String: Any]]
            #expect(
                batches?.first?["rows"] as? [String: Int] == ["read": 12_000, "accepted": 12_000, "refused": 0, "matched": 12_000, "unmatched": 0])
            try await channel.close()
        }
    }

    @Test("an upload cut off mid-way is marked interrupted; sent again, it completes once with exact counts")
    func cutOff() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let rows = Self.settlements(of: district, count: 12_000)
            let csv = Array(([Self.header] + rows).joined(separator: "\n").utf8)
            let channel = try await ConnectionLimitTests.tlsChannel(port: district.port)
            try await channel.writeAndFlush(
                ByteBuffer(bytes: Self.rawHead(batch: "cut", token: token, length: csv.count) + csv.prefix(csv.count * 3 / 4)))
            // Wait until the first chunks are stored, then cut the connection.
            #expect(try await APITestDistrict.eventually { try await district.count("SELECT count(*) AS n FROM feed_row") > 0 })
            try await channel.close()
            #expect(
                try await APITestDistrict.eventually {
                    try await district.count("SELECT count(*) AS n FROM feed_batch WHERE status = 'interrupted'") == 1
                })

            let again = try await Self.upload(district, csv, batch: "cut", token: token)
            #expect(again.status == .created && again.json["attempt"] as? Int == 2, "\(again.text)")
            #expect(again.json["rows"] as? [String: Int] == ["read": 12_000, "accepted": 12_000, "refused": 0, "matched": 12_000, "unmatched": 0])
            let counted = try await district.pool.query("SELECT count(*) AS n, count(DISTINCT row_number) AS rows FROM feed_row")[0]
            #expect(try counted.decode("n", as: Int.self) == 12_000 && counted.decode("rows", as: Int.self) == 12_000)
        }
    }

    @Test("a batch large beside the stored rows leaves the planner figures of the rows and of the batches, itself counted done")
    func plannerStatistics() async throws {
        try await APITestDistrict.with { district in
            let token = try await district.token("medical")
            let people = district.district.households.prefix(4).map { $0.members[0].idNumber.value }
            for (batch, rows) in [("first", people.prefix(3)), ("second", people.suffix(1))] {
                let csv = ([Self.header] + rows.map { Self.settlement($0) }).joined(separator: "\n") + "\n"
                let reply = try await Self.upload(district, csv, batch: batch, token: token)
                #expect(reply.status == .created, "\(reply.text)")
            }
            let figures = try await district.pool.query(
                """
                SELECT c.relname, c.reltuples::int AS tuples, s.most_common_vals::text AS common
                FROM pg_class c LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'status'
                WHERE c.relname IN ('feed_batch', 'feed_row') ORDER BY c.relname
                """)
            #expect(try figures.map { try $0.decode("tuples", as: Int.self) } == [2, 4])
            // Both batches done: had the second been counted still receiving, neither state would be common.
            #expect(try figures[0].decode("common", as: String?.self) == "{done}")
        }
    }
}

@Suite("The demo's sample department files")
struct DemoFeedFileTests {
    /// Who sends each department's feed in the demo: its officer, or the admin for civil affairs,
    /// whose district account decides cases rather than sending data.
    static let senders = ["medical-aid": "medical", "employment": "employment", "disability": "disability", "education": "education"]

    @Test("every feed's sample uploads: most rows matched, a few unknown to the registry, a few refused, as the demo promises")
    func everyFeed() async throws {
        try await APITestDistrict.with { district in
            let samples = DemoFeedFiles(district: district.district, rows: 400)
            for feed in TestCatalog.all.feeds.values.sorted(by: { $0.id < $1.id }) {
                let token = try await district.token(Self.senders[feed.id.module.rawValue] ?? "admin")
                let reply = try await FeedBatchAPITests.upload(district, samples.csv(for: feed), batch: "demo", token: token, feed: feed.id.rawValue)
                #expect(reply.status == .created, "\(feed.id): \(reply.text)")
                let rows = try #require(reply.json["rows"] as? [String: Int])
                #expect(rows["read"] == 400 && (1...30).contains(rows["refused"] ?? 0), "\(feed.id): \(rows)")
                #expect((4...50).contains(rows["unmatched"] ?? 0) && (rows["matched"] ?? 0) > 300, "\(feed.id): \(rows)")
            }
        }
    }
}

@Suite("safetynet feed upload")
struct FeedUploadCommandTests {
    /// Runs `safetynet` with `arguments`; its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try ServerProcess.executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("a file sent from the command line: counts and problems printed, exit 1 for a refused row; the same file again is the same batch")
    func upload() async throws {
        try await APITestDistrict.with { district in
            let person = district.district.households[0].members[0].idNumber.value
            let csv = [FeedBatchAPITests.header, FeedBatchAPITests.settlement(person), FeedBatchAPITests.settlement(person, selfPaid: "x")]
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("settlements-\(UUID()).csv")
            try csv.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let arguments = [
                "feed", "upload", file.path, "--feed", "medical-aid.settlements", "--server", "https://127.0.0.1:\(district.port)",
                "--token", try await district.token("medical"), "--insecure",
            ]
            let first = try Self.run(arguments)
            #expect(first.status == 1, "\(first.output)")
            #expect(first.output.contains("rows 2: accepted 1 (matched 1, unknown to the registry 0), refused 1"), "\(first.output)")
            #expect(first.output.contains("row 3 selfPaid (x):"), "\(first.output)")
            let again = try Self.run(arguments)
            #expect(again.output.contains("this batch was sent before") && again.output.contains("rows 2: accepted 1"), "\(again.output)")
            #expect(try await district.pool.query("SELECT count(*) AS n FROM feed_batch")[0].decode("n", as: Int.self) == 1)
        }
    }
}
