import Foundation
import SafetyNetKernel

/// Dates, times and amounts as Chinese officials write them, in China Standard Time:
/// 2026年12月1日, 2026年12月1日 14:05, ¥1,234.56.
public enum ChineseFormat {
    /// `day` as `2026年12月1日`.
    public static func date(_ day: CalendarDate) -> String {
        "\(day.year)年\(day.month)月\(day.day)日"
    }

    /// The day of `instant` in China, as `2026年12月1日`.
    public static func date(_ instant: Date) -> String {
        date(WorkingCalendar.day(of: instant))
    }

    /// `instant` in China to the minute, as `2026年12月1日 14:05`.
    public static func dateTime(_ instant: Date) -> String {
        let (day, clock) = dayAndClock(instant)
        return date(day) + " " + clock
    }

    /// A time limit's due time in China: a limit due at midnight ends the day before, `2026年12月8日 24:00`;
    /// others as `dateTime`.
    public static func deadline(_ due: Date) -> String {
        let (day, clock) = dayAndClock(due)
        return clock == "00:00" ? date(day.adding(days: -1)) + " 24:00" : date(day) + " " + clock
    }

    /// `instant` in China as an HTML `datetime-local` value, `2026-12-01T14:05`.
    public static func localInput(_ instant: Date) -> String {
        let (day, clock) = dayAndClock(instant)
        return "\(day)T" + clock
    }

    /// The day of `instant` in China and its time of day to the minute, `14:05`.
    private static func dayAndClock(_ instant: Date) -> (CalendarDate, String) {
        let day = WorkingCalendar.day(of: instant)
        let minutes = Int(instant.timeIntervalSince(WorkingCalendar.startOfDay(day))) / 60
        return (day, twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60))
    }

    /// The instant a `datetime-local` value (`2026-12-01T14:05`) names in China, or nil when it is no such value.
    public static func instant(localInput text: String) -> Date? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])) else { return nil }
        let clock = parts[1].split(separator: ":")
        guard clock.count >= 2, let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return WorkingCalendar.startOfDay(day).addingTimeInterval(TimeInterval(hour * 3_600 + minute * 60))
    }

    /// `fen` as yuan with two decimals and thousands separated: `¥1,234.56`, `-¥0.50`.
    public static func yuan(fen: Int) -> String {
        let sign = fen < 0 ? "-" : ""
        let whole = String(fen.magnitude / 100)
        var grouped = ""
        for (index, digit) in whole.enumerated() {
            if index > 0 && (whole.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return "\(sign)¥\(grouped).\(twoDigits(Int(fen.magnitude % 100)))"
    }

    /// `fen` as a form's amount field holds it, in yuan without separators: `1234.56`.
    public static func yuanInput(fen: Int) -> String {
        "\(fen < 0 ? "-" : "")\(fen.magnitude / 100).\(twoDigits(Int(fen.magnitude % 100)))"
    }

    /// The fen an amount typed in yuan names (`1234`, `1,234.5`, `¥1234.56`), or nil when it is not
    /// a non-negative amount with at most two decimals. Commas group thousands only: `12,5` is no amount.
    public static func fen(yuanInput text: String) -> Int? {
        var plain = Substring(text.trimmingCharacters(in: .whitespaces))
        if let sign = plain.first, sign == "¥" || sign == "￥" { plain = plain.dropFirst() }
        let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let lead = groups.first, (1...3).contains(lead.count) || groups.count == 1,
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        let whole = groups.joined()
        let decimals = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 12, isDigits(Substring(whole)), decimals.count <= 2, isDigits(decimals),
            parts.count == 1 || !decimals.isEmpty,
            let yuan = Int(whole), let cents = Int(decimals.padding(toLength: 2, withPad: "0", startingAt: 0))
        else { return nil }
        return yuan * 100 + cents
    }

    /// `day`'s month as an HTML `month` value, `2026-12`.
    public static func monthInput(_ day: CalendarDate) -> String {
        String(day.description.prefix(7))
    }

    /// The first day of the month an HTML `month` value (`2026-12`) names, or nil when it is no such value.
    public static func month(input text: String) -> CalendarDate? {
        CalendarDate(iso: text + "-01")
    }

    /// When `due` falls, from `now`, the way a list of work says it: 逾期3天, 逾期5小时, 还剩40分钟,
    /// 还剩3小时, 今天到期, 明天到期, 12月5日到期 (days in China). Hours count when they matter:
    /// passed today, or less than half a day left (urgent relief runs in hours).
    public static func due(_ due: Date, now: Date) -> String {
        // The last day still in time: a limit due at midnight is the day before's.
        let lastDay = WorkingCalendar.day(of: due.addingTimeInterval(-1))
        let days = lastDay.daysSinceEpoch - WorkingCalendar.day(of: now).daysSinceEpoch
        let minutes = Int((due.timeIntervalSince(now) / 60).rounded(.down))
        switch (days, minutes) {
        case (_, -59..<0): return "逾期\(-minutes)分钟"
        case (_, -1_439..<0): return "逾期\(-minutes / 60)小时"
        case (..<0, _), (_, ..<0): return "逾期\(max(1, -days))天"
        case (_, 0): return "还剩不足1分钟"
        case (_, ..<60): return "还剩\(minutes)分钟"
        case (_, ..<720): return "还剩\(minutes / 60)小时"
        case (0, _): return "今天到期"
        case (1, _): return "明天到期"
        default: return "\(lastDay.month)月\(lastDay.day)日到期"
        }
    }

    private static func isDigits(_ text: Substring) -> Bool {
        text.allSatisfy { $0.isASCII && $0.isWholeNumber }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
