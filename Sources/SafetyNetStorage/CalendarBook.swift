import PostgresClient
import SafetyNetKernel
import Synchronization

/// The working calendar in force, loaded from `calendar_day` and shared by everything that
/// computes a time limit. The shipped State Council schedules are installed for years the
/// admin has not loaded.
public final class CalendarBook: Sendable {
    private let calendar: Mutex<WorkingCalendar>

    private init(_ calendar: WorkingCalendar) { self.calendar = Mutex(calendar) }

    /// A book holding `calendar`, for tools and tests that need no database.
    public static func fixed(_ calendar: WorkingCalendar) -> CalendarBook { CalendarBook(calendar) }

    /// Installs the shipped years missing from the database, then loads the calendar.
    public static func load(from pool: ConnectionPool) async throws -> CalendarBook {
        let book = CalendarBook(try WorkingCalendar())
        try await pool.transaction { connection in
            for year in StatutoryHolidays.all {
                let days = year.holidays.map { ($0, "holiday") } + year.workingDays.map { ($0, "working") }
                try connection.query("""
                    INSERT INTO calendar_day (day, kind, note)
                    SELECT d::date, k, 'State Council schedule (shipped)' FROM unnest($1::text[], $2::text[]) AS t(d, k)
                    WHERE NOT EXISTS (SELECT 1 FROM calendar_day WHERE extract(year FROM day) = $3)
                    """, [days.map(\.0.description), days.map(\.1), year.year])
            }
        }
        try await book.reload(from: pool)
        return book
    }

    /// Replaces `schedule.year`'s holidays and weekend working days, audited, and reloads. Limits
    /// already running keep the due time they were given; new ones count on the new calendar.
    public func replace(_ schedule: StatutoryHolidays.Year, note: String, by actor: Principal, in pool: ConnectionPool) async throws {
        let days = schedule.holidays.map { ($0, "holiday") } + schedule.workingDays.map { ($0, "working") }
        try await pool.transaction { connection in
            try connection.query("DELETE FROM calendar_day WHERE day >= make_date($1::int, 1, 1) AND day < make_date($1::int + 1, 1, 1)", [schedule.year])
            try connection.query("""
                INSERT INTO calendar_day (day, kind, note) SELECT d::date, k, $3 FROM unnest($1::text[], $2::text[]) AS t(d, k)
                """, [days.map(\.0.description), days.map(\.1), note])
            try AuditLog.append(AuditEntry(actor: actor, source: nil, action: "calendar.replace", entity: "calendar", entityID: "\(schedule.year)",
                                           after: try PostgresJSON(encoding: schedule)), on: connection)
        }
        try await reload(from: pool)
    }

    /// The calendar now.
    public var current: WorkingCalendar { calendar.withLock { $0 } }

    /// Reads `calendar_day` again, after the admin changed it.
    public func reload(from pool: ConnectionPool) async throws {
        let rows = try await pool.query("SELECT day::text AS day, kind FROM calendar_day")
        var holidays = Set<CalendarDate>(), working = Set<CalendarDate>()
        for row in rows {
            let day = try row.decode("day", as: CalendarDate.self)
            if try row.decode("kind", as: String.self) == "holiday" { holidays.insert(day) } else { working.insert(day) }
        }
        let loaded = try WorkingCalendar(holidays: holidays, adjustedWorkingDays: working)
        calendar.withLock { $0 = loaded }
    }
}
