import Foundation
import Hummingbird
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// The working calendar every limit counts on: anyone signed in reads a year; the admin
/// replaces a year's holidays and weekend working days, which takes effect at once.
struct CalendarController {
    let pool: ConnectionPool
    let calendar: CalendarBook

    struct Schedule: Codable { let holidays: [CalendarDate]; let workingDays: [CalendarDate]; let note: String? }

    func addRoutes(to group: RouterGroup<SafetyNetRequestContext>) {
        group.get("calendar/{year}", use: read)
        group.put("calendar/{year}", use: replace)
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> StatutoryHolidays.Year {
        _ = try context.requirePrincipal()
        return StatutoryHolidays.Year(try year(context), in: calendar.current)
    }

    @Sendable func replace(_ request: Request, context: SafetyNetRequestContext) async throws -> StatutoryHolidays.Year {
        let principal = try context.requirePrincipal()
        try principal.require(.manageCalendar)
        let body = try await StrictJSON.decode(Schedule.self, from: request, context: context)
        let schedule = try StatutoryHolidays.Year(checking: try year(context), holidays: body.holidays, workingDays: body.workingDays)
        let note = try TextRule.required(body.note ?? "loaded by \(principal.name)", field: "note", maximum: 200)
        try await calendar.replace(schedule, note: note, by: principal, in: pool)
        return StatutoryHolidays.Year(schedule.year, in: calendar.current)
    }

    private func year(_ context: SafetyNetRequestContext) throws -> Int {
        guard let year = Int(try context.parameters.require("year")), (2000...2100).contains(year) else {
            throw FieldError(field: "year", code: "out_of_range", message: "a year between 2000 and 2100")
        }
        return year
    }
}

extension StatutoryHolidays.Year: ResponseEncodable {}
