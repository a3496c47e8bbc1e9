import Foundation
import PostgresClient
import SafetyNetKernel

/// How many alerts were raised (or raised to a level) at each level.
public struct AlertLevelCounts: Sendable, Codable, Hashable {
    public var red: Int
    public var yellow: Int
    public var blue: Int

    /// No alerts.
    public static let none = AlertLevelCounts(red: 0, yellow: 0, blue: 0)

    static func + (lhs: AlertLevelCounts, rhs: AlertLevelCounts) -> AlertLevelCounts {
        AlertLevelCounts(red: lhs.red + rhs.red, yellow: lhs.yellow + rhs.yellow, blue: lhs.blue + rhs.blue)
    }
}

/// Runs the alert rules over a batch in the transaction that finishes it, so a batch is never
/// done without its alerts, under the district settings in force.
struct AlertRaiser {
    let catalog: AssistanceCatalog
    let calendar: CalendarBook

    /// Raises what the rules reading `feed` find in `batch` and keeps the counts by level with the batch.
    func raise(batch: UUID, feed: FeedID, sender: UUID, now: Date, on connection: PostgresConnection) throws {
        // A large batch's rows are sorted and grouped in memory, not in temporary files.
        try connection.useLargeWorkMemory()
        let settings = try Self.settings(of: catalog, on: connection)
        var counts = AlertLevelCounts.none
        let verification = AlertLimit.verification(from: now, settings: settings.values, calendar: calendar.current)
        // The rules' chain steps are pushed together once all ran, thousands at once, not one by
        // one at commit; and only then, so the event heads are locked as late as before.
        try connection.query("CREATE TEMP TABLE IF NOT EXISTS alert_step_event (body jsonb NOT NULL) ON COMMIT DROP")
        try Self.eventsByStatement(true, on: connection)
        for rule in catalog.alertRules(reading: feed) {
            let query = AlertRuleQuery(rule: rule, settings: settings, today: WorkingCalendar.day(of: now))
            let row = try connection.query(query.statement(batch: batch, sender: sender, now: now, verification: verification))[0]
            counts = counts + AlertLevelCounts(red: try row.decode("red"), yellow: try row.decode("yellow"), blue: try row.decode("blue"))
        }
        try Self.eventsByStatement(false, on: connection)
        try connection.query(
            """
            WITH taken AS (DELETE FROM alert_step_event RETURNING body)
            SELECT publish_events(array_agg(body ORDER BY body->>'gridCode')) FROM taken
            """)
        try connection.query(
            """
            UPDATE feed_batch SET alerts_red = \(counts.red), alerts_yellow = \(counts.yellow), alerts_blue = \(counts.blue)
            WHERE id = \(batch)
            """)
    }

    /// Turns on (or back off) for the rest of the transaction the publishing of chain steps by the
    /// raiser instead of by the row trigger at commit.
    private static func eventsByStatement(_ on: Bool, on connection: PostgresConnection) throws {
        try connection.query("SELECT set_config('safetynet.events_by_statement', \(on ? "on" : "off"), true)")
    }

    /// The settings in force: the board's, or the stored ones when the server started with the
    /// database down and has not read them yet.
    static func settings(of catalog: AssistanceCatalog, on connection: PostgresConnection) throws -> DistrictSettings {
        let settings = catalog.settingsBoard.current
        guard settings.version == 0 else { return settings }
        let stored = try SettingsStore.latest(on: connection, known: catalog)
        catalog.settingsBoard.install(stored)
        return stored
    }
}
