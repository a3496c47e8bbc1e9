import Foundation
import PostgresClient
import SafetyNetKernel

/// The working calendar's records: the years loaded, and the admin replacing one, which moves
/// the open limits reaching into it. Keeps ``book``, the calendar in force, current.
public struct CalendarStore: Sendable {
    let pool: ConnectionPool
    /// The calendar every limit counts on.
    public let book: CalendarBook

    /// Creates the store over `pool`, keeping `book` current.
    public init(pool: ConnectionPool, book: CalendarBook) {
        self.pool = pool
        self.book = book
    }

    /// Replaces `schedule.year`'s holidays and weekend working days, published or as a draft,
    /// audited; counts the open working-day limits reaching into the year again on the new
    /// calendar, and returns how many of them changed. `actor` nil is the command line.
    @discardableResult
    public func replace(_ schedule: StatutoryHolidays.Year, published: Bool, note: String, by actor: Principal?) async throws -> Int {
        let updated = book.current.replacing(schedule, published: published)
        let days = schedule.holidays.map { ($0, "holiday") } + schedule.workingDays.map { ($0, "working") }
        let recounted = try await pool.transaction { connection in
            try connection.query(
                "DELETE FROM calendar_day WHERE day >= make_date(\(schedule.year)::int, 1, 1) AND day < make_date(\(schedule.year)::int + 1, 1, 1)")
            try connection.query(
                """
                INSERT INTO calendar_day (day, kind, note) SELECT d::date, k,
                                                                  \(note) FROM unnest(\(days.map(\.0.description))::text[], \(days.map(\.1))::text[]) AS t(d, k)
                """)
            try connection.query(
                """
                INSERT INTO calendar_year (year, published, note) VALUES (\(schedule.year), \(published), \(note))
                ON CONFLICT (year) DO UPDATE SET published = EXCLUDED.published, note = EXCLUDED.note, loaded_at = now()
                """)
            // The deadline rows first, the audit head last, as every case step takes them.
            let recounted = try DeadlineLedger.recount(reachingInto: schedule.year, on: updated, on: connection)
            try AuditLog.append(
                AuditEntry(
                    actor: actor, source: actor == nil ? "command line" : nil, action: "calendar.replace",
                    entity: "calendar", entityID: "\(schedule.year)",
                    after: try PostgresJSON(encoding: Loaded(schedule: schedule, published: published))), on: connection)
            return recounted
        }
        try await book.reload(from: pool)
        return recounted
    }

    private struct Loaded: Encodable {
        let schedule: StatutoryHolidays.Year
        let published: Bool
    }

    /// Reads the calendar again, after another process changed it.
    public func reload() async throws {
        try await book.reload(from: pool)
    }

    /// Where the years stand: each one loaded, published or a draft.
    public func years() async throws -> [(year: Int, published: Bool)] {
        try await pool.query("SELECT year, published FROM calendar_year ORDER BY year").map { (try $0.decode("year"), try $0.decode("published")) }
    }
}
