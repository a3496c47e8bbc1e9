import Foundation
import Hummingbird
import PostgresClient
import SafetyNetKernel
import SafetyNetStorage

/// The working calendar every limit counts on: anyone signed in reads it; the admin replaces a
/// year's holidays and weekend working days, published or as a draft, which takes effect at once
/// and moves the open limits that reach into the year.
struct CalendarController {
    let calendar: CalendarStore
    let clock: any WallClock

    struct Schedule: Codable, WireConstrained {
        let holidays: [CalendarDate]
        let workingDays: [CalendarDate]
        /// Whether this is the State Council's published schedule (the default) or a draft.
        let published: Bool?
        let note: String?

        static let fieldRules: [String: [FieldRule]] = [
            "holidays": [.maximumItems(366), .note("the days off beyond weekends, all in the year")],
            "workingDays": [.maximumItems(366), .note("weekend days worked (调休上班), all in the year")],
            "published": [.note("true (the default) for the State Council's published schedule, false for a draft")],
            "note": [.text(.brief)],
        ]
    }

    /// One year as the calendar holds it.
    struct Year: ResponseCodable {
        let year: Int
        /// Whether the year's schedule is published; when not, limits count only weekends off and are provisional.
        let published: Bool
        let holidays: [CalendarDate]
        let workingDays: [CalendarDate]
        /// After a load: the open limits whose due time or standing changed.
        var limitsRecounted: Int?

        init(_ year: Int, in calendar: WorkingCalendar, limitsRecounted: Int? = nil) {
            let schedule = StatutoryHolidays.Year(year, in: calendar)
            self.year = year
            self.published = calendar.publishedYears.contains(year)
            self.holidays = schedule.holidays
            self.workingDays = schedule.workingDays
            self.limitsRecounted = limitsRecounted
        }
    }

    /// The years loaded, and the admin's reminder when next year's schedule is missing.
    struct Overview: ResponseCodable {
        struct Entry: Codable {
            let year: Int
            let published: Bool
        }
        let years: [Entry]
        let notice: String?
    }

    func addRoutes(to routes: DocumentedRoutes) {
        let year = JSONSchema.integer(minimum: 2000, maximum: 2100)
        routes.get(
            "calendar", "The years the working calendar holds, and the admin's notice when next year's schedule is missing",
            answers: [.ok(Overview.self, "The years")], use: overview)
        routes.get(
            "calendar/{year}", "One year's holidays and weekend working days, and whether the schedule is published", pathSchema: year,
            answers: [.ok(Year.self, "The year")], refusals: [.unprocessableContent], use: read)
        routes.add(
            .put, "calendar/{year}", "Admin: load a year's schedule, published or as a draft; the open limits reaching into it are recounted",
            pathSchema: year, body: Schedule.self, answers: [.ok(Year.self, "The year as loaded")], refusals: [.forbidden], use: replace)
    }

    @Sendable func overview(_ request: Request, context: SafetyNetRequestContext) async throws -> Overview {
        _ = try context.requirePrincipal()
        let years = try await calendar.years().map { Overview.Entry(year: $0.year, published: $0.published) }
        return Overview(years: years, notice: calendar.book.missingScheduleNotice(today: WorkingCalendar.day(of: clock.now())))
    }

    @Sendable func read(_ request: Request, context: SafetyNetRequestContext) async throws -> Year {
        _ = try context.requirePrincipal()
        return Year(try year(context), in: calendar.book.current)
    }

    @Sendable func replace(_ request: Request, context: SafetyNetRequestContext) async throws -> Year {
        let principal = try context.requirePrincipal()
        try principal.require(.manageCalendar)
        let body = try await StrictJSON.decode(Schedule.self, from: request, context: context)
        let recounted = try await load(
            try year(context), holidays: body.holidays, workingDays: body.workingDays, published: body.published ?? true, note: body.note,
            by: principal)
        return Year(try year(context), in: calendar.book.current, limitsRecounted: recounted)
    }

    /// Checks and loads `year`'s schedule for `principal`, the API's and the console's path alike;
    /// how many open limits were recounted.
    func load(
        _ year: Int, holidays: [CalendarDate], workingDays: [CalendarDate], published: Bool, note: String?, by principal: Principal
    ) async throws -> Int {
        try principal.require(.manageCalendar)
        let schedule = try StatutoryHolidays.Year(checking: year, holidays: holidays, workingDays: workingDays)
        let note = try TextRule.required(note ?? "loaded by \(principal.name)", field: "note", limit: .brief)
        return try await calendar.replace(schedule, published: published, note: note, by: principal)
    }

    func year(_ context: SafetyNetRequestContext) throws -> Int {
        guard let year = Int(try context.parameters.require("year")), (2000...2100).contains(year) else {
            throw FieldError(field: "year", code: "out_of_range", message: "a year between 2000 and 2100")
        }
        return year
    }
}
