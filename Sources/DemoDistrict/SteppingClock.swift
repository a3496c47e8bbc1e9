import Foundation
import SafetyNetKernel
import Synchronization

/// A clock the demo caseload moves forward step by step, so a case filed in March is accepted,
/// decided and paid on March's working days and its limits fall where the calendar puts them.
final class SteppingClock: WallClock {
    private let instant: Mutex<Date>
    /// The real now: a step that would land after it is not taken (the case is still in progress).
    let end: Date

    init(start: Date, end: Date) {
        instant = Mutex(start)
        self.end = end
    }

    func now() -> Date { instant.withLock { $0 } }

    /// Moves on to `day` of next month (China Standard Time), 10 o'clock; false when that is after the real now.
    func advanceToNextMonth(day: Int) -> Bool {
        let today = WorkingCalendar.day(of: now())
        let next = CalendarDate(year: today.month == 12 ? today.year + 1 : today.year, month: today.month % 12 + 1, day: day)!
        let target = WorkingCalendar.startOfDay(next).addingTimeInterval(10 * 3_600)
        return advance(hours: target.timeIntervalSince(now()) / 3_600)
    }

    /// Moves on by `hours`; false (and no move) when that would pass the real now.
    func advance(hours: Double) -> Bool {
        instant.withLock { current in
            let next = current.addingTimeInterval(hours * 3_600)
            guard next < end else { return false }
            current = next
            return true
        }
    }
}
