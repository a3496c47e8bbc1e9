import SafetyNetKernel
import Testing

@Suite("Feed fields as department exports write them")
struct FeedFieldTests {
    let today = CalendarDate(year: 2026, month: 12, day: 1)!

    func read(_ kind: FeedFieldKind, _ text: String, required: Bool = true) throws(FieldError) -> FeedValue? {
        try FeedField("value", "值", kind, required: required).read(text, today: today)
    }

    @Test(
        "days in the forms exports use, and no others",
        arguments: [
            "2026-03-01", "2026/3/1", "2026-3-1", "2026.3.1", "20260301", "2026年3月1日", " 2026/03/01 ", "2026/3/1 0:00",
            "2026-03-01 00:00:00", "2026-03-01T08:30:00.123", "2026年03月01日 08:30", "\u{3000}2026年3月1日\u{3000}",
        ])
    func dates(text: String) throws {
        #expect(try read(.date, text) == .date(CalendarDate(year: 2026, month: 3, day: 1)!))
    }

    @Test(
        "impossible or ambiguous days are refused",
        arguments: [
            "2026-02-30", "2026/13/1", "26-3-1", "2026-3-1x", "2026年3月1", "202603011", "3/1/2026", "2026/03-01", "2026-3-1日",
            "2026月3年1日", "2026-03-01 25:00", "2026-03-01 noon", "2026-03-01 8:5", "2026-03-01 08:30:61", "2026年3年1日", "2026年3月1日日",
            "2026-03-01 08:30:00.", "2026-03-01 08:30:00:00", "2026-03-01 8", "２０２６-03-01",
        ])
    func badDates(text: String) {
        let message = "value (值) is a date such as 2026-03-01, 2026/3/1, 20260301 or 2026年3月1日"
        #expect(throws: FieldError(field: "value", code: "invalid_date", message: message)) {
            try read(.date, text)
        }
    }

    @Test("amounts in yuan become exact fen")
    func amounts() throws {
        let cases: [(String, Int)] = [
            ("0", 0), ("12", 1_200), ("12.3", 1_230), ("12.34", 1_234), ("1,234.50", 123_450), ("1,234,567", 123_456_700),
            ("1000000000", 100_000_000_000),
        ]
        for (text, fen) in cases { #expect(try read(.amount, text) == .fen(fen), "\(text)") }
    }

    @Test(
        "amounts with a third decimal, bad grouping, a sign or a currency sign are refused",
        arguments: [
            "12.345", "1,23", ",123", "12.", "-5", "¥12", "1e3", "1000000000.01", "9999999999999", "1.2.3", "10000000000000000000",
            "1,000,000,000,000,000,000,000",
        ])
    func badAmounts(text: String) {
        #expect(throws: FieldError.self) { try read(.amount, text) }
    }

    @Test("text is trimmed of spaces at either end, Chinese and ideographic ones too, and kept whole inside")
    func trimming() throws {
        let text = FeedFieldKind.text(maximum: 20)
        #expect(try read(text, "市第一人民医院") == .text("市第一人民医院"))
        #expect(try read(text, " 市第一人民医院\t") == .text("市第一人民医院"))
        #expect(try read(text, "\u{3000}张 三\u{3000}") == .text("张 三"))
        #expect(try read(text, "\u{A0}Zhang San\u{2003}") == .text("Zhang San"))
        #expect(try read(text, "ab \u{301}") == .text("ab"))  // a space carrying an accent is one space
        #expect(try read(text, "\u{3000}", required: false) == nil)
    }

    @Test("blank is no value: refused when required, absent when optional")
    func blanks() throws {
        #expect(throws: FieldError.self) { try read(.amount, "  ") }
        #expect(try read(.amount, " ", required: false) == nil)
    }

    @Test("a choice by its code or its Chinese label is kept as the code")
    func choices() throws {
        let stage = FeedFieldKind.choice(of: SchoolStage.self, label: \.chineseName)
        #expect(try read(stage, "初中") == .choice("junior_secondary"))
        #expect(try read(stage, "junior_secondary") == .choice("junior_secondary"))
        #expect(throws: FieldError.self) { try read(stage, "大学本科") }
    }

    @Test("ID numbers are checked in full, and never quoted in the problem")
    func idNumbers() throws {
        #expect(try read(.idNumber, "11010519491231002x") == .idNumber(try ResidentIDNumber("11010519491231002X")))
        let problem = #expect(throws: FieldError.self) { try read(.idNumber, "110105194912310021") }
        #expect(problem?.code == "invalid_id_number" && problem?.message.contains("110105") == false)
        // Born after today: refused, and the message does not give away the digits the mask hides.
        let unborn = #expect(throws: FieldError.self) { try read(.idNumber, "110105202701010011") }
        #expect(unborn?.message.contains("2027") == false)
    }

    @Test("a row is read whole: every failing field is named at once")
    func row() throws {
        let feed = FeedDefinition(
            id: FeedID(rawValue: "medical-aid.test")!, chineseName: "测试", meaning: "test", subject: .person, identityField: "idNumber",
            fields: [
                FeedField("idNumber", "身份证号", .idNumber), FeedField("on", "日期", .date), FeedField("paid", "金额", .amount),
                FeedField("note", "备注", .text(maximum: 4), required: false),
            ])
        let record = try feed.record(fromFieldTexts: ["11010519491231002X", "20260301", "3.5"], today: today).get()
        #expect(record.fen("paid") == 350 && record.date("on") == CalendarDate(year: 2026, month: 3, day: 1) && record.text("note") == nil)
        let refused = feed.record(fromFieldTexts: ["x", "", "3.555", "五个汉字啊"], today: today)
        guard case .failure(let refusal) = refused else {
            Issue.record("a bad row was taken")
            return
        }
        #expect(refusal.problems.map(\.field) == ["idNumber", "on", "paid", "note"])
        #expect(refusal.problems.map(\.code) == ["invalid_id_number", "required", "invalid_amount", "too_long"])
        // The limit counts Unicode scalars, as the registry's text does: a letter carrying a
        // thousand combining marks is one character on screen and still too long to store.
        let piled = feed.record(
            fromFieldTexts: ["11010519491231002X", "20260301", "3.5", "a" + String(repeating: "\u{301}", count: 1_000)], today: today)
        guard case .failure(let marks) = piled else {
            Issue.record("a note of 1,001 scalars was taken")
            return
        }
        #expect(marks.problems.map(\.code) == ["too_long"])

        // Fields past the end of the texts are blank: the optional note is absent, a required amount is named.
        #expect(try feed.record(fromFieldTexts: ["11010519491231002X", "20260301", "3.5", ""], today: today).get() == record)
        guard case .failure(let short) = feed.record(fromFieldTexts: ["11010519491231002X", "20260301"], today: today) else {
            Issue.record("a row without its amount was taken")
            return
        }
        #expect(short.problems.map(\.field) == ["paid"] && short.problems.map(\.code) == ["required"])
    }
}
