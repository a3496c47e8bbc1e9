/// The State Council's published holiday schedules (全国年节及纪念日放假安排), shipped as the
/// calendar's starting data. The admin loads later years, or corrects these, through the API.
public enum StatutoryHolidays {
    /// One year's schedule: days off and the weekend days worked in exchange (调休).
    public struct Year: Hashable, Sendable, Codable {
        /// The year.
        public let year: Int
        /// Days off.
        public let holidays: [CalendarDate]
        /// Weekend days that are working days.
        public let workingDays: [CalendarDate]
    }

    /// 2025 (国办发明电〔2024〕12号).
    public static let year2025 = Year(
        year: 2025,
        holidays: days(2025, [(1, 1, 1, 1), (1, 28, 2, 4), (4, 4, 4, 6), (5, 1, 5, 5), (5, 31, 6, 2), (10, 1, 10, 8)]),
        workingDays: days(2025, [(1, 26, 1, 26), (2, 8, 2, 8), (4, 27, 4, 27), (9, 28, 9, 28), (10, 11, 10, 11)]))

    /// 2026 (国办发明电〔2025〕7号).
    public static let year2026 = Year(
        year: 2026,
        holidays: days(2026, [(1, 1, 1, 3), (2, 15, 2, 23), (4, 4, 4, 6), (5, 1, 5, 5), (6, 19, 6, 21), (9, 25, 9, 27), (10, 1, 10, 7)]),
        workingDays: days(2026, [(1, 4, 1, 4), (2, 14, 2, 14), (2, 28, 2, 28), (5, 9, 5, 9), (9, 20, 9, 20), (10, 10, 10, 10)]))

    /// Every shipped year.
    public static let all = [year2025, year2026]

    /// A calendar holding `years`, each published.
    public static func calendar(_ years: [Year] = all) -> WorkingCalendar {
        years.reduce(WorkingCalendar.weekdaysOnly) { $0.replacing($1, published: true) }
    }

    private static func days(_ year: Int, _ ranges: [(Int, Int, Int, Int)]) -> [CalendarDate] {
        ranges.flatMap { firstMonth, firstDay, lastMonth, lastDay in
            let first = CalendarDate(year: year, month: firstMonth, day: firstDay)!
            let last = CalendarDate(year: year, month: lastMonth, day: lastDay)!
            return (0...(last.daysSinceEpoch - first.daysSinceEpoch)).map { first.adding(days: $0) }
        }
    }
}

extension StatutoryHolidays.Year {
    /// A year's schedule as an admin loads it. Every day must fall in `year`; no day may be both a
    /// holiday and a working day; the working days must be weekend days (调休), since weekdays work anyway.
    public init(checking year: Int, holidays: [CalendarDate], workingDays: [CalendarDate]) throws(FieldError) {
        guard (2000...2100).contains(year) else { throw FieldError(field: "year", code: "out_of_range", message: "a year between 2000 and 2100") }
        for (field, days) in [("holidays", holidays), ("workingDays", workingDays)] {
            if let stray = days.first(where: { $0.year != year }) {
                throw FieldError(field: field, code: "other_year", message: "\(stray) is not in \(year)")
            }
        }
        if let both = Set(holidays).intersection(workingDays).min() {
            throw FieldError(field: "workingDays", code: "conflict", message: "\(both) is listed both as a holiday and as a working day")
        }
        if let weekday = workingDays.sorted().first(where: { WorkingCalendar.weekdaysOnly.isWorkingDay($0) }) {
            throw FieldError(
                field: "workingDays", code: "not_a_weekend", message: "\(weekday) is a weekday; list only the weekend days worked in exchange")
        }
        self.init(year: year, holidays: Array(Set(holidays)).sorted(), workingDays: Array(Set(workingDays)).sorted())
    }

    /// The year's schedule as `calendar` holds it.
    public init(_ year: Int, in calendar: WorkingCalendar) {
        self.init(
            year: year, holidays: calendar.holidays.filter { $0.year == year }.sorted(),
            workingDays: calendar.adjustedWorkingDays.filter { $0.year == year }.sorted())
    }
}
