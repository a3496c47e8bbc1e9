import Foundation
import SafetyNetKernel
import Testing

@Suite("Calendar days")
struct CalendarDateTests {
    @Test("days since the epoch round-trip across centuries and leap days")
    func epochRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.adding(days: -1) == CalendarDate(year: 2000, month: 2, day: 29))
        #expect(CalendarDate(year: 2100, month: 2, day: 29) == nil)
    }

    @Test("weekdays are ISO: Monday 1 … Sunday 7")
    func weekdays() {
        #expect(CalendarDate(year: 2025, month: 1, day: 1)!.weekday == 3)  // a Wednesday
        #expect(CalendarDate(year: 2025, month: 1, day: 26)!.weekday == 7)  // a Sunday, worked before the Spring Festival
        #expect(CalendarDate(year: 1969, month: 12, day: 29)!.weekday == 1)
    }

    @Test("ISO text parses strictly and ages count whole years")
    func isoAndAges() {
        #expect(CalendarDate(iso: "2025-10-01")?.description == "2025-10-01")
        #expect(CalendarDate(iso: "2025-1-01") == nil)
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2025-1a-01") == nil && CalendarDate(iso: "2025-10-01".dropFirst(0)) != nil)
        #expect(CalendarDate(year: 999, month: 1, day: 5)?.description == "0999-01-05")
        #expect(CalendarDate.distantFuture.description == "9999-12-31")
        #expect(CalendarDate.distantFuture.adding(days: 1).description == "10000-01-01")
        let birth = CalendarDate(year: 1990, month: 6, day: 15)!
        #expect(birth.wholeYears(until: CalendarDate(year: 2025, month: 6, day: 14)!) == 34)
        #expect(birth.wholeYears(until: CalendarDate(year: 2025, month: 6, day: 15)!) == 35)
    }
}

@Suite("Visit policy")
struct VisitPolicyTests {
    @Test("intervals parse from text, default where left out, and stay within a month")
    func parsing() throws {
        let policy = try VisitPolicy(parsing: "red=3, yellow=10")
        #expect(policy.intervalDays == [.red: 3, .yellow: 10, .blue: 30, .green: 30])
        #expect(throws: FieldError.self) { try VisitPolicy(parsing: "red=45") }
        #expect(throws: FieldError.self) { try VisitPolicy(parsing: "purple=3") }
        let start = Date(timeIntervalSince1970: 0)
        #expect(policy.nextVisitDue(risk: .red, lastVisit: nil, monitoredSince: start) == Date(timeIntervalSince1970: 3 * 86_400))
        #expect(
            policy.nextVisitDue(risk: .blue, lastVisit: start.addingTimeInterval(86_400), monitoredSince: start)
                == Date(timeIntervalSince1970: 31 * 86_400))
    }
}
