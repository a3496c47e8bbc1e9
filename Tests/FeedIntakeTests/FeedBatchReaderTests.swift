import FeedIntake
import Foundation
import SafetyNetKernel
import Testing

@Suite("Reading department batches")
struct FeedBatchReaderTests {
    static let feed = FeedDefinition(
        id: FeedID(rawValue: "medical-aid.settlements")!, chineseName: "医保结算记录", meaning: "test", subject: .person,
        identityField: "idNumber",
        fields: [
            FeedField("idNumber", "身份证号", .idNumber),
            FeedField("name", "姓名", .text(maximum: 50), required: false, personal: true),
            FeedField("settledOn", "结算日期", .date),
            FeedField("selfPaid", "个人自付金额", .amount),
            FeedField("hospital", "医疗机构", .text(maximum: 100), required: false),
        ])
    static let today = CalendarDate(year: 2026, month: 12, day: 1)!
    static let good = "11010519491231002X"
    static let bad = "110105194912310021"

    /// A Chinese export: BOM, CRLF, Chinese headers in another order, an extra column, quoted
    /// fields holding commas, quotes and a line break, bad rows and blank lines at the end.
    static let export =
        "\u{FEFF}姓名,身份证号,个人自付金额,结算日期,医疗机构,经办人\r\n"
        + "张三,\(good),\"1,234.50\",2026/3/1,\"市第一人民医院, 东院\",李四\r\n"
        + "王五,\(bad),12.345,2026-02-30,\"写作\"\"某\"\"医院\",李四\r\n"
        + "赵六,\(good),0,20260301,\"两行\n地址\",\r\n"
        + ",,,,,\r\n\r\n"

    func read(_ bytes: [UInt8], format: FeedFormat = .csv, encoding: FeedEncoding = .utf8, chunk: Int = 1 << 16) throws -> (
        outcomes: [FeedRowOutcome], ignored: [String]
    ) {
        var reader = try FeedBatchReader(feed: Self.feed, format: format, encoding: encoding, today: Self.today)
        var outcomes: [FeedRowOutcome] = []
        var start = 0
        while start < bytes.count {
            outcomes += try reader.read(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        outcomes += try reader.finish()
        return (outcomes, reader.ignoredColumns)
    }

    @Test("a Chinese CSV export: rows accepted and refused with their spreadsheet rows, personal values masked")
    func chineseExport() throws {
        let (outcomes, ignored) = try read(Array(Self.export.utf8))
        #expect(ignored == ["经办人"])
        #expect(outcomes.map(\.row) == [2, 3, 4])
        guard case .accepted(_, let first) = outcomes[0], case .refused(_, let problems) = outcomes[1], case .refused(_, let third) = outcomes[2]
        else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(first.fen("selfPaid") == 123_450 && first.text("hospital") == "市第一人民医院, 东院" && first.text("name") == "张三")
        // A quoted line break is read into the field, where a one-line field refuses it.
        #expect(third.map(\.field) == ["hospital"] && third.map(\.code) == ["invalid_characters"] && third.map(\.value) == ["两行\u{FFFD}地址"])
        #expect(problems.map(\.field) == ["idNumber", "settledOn", "selfPaid"])
        #expect(problems.map(\.value) == ["110105********0021", "2026-02-30", "12.345"])
    }

    @Test("a problem quotes a shifted column's phone number masked whole and a long value cut short")
    func shownValues() throws {
        let junk = String(repeating: "九", count: 5_000)
        let (outcomes, _) = try read(Array("身份证号,结算日期,个人自付金额\n13812345678,\(junk),1\n".utf8))
        guard case .refused(_, let problems) = outcomes.first else {
            Issue.record("unexpected outcomes \(outcomes)")
            return
        }
        #expect(problems.map(\.field) == ["idNumber", "settledOn"])
        #expect(problems.first?.value == "***********")
        #expect(problems.last?.value == String(repeating: "九", count: FeedBatchReader.shownValueLength) + "…")
    }

    @Test("the same batch in any chunks, down to one byte, reads the same", arguments: [1, 2, 3, 7, 64])
    func chunking(size: Int) throws {
        let whole = try read(Array(Self.export.utf8))
        let chunked = try read(Array(Self.export.utf8), chunk: size)
        #expect(chunked.outcomes == whole.outcomes && chunked.ignored == whole.ignored)
    }

    @Test("a GB18030 export reads the same as its UTF-8 original, in any chunks")
    func gb18030() throws {
        let utf8 = try read(Array(Self.export.utf8))
        let encoded = try Self.gb18030(Self.export)
        #expect(encoded.count != Self.export.utf8.count)
        for size in [1, 5, 4096] {
            #expect(try read(encoded, encoding: .gb18030, chunk: size).outcomes == utf8.outcomes)
        }
        let wrong = #expect(throws: FeedBatchError.self) { try read(encoded) }
        #expect(wrong?.description.contains("gb18030") == true)
    }

    @Test("bytes that are not UTF-8, or a character cut off at the end, name the byte")
    func brokenText() throws {
        var bytes = Array("身份证号,结算日期,个人自付金额\n".utf8)
        let offset = bytes.count
        bytes += [0xE4, 0x41, 0x0A]
        let cut = Array("身份证号,结算日期,个人自付金额\n身".utf8).dropLast()
        for (batch, chunk) in [(bytes, 3), (Array(cut), 1 << 16)] {
            let error = #expect(throws: FeedBatchError.self) { try read(batch, chunk: chunk) }
            guard case .encoding(let encoding)? = error else {
                Issue.record("not an encoding error: \(String(describing: error))")
                continue
            }
            #expect(encoding.byteOffset == offset && encoding.encoding == .utf8)
        }
    }

    @Test("empty chunks change nothing; blank lines before the header are skipped")
    func emptyChunksAndLeadingBlanks() throws {
        var reader = try FeedBatchReader(feed: Self.feed, format: .csv, encoding: .utf8, today: Self.today)
        var outcomes = try reader.read([UInt8]())
        outcomes += try reader.read(Array("\r\n,,\n身份证号,结算日期,个人自付金额\n".utf8))
        outcomes += try reader.read([UInt8]())
        outcomes += try reader.read(Array("\(Self.good),2026-03-01,5\n".utf8))
        outcomes += try reader.read([UInt8]())
        outcomes += try reader.finish()
        #expect(outcomes.map(\.row) == [4])
    }

    @Test("a row past the limit stops the batch, so an open quote or a file without line breaks is never held whole")
    func rowLimit() {
        let long = String(repeating: "a", count: FeedBatchReader.rowLimit)
        #expect(throws: FeedBatchError.rowTooLong(row: 2)) {
            try read(Array("身份证号,结算日期,个人自付金额\n\"\(long)".utf8), chunk: 4096)
        }
        #expect(throws: FeedBatchError.rowTooLong(row: 1)) { try read(Array(long.utf8) + [0x61], format: .jsonLines, chunk: 4096) }
    }

    @Test("a row of exactly the limit, its line break counted, is read; one byte more stops the batch")
    func rowLimitBoundary() throws {
        let header = Array("身份证号,结算日期,个人自付金额,医疗机构\n".utf8)
        let start = Array("\(Self.good),2026-03-01,1,".utf8)
        let filler = FeedBatchReader.rowLimit - start.count - 1
        let fits = try read(header + start + Array(repeating: UInt8(ascii: "a"), count: filler) + [0x0A], chunk: 1000)
        #expect(fits.outcomes.map(\.row) == [2])
        #expect(throws: FeedBatchError.rowTooLong(row: 2)) {
            try read(header + start + Array(repeating: UInt8(ascii: "a"), count: filler + 1) + [0x0A], chunk: 1000)
        }
    }

    @Test("a header without a required column, or naming a field twice, stops the batch before any row")
    func headers() {
        #expect(throws: FeedBatchError.missingColumns(["settledOn (结算日期)", "selfPaid (个人自付金额)"])) {
            try read(Array("身份证号,姓名\n\(Self.good),张三\n".utf8))
        }
        #expect(throws: FeedBatchError.duplicateColumn("idNumber")) {
            try read(Array("身份证号,idNumber,结算日期,个人自付金额\n".utf8))
        }
        #expect(throws: FeedBatchError.empty) { try read([]) }
    }

    @Test("a row with the wrong number of columns is refused alone; an unclosed quote stops the batch")
    func malformedRows() throws {
        let text = "idNumber,settledOn,selfPaid\n\(Self.good),2026-03-01\n\(Self.good),2026-03-01,5\n"
        let outcomes = try read(Array(text.utf8)).outcomes
        guard case .refused(2, let problems) = outcomes.first else {
            Issue.record("the short row was not refused: \(outcomes)")
            return
        }
        #expect(problems.map(\.code) == ["column_count"] && outcomes.count == 2)
        #expect(throws: FeedBatchError.malformedCSV(row: 3, reason: "a quoted field is never closed")) {
            try read(Array("idNumber,settledOn,selfPaid\n\(Self.good),2026-03-01,5\n\"\(Self.good),2026-03-01,5\n".utf8))
        }
    }

    @Test("JSON Lines: numbers and nulls as values, a bad line refused alone, the last line without a line break")
    func jsonLines() throws {
        let text = """
            {"idNumber":"\(Self.good)","settledOn":"2026-03-01","selfPaid":1234.5,"hospital":null}\r
            not json

            {"身份证号":"\(Self.bad)","结算日期":"2026-03-01","个人自付金额":3,"姓名":"王五"}
            {"idNumber":"\(Self.good)","settledOn":"2026-03-01","selfPaid":[1]}
            """
        for size in [1, 4096] {
            let outcomes = try read(Array(text.utf8), format: .jsonLines, chunk: size).outcomes
            #expect(outcomes.map(\.row) == [1, 2, 4, 5])
            guard case .accepted(_, let first) = outcomes[0], case .refused(_, let notJSON) = outcomes[1],
                case .refused(_, let badID) = outcomes[2], case .refused(_, let array) = outcomes[3]
            else {
                Issue.record("unexpected outcomes \(outcomes)")
                return
            }
            #expect(first.fen("selfPaid") == 123_450 && first.text("hospital") == nil)
            #expect(notJSON.map(\.code) == ["invalid_json"] && array.map(\.code) == ["invalid_json"])
            #expect(badID.map(\.value) == ["110105********0021"])
        }
    }

    @Test("JSON Lines: a field given by its name and its Chinese label in one line takes the name's value in either order, unless it is blank")
    func jsonNameOverLabel() throws {
        let text = """
            {"结算日期":"2026-01-01","settledOn":"2026-03-01","idNumber":"\(Self.good)","selfPaid":1}
            {"settledOn":"2026-03-01","结算日期":"2026-01-01","idNumber":"\(Self.good)","selfPaid":1}
            {"settledOn":"","结算日期":"2026-01-01","idNumber":"\(Self.good)","selfPaid":1}

            """
        let outcomes = try read(Array(text.utf8), format: .jsonLines, chunk: 4096).outcomes
        let dates = outcomes.map { outcome -> CalendarDate? in
            guard case .accepted(_, let record) = outcome else { return nil }
            return record.date("settledOn")
        }
        let march = CalendarDate(year: 2026, month: 3, day: 1)
        #expect(dates == [march, march, CalendarDate(year: 2026, month: 1, day: 1)])
    }

    @Test("the tally counts every row and keeps only the first problems")
    func tally() throws {
        let rows = (0..<50).map { "\($0 % 2 == 0 ? Self.good : Self.bad),2026-03-01,x\n" }.joined()
        let outcomes = try read(Array(("idNumber,settledOn,selfPaid\n" + rows).utf8)).outcomes
        var tally = FeedBatchTally(problemLimit: 30)
        tally.add(Array(outcomes.prefix(20)))
        tally.add(Array(outcomes.dropFirst(20)))
        #expect(tally.rows == 50 && tally.accepted == 0 && tally.refused == 50)
        #expect(tally.problems.count == 30 && tally.problems.map(\.row) == (2...26).flatMap { $0 % 2 == 0 ? [$0] : [$0, $0] }.prefix(30).map { $0 })
    }

    /// `text` in GB 18030.
    static func gb18030(_ text: String) throws -> [UInt8] {
        guard let bytes = FeedEncoding.gb18030.bytes(of: text) else { throw TestError() }
        return bytes
    }

    struct TestError: Error {}
}
