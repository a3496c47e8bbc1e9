import Foundation
import SafetyNetConsole
import SafetyNetKernel
import Testing

@Suite("Dates and amounts the Chinese way")
struct ChineseFormatTests {
    /// 2026-12-01 14:05 in China.
    static let afternoon = WorkingCalendar.startOfDay(CalendarDate(year: 2026, month: 12, day: 1)!).addingTimeInterval(14 * 3_600 + 5 * 60)

    @Test("amounts in yuan with two decimals and separated thousands")
    func yuan() {
        #expect(ChineseFormat.yuan(fen: 0) == "¥0.00")
        #expect(ChineseFormat.yuan(fen: 5) == "¥0.05")
        #expect(ChineseFormat.yuan(fen: 123_456) == "¥1,234.56")
        #expect(ChineseFormat.yuan(fen: 100_000_000) == "¥1,000,000.00")
        #expect(ChineseFormat.yuan(fen: -50) == "-¥0.50")
    }

    @Test("amounts typed in yuan: separators and the yuan sign allowed, at most two decimals, nothing negative")
    func yuanInput() {
        let read = ["0": 0, "12": 1_200, "12.5": 1_250, "1,234.56": 123_456, "¥3000": 300_000, " 7.05 ": 705, "１": nil]
        for (text, fen) in read { #expect(ChineseFormat.fen(yuanInput: text) == fen, "\(text)") }
        for nonsense in ["", "-1", "1.234", "1.", ".5", "1e3", "abc", "1.2.3", "9999999999999", "12,5", "1.2,3", "1,23", "1¥", ",100", "1,0000"] {
            #expect(ChineseFormat.fen(yuanInput: nonsense) == nil, "\(nonsense)")
        }
        for fen in [0, 5, 1_250, 123_456] { #expect(ChineseFormat.fen(yuanInput: ChineseFormat.yuanInput(fen: fen)) == fen) }
        #expect(ChineseFormat.month(input: "2026-12") == CalendarDate(year: 2026, month: 12, day: 1))
        #expect(ChineseFormat.monthInput(CalendarDate(year: 2026, month: 3, day: 9)!) == "2026-03")
        #expect(ChineseFormat.month(input: "2026-13") == nil && ChineseFormat.month(input: "2026-12-05") == nil)
    }

    @Test("days and times in China Standard Time, whatever the server's zone")
    func dates() {
        #expect(ChineseFormat.date(CalendarDate(year: 2026, month: 1, day: 9)!) == "2026年1月9日")
        #expect(ChineseFormat.dateTime(Self.afternoon) == "2026年12月1日 14:05")
        // 23:30 UTC is already the next morning in China.
        let lateUTC = Date(timeIntervalSince1970: 1_796_167_800)  // 2026-12-01T23:30:00Z
        #expect(ChineseFormat.date(lateUTC) == "2026年12月2日")
    }

    @Test("a datetime-local value names the same instant it was made from, and nonsense names none")
    func localInput() {
        #expect(ChineseFormat.localInput(Self.afternoon) == "2026-12-01T14:05")
        #expect(ChineseFormat.instant(localInput: "2026-12-01T14:05") == Self.afternoon)
        for nonsense in ["", "2026-12-01", "2026-13-01T10:00", "2026-12-01T25:00", "2026-12-01T10:61", "tomorrow"] {
            #expect(ChineseFormat.instant(localInput: nonsense) == nil, "\(nonsense)")
        }
    }

    @Test("when a limit falls due, counted in days in China, in hours and minutes when they matter")
    func due() {
        let now = Self.afternoon
        #expect(ChineseFormat.due(now.addingTimeInterval(-3 * 86_400), now: now) == "逾期3天")
        #expect(ChineseFormat.due(now.addingTimeInterval(3_600), now: now) == "还剩1小时")
        #expect(ChineseFormat.due(now.addingTimeInterval(40 * 60), now: now) == "还剩40分钟")
        #expect(ChineseFormat.due(now.addingTimeInterval(30), now: now) == "还剩不足1分钟")
        #expect(ChineseFormat.due(now.addingTimeInterval(-30), now: now) == "逾期1分钟", "just passed is overdue, never 还剩0分钟")
        #expect(ChineseFormat.due(now.addingTimeInterval(-5 * 3_600), now: now) == "逾期5小时", "passed today: in hours")
        #expect(ChineseFormat.due(now.addingTimeInterval(-10 * 60), now: now) == "逾期10分钟")
        let midnight = WorkingCalendar.startOfDay(CalendarDate(year: 2026, month: 12, day: 9)!)
        #expect(ChineseFormat.due(midnight, now: now) == "12月8日到期", "a working-day limit ends at midnight: the 8th is its last day")
        #expect(ChineseFormat.deadline(midnight) == "2026年12月8日 24:00")
        #expect(ChineseFormat.deadline(Self.afternoon) == "2026年12月1日 14:05")
        #expect(ChineseFormat.due(midnight.addingTimeInterval(3_600), now: midnight.addingTimeInterval(2 * 3_600)) == "逾期1小时")
        let morning = now.addingTimeInterval(-6 * 3_600)  // 08:05
        #expect(ChineseFormat.due(morning.addingTimeInterval(13 * 3_600), now: morning) == "今天到期", "21:05 the same day")
        #expect(ChineseFormat.due(now.addingTimeInterval(86_400), now: now) == "明天到期")
        #expect(ChineseFormat.due(now.addingTimeInterval(4 * 86_400), now: now) == "12月5日到期")
    }
}

@Suite("CSV files to take away")
struct CSVExportTests {
    @Test("UTF-8 with a byte order mark, CR LF lines, quoting where needed, no formulas")
    func document() {
        let bytes = CSVExport.document(header: ["姓名", "说明"], rows: [["张三", #"他说"需要帮助", 很急"#], ["=SUM(A1)", "第一行\n第二行"]])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "姓名,说明\r\n张三,\"他说\"\"需要帮助\"\", 很急\"\r\n'=SUM(A1),\"第一行\n第二行\"\r\n")
    }
}
