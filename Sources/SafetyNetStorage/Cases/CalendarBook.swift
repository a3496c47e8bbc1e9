import Foundation
import PostgresClient
import SafetyNetKernel
import Synchronization

/// The working calendar in force, loaded from `calendar_day` and `calendar_year` and shared by
/// everything that computes a time limit. The shipped State Council schedules are installed,
/// published, for years the admin has not loaded.
public final class CalendarBook: Sendable {
    private let calendar: Mutex<WorkingCalendar>

    private init(_ calendar: WorkingCalendar) { self.calendar = Mutex(calendar) }

    /// A book holding `calendar`, for tools and tests that need no database.
    public static func fixed(_ calendar: WorkingCalendar) -> CalendarBook { CalendarBook(calendar) }

    /// Installs the shipped years missing from the database, then loads the calendar.
    public static func load(from pool: ConnectionPool) async throws -> CalendarBook {
        let book = CalendarBook(.weekdaysOnly)
        try await pool.transaction { connection in
            for year in StatutoryHolidays.all {
                let days = year.holidays.map { ($0, "holiday") } + year.workingDays.map { ($0, "working") }
                let installed =
                    try connection.query(
                        """
                        INSERT INTO calendar_year (year, published, note) VALUES (\(year.year), true, 'State Council schedule (shipped)')
                        ON CONFLICT DO NOTHING
                        """
                    ).affectedRows == 1
                guard installed else { continue }
                try connection.query(
                    """
                    INSERT INTO calendar_day (day, kind, note)
                    SELECT d::date, k,
                           'State Council schedule (shipped)' FROM unnest(\(days.map(\.0.description))::text[], \(days.map(\.1))::text[]) AS t(d, k)
                    """)
            }
        }
        try await book.reload(from: pool)
        return book
    }

    /// The calendar now.
    public var current: WorkingCalendar { calendar.withLock { $0 } }

    /// Reads `calendar_day` and `calendar_year` again, after the admin changed them.
    public func reload(from pool: ConnectionPool) async throws {
        let (days, years) = try await pool.withConnection { connection in
            (try connection.query("SELECT day, kind FROM calendar_day"), try connection.query("SELECT year FROM calendar_year WHERE published"))
        }
        var holidays = Set<CalendarDate>()
        var working = Set<CalendarDate>()
        for row in days {
            let day = try row.decode("day", as: CalendarDate.self)
            if try row.decode("kind", as: String.self) == "holiday" { holidays.insert(day) } else { working.insert(day) }
        }
        let loaded = try WorkingCalendar(
            holidays: holidays, adjustedWorkingDays: working, publishedYears: Set(try years.map { try $0.decode("year") }))
        calendar.withLock { $0 = loaded }
    }

    /// The admin's reminder from 1 November while next year's schedule is not published, else nil.
    public func missingScheduleNotice(today: CalendarDate) -> String? {
        let next = today.year + 1
        guard today.month >= 11, !current.publishedYears.contains(next) else { return nil }
        return "\(next)年法定节假日安排尚未发布：跨入\(next)年的工作日时限按周一至周五暂计，标为暂定；国务院公布后请导入(PUT /api/v1/calendar/\(next) 或 safetynet calendar load)"
    }

    /// The schema: which years are loaded and published, and each limit's working-day count and standing.
    static let publishedYears = SchemaMigration(
        version: 15, name: "published calendar years and provisional limits",
        sql: """
            CREATE TABLE calendar_year (
                year int PRIMARY KEY,
                published boolean NOT NULL,
                loaded_at timestamptz NOT NULL DEFAULT now(),
                note text
            );
            -- Years already in the calendar were shipped or loaded by the admin: published.
            INSERT INTO calendar_year (year, published, note)
            SELECT DISTINCT extract(year FROM day)::int, true, 'loaded before years had a published flag' FROM calendar_day;
            ALTER TABLE deadline ADD COLUMN working_days int CHECK (working_days >= 0);
            ALTER TABLE deadline ADD COLUMN provisional boolean NOT NULL DEFAULT false;
            """)
}
