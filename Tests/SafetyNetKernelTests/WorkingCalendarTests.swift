import Foundation
import SafetyNetKernel
import Testing

/// The State Council's 2025 schedule (国办发明电〔2024〕12号): holidays and adjusted working days.
let calendar2025: WorkingCalendar = {
    func days(_ ranges: [(Int, Int, Int, Int)]) -> Set<CalendarDate> {
        var set = Set<CalendarDate>()
        for (month, first, lastMonth, last) in ranges {
            var day = CalendarDate(year: 2025, month: month, day: first)!
            let end = CalendarDate(year: 2025, month: lastMonth, day: last)!
            while day <= end {
                set.insert(day)
                day = day.adding(days: 1)
            }
        }
        return set
    }
    let holidays = days([(1, 1, 1, 1), (1, 28, 2, 4), (4, 4, 4, 6), (5, 1, 5, 5), (5, 31, 6, 2), (10, 1, 10, 8)])
    let worked = days([(1, 26, 1, 26), (2, 8, 2, 8), (4, 27, 4, 27), (9, 28, 9, 28), (10, 11, 10, 11)])
    return try! WorkingCalendar(holidays: holidays, adjustedWorkingDays: worked)
}()

@Suite("Working-day calendar")
struct WorkingCalendarTests {
    func day(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: 2025, month: month, day: day)! }

    @Test("2025: holidays are off, adjusted weekends are worked, other days follow the week")
    func dayKinds() {
        #expect(!calendar2025.isWorkingDay(day(1, 1)))
        #expect(calendar2025.isWorkingDay(day(1, 26)))  // Sunday worked before the Spring Festival
        #expect(!calendar2025.isWorkingDay(day(1, 28)))
        #expect(!calendar2025.isWorkingDay(day(2, 3)))  // a Monday inside the festival
        #expect(calendar2025.isWorkingDay(day(2, 8)))  // Saturday worked after it
        #expect(!calendar2025.isWorkingDay(day(2, 9)))  // an ordinary Sunday
        #expect(calendar2025.isWorkingDay(day(9, 28)))
        #expect(!calendar2025.isWorkingDay(day(10, 8)))
        #expect(calendar2025.isWorkingDay(day(10, 11)))
        #expect(calendar2025.isWorkingDay(day(10, 9)))
    }

    @Test(
        "3 and 20 working days across the Spring Festival",
        arguments: [
            // (start, working days, due day)
            ((1, 24), 3, (2, 5)),  // Fri → Sun 26th (worked) 1, Mon 27th 2, festival, Wed 5 Feb 3
            ((1, 27), 1, (2, 5)),
            ((1, 27), 3, (2, 7)),
            ((1, 27), 4, (2, 8)),  // the adjusted Saturday counts
            ((1, 20), 20, (2, 21)),
        ])
    func springFestival(start: (Int, Int), count: Int, due: (Int, Int)) {
        #expect(calendar2025.addingWorkingDays(count, to: day(start.0, start.1)) == day(due.0, due.1))
    }

    @Test("5 working days across National Day")
    func nationalDay() {
        // Accepted Fri 26 Sep: Sun 28 (worked) 1, Mon 29 2, Tue 30 3, holiday to 8 Oct, Thu 9 4, Fri 10 5.
        #expect(calendar2025.addingWorkingDays(5, to: day(9, 26)) == day(10, 10))
        // Accepted during the holiday: counting starts on Thu 9 Oct; Sat 11 is worked.
        #expect(calendar2025.addingWorkingDays(3, to: day(10, 3)) == day(10, 11))
        #expect(calendar2025.workingDays(after: day(9, 26), through: day(10, 10)) == 5)
    }

    @Test("limits end at midnight China time after the last working day; hour limits ignore the calendar")
    func dueInstants() {
        // Accepted 2025-01-27 10:00 in Beijing (02:00 UTC); 3 working days → due end of 7 Feb, Beijing.
        let accepted = Date(timeIntervalSince1970: 1_737_943_200)
        let due = TimeLimit.workingDays(3).due(from: accepted, calendar: calendar2025)
        #expect(due == WorkingCalendar.startOfDay(day(2, 8)))
        #expect(WorkingCalendar.day(of: due.addingTimeInterval(-1)) == day(2, 7))
        // Emergency and critical paths: straight hours, even over the festival.
        #expect(TimeLimit.hours(24).due(from: accepted, calendar: calendar2025) == accepted.addingTimeInterval(86_400))
        #expect(TimeLimit.hours(2).due(from: accepted, calendar: calendar2025) == accepted.addingTimeInterval(7_200))
    }

    @Test("an instant late in the UTC day is the next day in Beijing")
    func chinaDayBoundary() {
        let utcLateEvening = Date(timeIntervalSince1970: 1_735_689_600 + 17 * 3_600)  // 2025-01-01 17:00 UTC
        #expect(WorkingCalendar.day(of: utcLateEvening) == day(1, 2))
    }

    @Test("a day listed as both holiday and working day is refused")
    func conflict() {
        let error = #expect(throws: WorkingCalendar.ConflictError.self) {
            try WorkingCalendar(holidays: [day(1, 1)], adjustedWorkingDays: [day(1, 1)])
        }
        #expect(error?.day == day(1, 1))
    }
}
