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

    /// When `due` falls, from `now`, the way a list of work says it: 逾期3天, 今天到期, 明天到期,
    /// 12月5日到期 (days in China).
    public static func due(_ due: Date, now: Date) -> String {
        let days = WorkingCalendar.day(of: due).daysSinceEpoch - WorkingCalendar.day(of: now).daysSinceEpoch
        switch days {
        case ..<0: return "逾期\(-days)天"
        case 0: return "今天到期"
        case 1: return "明天到期"
        default:
            let day = WorkingCalendar.day(of: due)
            return "\(day.month)月\(day.day)日到期"
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
