import Foundation

/// Which days are working days: Monday to Friday, except statutory holidays (法定节假日), plus
/// the weekend days the State Council schedule makes working days (调休上班).
///
/// The admin loads each year's schedule; a day not listed follows the weekday rule. All
/// "working day" limits are computed here, in China Standard Time (UTC+8, no daylight saving).
public struct WorkingCalendar: Sendable, Hashable {
    /// Days off that would otherwise be working days (listing weekend days too is harmless).
    public private(set) var holidays: Set<CalendarDate>
    /// Weekend days that are worked.
    public private(set) var adjustedWorkingDays: Set<CalendarDate>
    /// Years whose schedule is published (shipped, or loaded and marked published by the admin).
    /// In any other year only the weekday rule is known, so a limit reaching into it is provisional.
    public private(set) var publishedYears: Set<Int>

    /// A day that is listed both as a holiday and as a working day.
    public struct ConflictError: Error, Hashable, CustomStringConvertible {
        /// The day listed twice.
        public let day: CalendarDate
        public var description: String { "\(day) is listed both as a holiday and as a working day" }
    }

    /// Creates the calendar; the two lists must not share a day.
    public init(holidays: Set<CalendarDate> = [], adjustedWorkingDays: Set<CalendarDate> = [], publishedYears: Set<Int> = []) throws(ConflictError) {
        if let day = holidays.intersection(adjustedWorkingDays).min() { throw ConflictError(day: day) }
        self.holidays = holidays
        self.adjustedWorkingDays = adjustedWorkingDays
        self.publishedYears = publishedYears
    }

    /// Monday to Friday, no holidays, no year published.
    public static let weekdaysOnly = WorkingCalendar(uncheckedHolidays: [], adjustedWorkingDays: [], publishedYears: [])

    private init(uncheckedHolidays holidays: Set<CalendarDate>, adjustedWorkingDays: Set<CalendarDate>, publishedYears: Set<Int>) {
        self.holidays = holidays
        self.adjustedWorkingDays = adjustedWorkingDays
        self.publishedYears = publishedYears
    }

    /// The calendar with `schedule` in place of its year's days, published or not.
    public func replacing(_ schedule: StatutoryHolidays.Year, published: Bool) -> WorkingCalendar {
        var calendar = self
        calendar.holidays = holidays.filter { $0.year != schedule.year }.union(schedule.holidays)
        calendar.adjustedWorkingDays = adjustedWorkingDays.filter { $0.year != schedule.year }.union(schedule.workingDays)
        if published { calendar.publishedYears.insert(schedule.year) } else { calendar.publishedYears.remove(schedule.year) }
        return calendar
    }

    /// The years from `start` through `end` whose schedule is not published.
    public func unpublishedYears(from start: CalendarDate, through end: CalendarDate) -> [Int] {
        guard start.year <= end.year else { return [] }
        return (start.year...end.year).filter { !publishedYears.contains($0) }
    }

    /// China Standard Time, the clock every day boundary is taken in.
    public static let chinaStandardTime = TimeZone(secondsFromGMT: 8 * 3_600)!

    /// Whether `day` is a working day.
    public func isWorkingDay(_ day: CalendarDate) -> Bool {
        if adjustedWorkingDays.contains(day) { return true }
        if holidays.contains(day) { return false }
        return day.weekday <= 5
    }

    /// The `count`-th working day after `day` (the start day itself is not counted, as the law
    /// counts periods); a count below zero counts as zero.
    public func addingWorkingDays(_ count: Int, to day: CalendarDate) -> CalendarDate {
        var current = day
        var remaining = count
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Working days strictly after `start` up to and including `end` (0 when `end` is not later).
    public func workingDays(after start: CalendarDate, through end: CalendarDate) -> Int {
        guard end > start else { return 0 }
        return (1...(end.daysSinceEpoch - start.daysSinceEpoch)).count { isWorkingDay(start.adding(days: $0)) }
    }

    /// The day (in China Standard Time) an instant falls on.
    public static func day(of instant: Date) -> CalendarDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3_600
        return CalendarDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// The first instant of `day` in China Standard Time.
    public static func startOfDay(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 - 8 * 3_600))
    }
}

/// A legal time limit: a number of working days, or of hours for emergencies.
public enum TimeLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Due at the end of the `n`-th working day after the day it starts (e.g. 3 for initial investigation).
    case workingDays(Int)
    /// Due `n` hours after it starts, whatever the day (24 for emergency relief, 2 for critical cases).
    case hours(Int)

    /// When something started at `start` is due under `calendar`.
    public func due(from start: Date, calendar: WorkingCalendar) -> Date {
        switch self {
        case .hours(let hours):
            return start.addingTimeInterval(TimeInterval(hours * 3_600))
        case .workingDays(let days):
            let last = calendar.addingWorkingDays(days, to: WorkingCalendar.day(of: start))
            return WorkingCalendar.startOfDay(last.adding(days: 1))
        }
    }

    /// Whether the limit from `start` counts working days in a year whose schedule is not
    /// published, so that its due time may move when the schedule is loaded.
    public func isProvisional(from start: Date, calendar: WorkingCalendar) -> Bool {
        guard case .workingDays = self else { return false }
        let due = WorkingCalendar.day(of: due(from: start, calendar: calendar).addingTimeInterval(-1))
        return !calendar.unpublishedYears(from: WorkingCalendar.day(of: start), through: due).isEmpty
    }

    public var description: String {
        switch self {
        case .workingDays(let days): "\(days) working days"
        case .hours(let hours): "\(hours) hours"
        }
    }

    /// The limit as a Chinese notice writes it: `20个工作日`, `24小时`.
    public var chineseName: String {
        switch self {
        case .workingDays(let days): "\(days)个工作日"
        case .hours(let hours): "\(hours)小时"
        }
    }
}
