import Foundation
import SafetyNetKernel

/// 工作日历: the years the working calendar holds, one year's months with its holidays (休) and
/// weekend working days (班), and for the admin the form that loads or corrects the year, which
/// every working-day limit counts on.
public struct CalendarPage: ConsolePage {
    public static let template = "calendar"

    /// The edit form as it was sent, to show again with what was wrong with it.
    public struct SentSchedule: Sendable {
        let holidays: String
        let workingDays: String
        let published: Bool
        let note: String
        let problem: String

        /// The form as typed, refused for `problem`.
        public init(holidays: String, workingDays: String, published: Bool, note: String, problem: String) {
            self.holidays = holidays
            self.workingDays = workingDays
            self.published = published
            self.note = note
            self.problem = problem
        }
    }

    struct YearLink: Sendable {
        let year: Int
        let href: String
        let state: String
        let current: Bool
    }

    struct Day: Sendable {
        let number: String
        let kind: String
        let label: String?
    }

    struct Week: Sendable {
        let days: [Day]
    }

    struct Month: Sendable {
        let name: String
        let weeks: [Week]
        let workingDays: Int
    }

    let frame: PageFrame
    let years: [YearLink]
    /// The reminder that next year's schedule is missing (not `notice`, which the frame's lookup would find).
    let missingSchedule: String?
    let year: Int
    let published: Bool
    let state: String
    let months: [Month]
    let workingDays: Int
    let canEdit: Bool
    let holidays: String
    let weekendWork: String
    let note: String
    let problem: String?

    /// The page of `year` in `calendar`, with the `loaded` years; `canEdit` shows the form, filled as `sent` after a refusal.
    public init(
        frame: PageFrame, year: Int, calendar: WorkingCalendar, loaded: [(year: Int, published: Bool)], today: CalendarDate, canEdit: Bool,
        sent: SentSchedule? = nil
    ) {
        self.frame = frame
        let shown = Set(loaded.map(\.year)).union([year, today.year, today.year + 1]).sorted()
        let published = Dictionary(loaded.map { ($0.year, $0.published) }, uniquingKeysWith: { _, last in last })
        years = shown.map { number in
            YearLink(
                year: number, href: "/admin/calendar?year=\(number)", state: Self.state(published[number]), current: number == year)
        }
        let next = today.year + 1
        missingSchedule =
            today.month >= 11 && published[next] != true
            ? "\(next)年法定节假日安排尚未发布：跨入\(next)年的工作日时限暂按周一至周五计算，标为暂定；国务院公布后请在此导入。" : nil
        self.year = year
        // A year not loaded yet is most often loaded from the State Council's published notice.
        self.published = sent?.published ?? published[year] ?? true
        state = Self.state(published[year])
        let schedule = StatutoryHolidays.Year(year, in: calendar)
        months = (1...12).map { Self.month($0, of: year, calendar: calendar, today: today) }
        workingDays = months.reduce(0) { $0 + $1.workingDays }
        self.canEdit = canEdit
        holidays = sent?.holidays ?? schedule.holidays.map(\.description).joined(separator: "\n")
        weekendWork = sent?.workingDays ?? schedule.workingDays.map(\.description).joined(separator: "\n")
        note = sent?.note ?? ""
        problem = sent?.problem
    }

    private static func state(_ published: Bool?) -> String {
        switch published {
        case true: "已发布"
        case false: "草案"
        case nil: "未导入（按周一至周五计）"
        }
    }

    private static func month(_ month: Int, of year: Int, calendar: WorkingCalendar, today: CalendarDate) -> Month {
        guard let first = CalendarDate(year: year, month: month, day: 1) else { return Month(name: "\(month)月", weeks: [], workingDays: 0) }
        let days = (0..<(first.lastOfMonth.day)).map { first.adding(days: $0) }
        let blanks = Array(repeating: Day(number: "", kind: "blank", label: nil), count: first.weekday - 1)
        let cells = blanks + days.map { day in Self.day(day, calendar: calendar, today: today) }
        let padded = cells + Array(repeating: Day(number: "", kind: "blank", label: nil), count: (7 - cells.count % 7) % 7)
        let weeks = stride(from: 0, to: padded.count, by: 7).map { Week(days: Array(padded[$0..<$0 + 7])) }
        return Month(name: "\(month)月", weeks: weeks, workingDays: days.count { calendar.isWorkingDay($0) })
    }

    private static func day(_ day: CalendarDate, calendar: WorkingCalendar, today: CalendarDate) -> Day {
        let weekend = day.weekday >= 6
        let (kind, label): (String, String?) =
            if calendar.holidays.contains(day) {
                ("holiday", "休")
            } else if weekend {
                calendar.isWorkingDay(day) ? ("work", "班") : ("weekend", nil)
            } else {
                ("weekday", nil)
            }
        return Day(number: "\(day.day)", kind: day == today ? kind + " today" : kind, label: label)
    }
}
